using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using WxContracts.MockServer.Pipeline;
using WxContracts.MockServer.State;

namespace WxContracts.MockServer.Behaviours;

/// <summary>
/// Temporary media: media/upload keeps the file part's bytes under a new media_id (41005 when no file part
/// arrived) and answers type, media_id and created_at; <see cref="WxMockServer.FindMedia"/> returns them. When a
/// spec for media/get is served, it answers the same bytes with the part's content type (40007 for an unknown or
/// expired media_id). There is no media/get spec yet: its response is binary, which the spec format cannot express.
/// </summary>
internal static class MediaBehaviours
{
    public const string UploadPath = "/cgi-bin/media/upload";
    public const string GetPath = "/cgi-bin/media/get";

    public static IEnumerable<IMockBehaviour> Create(MediaBook book, ErrorReplies errors)
    {
        yield return new DelegateBehaviour(UploadPath, request =>
        {
            var fileField = request.Spec.Request?.Fields.FirstOrDefault(f => f.Kind == WxContracts.Specs.Model.FieldKind.File)?.WireName ?? "media";
            if (request.Form is null || !request.Form.Files.TryGetValue(fileField, out var file))
            {
                return errors.Error(41005, request.Spec, $"the file part '{fileField}' is missing");
            }

            var media = book.Add(request.Text("type") ?? string.Empty, file.FileName, file.ContentType, file.Content);
            return BehaviourKit.Ok(new JsonObject
            {
                ["type"] = media.Type,
                ["media_id"] = media.MediaId,
                ["created_at"] = media.CreatedAt.ToUnixTimeSeconds(),
            });
        });
        yield return new DelegateBehaviour(GetPath, request =>
        {
            var mediaId = request.Text("media_id") ?? string.Empty;
            return book.Find(mediaId) is { } media
                ? MockReply.File(media.Content.ToArray(), media.ContentType, media.FileName)
                : errors.Error(40007, request.Spec, $"no media {mediaId}");
        });
    }
}
