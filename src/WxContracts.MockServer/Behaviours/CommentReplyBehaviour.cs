using WxContracts.MockServer.Pipeline;
using WxContracts.MockServer.State;

namespace WxContracts.MockServer.Behaviours;

/// <summary>
/// POST /cgi-bin/comment/reply/add: 88008 for a comment that does not exist (<see cref="WxMockOptions.CommentExists"/>),
/// 88007 for empty content, 88005 for a second reply to the same comment; otherwise the reply is recorded.
/// </summary>
internal sealed class CommentReplyBehaviour : IMockBehaviour
{
    private readonly WxMockOptions _options;
    private readonly CommentBook _book;
    private readonly ErrorReplies _errors;
    private readonly string _success;

    public CommentReplyBehaviour(WxMockOptions options, CommentBook book, ErrorReplies errors, string success)
    {
        _options = options;
        _book = book;
        _errors = errors;
        _success = success;
    }

    public string Path => "/cgi-bin/comment/reply/add";

    public MockReply Handle(MockRequest request)
    {
        var comment = new WxMockComment(
            request.Int64("msg_data_id") ?? 0,
            (int)(request.Int64("index") ?? 0),
            request.Int64("user_comment_id") ?? 0);
        if (!_options.CommentExists(comment))
        {
            return _errors.Error(88008, request.Spec, $"no comment {comment.UserCommentId} on {comment.MsgDataId}/{comment.Index}");
        }

        var content = request.Text("content") ?? string.Empty;
        if (content.Trim().Length == 0)
        {
            return _errors.Error(88007, request.Spec, "content is empty");
        }

        if (!_book.TryReply(comment, content))
        {
            return _errors.Error(88005, request.Spec, $"comment {comment.UserCommentId} on {comment.MsgDataId}/{comment.Index} has a reply");
        }

        return MockReply.Json(_success, 0);
    }
}
