using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace WxContracts.MockServer.State;

/// <summary>Drafts (draft/add) and free-publish jobs (freepublish/submit) of the account.</summary>
internal sealed class PublishBook
{
    private readonly object _gate = new();
    private readonly Dictionary<string, JsonArray> _drafts = new(StringComparer.Ordinal);
    private readonly Dictionary<long, Publication> _publications = new();
    private readonly TimeProvider _clock;
    private readonly TimeSpan? _publishTime;
    private long _nextPublishId = 2_247_000_001;

    public PublishBook(TimeProvider clock, TimeSpan? publishTime)
    {
        _clock = clock;
        _publishTime = publishTime;
    }

    public string AddDraft(JsonArray articles)
    {
        lock (_gate)
        {
            var id = NewMediaId();
            _drafts[id] = (JsonArray)articles.DeepClone();
            return id;
        }
    }

    public JsonArray? GetDraft(string mediaId)
    {
        lock (_gate)
        {
            return _drafts.TryGetValue(mediaId, out var articles) ? (JsonArray)articles.DeepClone() : null;
        }
    }

    public bool DeleteDraft(string mediaId)
    {
        lock (_gate)
        {
            return _drafts.Remove(mediaId);
        }
    }

    /// <summary>Replaces one article; false when the draft or the index does not exist.</summary>
    public bool UpdateDraft(string mediaId, int index, JsonObject article)
    {
        lock (_gate)
        {
            if (!_drafts.TryGetValue(mediaId, out var articles) || index < 0 || index >= articles.Count)
            {
                return false;
            }

            articles[index] = article.DeepClone();
            return true;
        }
    }

    public int DraftCount
    {
        get
        {
            lock (_gate)
            {
                return _drafts.Count;
            }
        }
    }

    /// <summary>Starts publishing a draft; null when the draft does not exist.</summary>
    public Publication? Submit(string mediaId)
    {
        lock (_gate)
        {
            if (!_drafts.TryGetValue(mediaId, out var articles))
            {
                return null;
            }

            var publishId = _nextPublishId++;
            var publication = new Publication(publishId, publishId + 1_000_000, "ARTICLE_" + NewMediaId(), (JsonArray)articles.DeepClone(), _clock.GetUtcNow());
            _publications[publishId] = publication;
            return publication;
        }
    }

    /// <summary>
    /// A publication and whether it has finished: after <c>PublishTime</c> on the clock when one is set, else from
    /// the second status query on (the first one sees it publishing).
    /// </summary>
    public (Publication Publication, bool Done)? Status(long publishId)
    {
        lock (_gate)
        {
            if (!_publications.TryGetValue(publishId, out var publication))
            {
                return null;
            }

            publication.Queries++;
            var done = _publishTime is { } time ? _clock.GetUtcNow() - publication.SubmittedAt >= time : publication.Queries > 1;
            return (publication, done);
        }
    }

    private static string NewMediaId() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');

    internal sealed class Publication
    {
        public Publication(long publishId, long msgDataId, string articleId, JsonArray articles, DateTimeOffset submittedAt)
        {
            PublishId = publishId;
            MsgDataId = msgDataId;
            ArticleId = articleId;
            Articles = articles;
            SubmittedAt = submittedAt;
        }

        public long PublishId { get; }

        public long MsgDataId { get; }

        public string ArticleId { get; }

        public JsonArray Articles { get; }

        public DateTimeOffset SubmittedAt { get; }

        public int Queries { get; set; }

        public IEnumerable<string> ArticleUrls => Enumerable.Range(1, Articles.Count).Select(i => $"https://mp.weixin.qq.com/s/mock-{PublishId}-{i}");
    }
}
