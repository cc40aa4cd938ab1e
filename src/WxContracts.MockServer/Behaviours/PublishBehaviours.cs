using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using WxContracts.MockServer.Pipeline;
using WxContracts.MockServer.State;

namespace WxContracts.MockServer.Behaviours;

/// <summary>
/// Drafts and free publishing as a sequence: draft/add keeps the articles under a new media_id; draft/get,
/// draft/update, draft/delete and draft/count work on them (40007 for an unknown media_id); freepublish/submit
/// starts a publication of a draft (40007 for an unknown draft) and freepublish/get reports it as publishing
/// (publish_status 1) and then as published (0, with article_id and one URL per article), see
/// <see cref="WxMockOptions.PublishTime"/>. An unknown publish_id answers 40035 (the docs name no code for it).
/// </summary>
internal static class PublishBehaviours
{
    public const string AddDraftPath = "/cgi-bin/draft/add";
    public const string GetDraftPath = "/cgi-bin/draft/get";
    public const string UpdateDraftPath = "/cgi-bin/draft/update";
    public const string DeleteDraftPath = "/cgi-bin/draft/delete";
    public const string CountDraftPath = "/cgi-bin/draft/count";
    public const string SubmitPath = "/cgi-bin/freepublish/submit";
    public const string StatusPath = "/cgi-bin/freepublish/get";

    private const int Publishing = 1;
    private const int Published = 0;

    public static IEnumerable<IMockBehaviour> Create(PublishBook book, ErrorReplies errors)
    {
        yield return new DelegateBehaviour(AddDraftPath, request =>
        {
            var articles = BehaviourKit.Body(request)["articles"] as JsonArray ?? new JsonArray();
            if (articles.Count is 0 or > 8)
            {
                return errors.Error(40035, request.Spec, $"{articles.Count} articles; 1 to 8 are allowed");
            }

            return BehaviourKit.Ok(new JsonObject { ["media_id"] = book.AddDraft(articles) });
        });
        yield return new DelegateBehaviour(GetDraftPath, request =>
        {
            var mediaId = MediaId(request);
            if (book.GetDraft(mediaId) is not { } articles)
            {
                return errors.Error(40007, request.Spec, $"no draft {mediaId}");
            }

            var index = 0;
            foreach (var article in articles.OfType<JsonObject>())
            {
                article["url"] = $"https://mp.weixin.qq.com/s/mock-draft-{mediaId}-{++index}";
            }

            return BehaviourKit.Ok(new JsonObject { ["news_item"] = articles });
        });
        yield return new DelegateBehaviour(UpdateDraftPath, request =>
        {
            var body = BehaviourKit.Body(request);
            var mediaId = MediaId(request);
            var index = (int)(BehaviourKit.Int64(body["index"]) ?? -1);
            if (book.GetDraft(mediaId) is null)
            {
                return errors.Error(40007, request.Spec, $"no draft {mediaId}");
            }

            return body["articles"] is JsonObject article && book.UpdateDraft(mediaId, index, article)
                ? BehaviourKit.Ok()
                : errors.Error(40035, request.Spec, $"draft {mediaId} has no article {index}");
        });
        yield return new DelegateBehaviour(DeleteDraftPath, request =>
            book.DeleteDraft(MediaId(request)) ? BehaviourKit.Ok() : errors.Error(40007, request.Spec, $"no draft {MediaId(request)}"));
        yield return new DelegateBehaviour(CountDraftPath, _ => BehaviourKit.Ok(new JsonObject { ["total_count"] = book.DraftCount }));
        yield return new DelegateBehaviour(SubmitPath, request =>
        {
            var mediaId = MediaId(request);
            return book.Submit(mediaId) is { } publication
                ? BehaviourKit.Ok(new JsonObject { ["publish_id"] = publication.PublishId, ["msg_data_id"] = publication.MsgDataId }, envelope: true)
                : errors.Error(40007, request.Spec, $"no draft {mediaId}");
        });
        yield return new DelegateBehaviour(StatusPath, request =>
        {
            var publishId = BehaviourKit.Int64(BehaviourKit.Body(request)["publish_id"]) ?? -1;
            if (book.Status(publishId) is not { } status)
            {
                return errors.Error(40035, request.Spec, $"no publication {publishId}");
            }

            var p = status.Publication;
            if (!status.Done)
            {
                return BehaviourKit.Ok(new JsonObject { ["publish_id"] = p.PublishId, ["publish_status"] = Publishing, ["fail_idx"] = new JsonArray() });
            }

            var items = p.ArticleUrls.Select((url, i) => (JsonNode)new JsonObject { ["idx"] = i + 1, ["article_url"] = url }).ToArray();
            return BehaviourKit.Ok(new JsonObject
            {
                ["publish_id"] = p.PublishId,
                ["publish_status"] = Published,
                ["article_id"] = p.ArticleId,
                ["article_detail"] = new JsonObject { ["count"] = items.Length, ["item"] = new JsonArray(items) },
                ["fail_idx"] = new JsonArray(),
            });
        });
    }

    private static string MediaId(MockRequest request) => BehaviourKit.String(BehaviourKit.Body(request)["media_id"]) ?? string.Empty;
}
