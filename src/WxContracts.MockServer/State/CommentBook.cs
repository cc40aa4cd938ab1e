using System.Collections.Concurrent;

namespace WxContracts.MockServer.State;

/// <summary>The replies written so far, one per comment.</summary>
internal sealed class CommentBook
{
    private readonly ConcurrentDictionary<WxMockComment, string> _replies = new();

    /// <summary>Records the reply; false if the comment has one already.</summary>
    public bool TryReply(WxMockComment comment, string content) => _replies.TryAdd(comment, content);

    public bool HasReply(WxMockComment comment) => _replies.ContainsKey(comment);

    public int Count => _replies.Count;
}
