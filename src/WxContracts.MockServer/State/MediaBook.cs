using System;
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace WxContracts.MockServer.State;

/// <summary>Temporary media by media_id. WeChat keeps them 3 days; so does the mock, on its clock.</summary>
internal sealed class MediaBook
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(3);

    private readonly ConcurrentDictionary<string, WxMockMedia> _media = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;

    public MediaBook(TimeProvider clock) => _clock = clock;

    public WxMockMedia Add(string type, string fileName, string contentType, byte[] content)
    {
        var id = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)).Replace('+', '-').Replace('/', '_');
        var media = new WxMockMedia(id, type, fileName, contentType, content, _clock.GetUtcNow());
        _media[id] = media;
        return media;
    }

    /// <summary>The upload, while it has not expired.</summary>
    public WxMockMedia? Find(string mediaId) =>
        _media.TryGetValue(mediaId, out var media) && _clock.GetUtcNow() - media.CreatedAt < Lifetime ? media : null;
}
