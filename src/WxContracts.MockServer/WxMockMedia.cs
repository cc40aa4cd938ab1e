using System;

namespace WxContracts.MockServer;

/// <summary>A file uploaded to the mock (media/upload), kept so that a download or a test can read the same bytes.</summary>
/// <param name="MediaId">The media_id the upload answered.</param>
/// <param name="Type">The <c>type</c> query parameter: image, voice, video or thumb.</param>
/// <param name="FileName">The file name of the part.</param>
/// <param name="ContentType">The content type of the part.</param>
/// <param name="Content">The bytes as they arrived.</param>
/// <param name="CreatedAt">When the upload arrived, on the mock's clock.</param>
public sealed record WxMockMedia(string MediaId, string Type, string FileName, string ContentType, ReadOnlyMemory<byte> Content, DateTimeOffset CreatedAt)
{
    /// <inheritdoc/>
    public override string ToString() => $"WxMockMedia({MediaId}, {Type}, {FileName}, {Content.Length} bytes)";
}
