using System;
using System.Net.Http;
using System.Threading.Tasks;
using WxContracts.Api;
using Xunit;

namespace WxContracts.MockServer.Tests;

/// <summary>The comment reply endpoint's state, seen through the generated client's typed errors; daily quotas.</summary>
public class CommentTests
{
    [Fact]
    public async Task Replying_twice_to_the_same_comment_is_AlreadyReply_88005()
    {
        await using var mock = await Mock.StartAsync();
        using var http = new HttpClient();
        var client = Mock.Client(mock, http, mock.IssueAccessToken());
        var request = new ReplyCommentRequest { MsgDataId = 2247483664, Index = 0, UserCommentId = 1, Content = "Thanks!" };

        var first = await client.Comment.ReplyAsync(request);
        var ex = await Assert.ThrowsAsync<WxApiException<ReplyCommentError>>(() => client.Comment.ReplyAsync(request));

        Assert.Equal(0, first.ErrCode);
        Assert.Equal(ReplyCommentError.AlreadyReply, ex.Error);
        Assert.StartsWith("already reply", ex.ErrorMessage);
        Assert.NotNull(ex.RequestId);
    }

    [Fact]
    public async Task The_same_comment_id_under_another_article_index_is_another_comment()
    {
        await using var mock = await Mock.StartAsync();
        using var http = new HttpClient();
        var client = Mock.Client(mock, http, mock.IssueAccessToken());

        await client.Comment.ReplyAsync(new ReplyCommentRequest { MsgDataId = 7, Index = 0, UserCommentId = 3, Content = "a" });
        var other = await client.Comment.ReplyAsync(new ReplyCommentRequest { MsgDataId = 7, Index = 1, UserCommentId = 3, Content = "b" });

        Assert.Equal(0, other.ErrCode);
    }

    [Fact]
    public async Task An_unknown_comment_is_CommentNotExists_88008()
    {
        await using var mock = await Mock.StartAsync();
        using var http = new HttpClient();
        var client = Mock.Client(mock, http, mock.IssueAccessToken());

        var ex = await Assert.ThrowsAsync<WxApiException<ReplyCommentError>>(() =>
            client.Comment.ReplyAsync(new ReplyCommentRequest { MsgDataId = 7, UserCommentId = 101, Content = "hello" }));

        Assert.Equal(ReplyCommentError.CommentNotExists, ex.Error);
    }

    [Fact]
    public async Task Which_comments_exist_is_configurable()
    {
        await using var mock = await Mock.StartAsync(o => o.CommentExists = c => c.MsgDataId == 42 && c.UserCommentId == 500);
        using var http = new HttpClient();
        var client = Mock.Client(mock, http, mock.IssueAccessToken());

        var ok = await client.Comment.ReplyAsync(new ReplyCommentRequest { MsgDataId = 42, UserCommentId = 500, Content = "hi" });
        var ex = await Assert.ThrowsAsync<WxApiException<ReplyCommentError>>(() =>
            client.Comment.ReplyAsync(new ReplyCommentRequest { MsgDataId = 43, UserCommentId = 1, Content = "hi" }));

        Assert.Equal(0, ok.ErrCode);
        Assert.Equal(ReplyCommentError.CommentNotExists, ex.Error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Empty_content_is_ReplyContentLengthInvalid_88007_and_does_not_use_up_the_comment(string content)
    {
        await using var mock = await Mock.StartAsync();
        using var http = new HttpClient();
        var client = Mock.Client(mock, http, mock.IssueAccessToken());

        var ex = await Assert.ThrowsAsync<WxApiException<ReplyCommentError>>(() =>
            client.Comment.ReplyAsync(new ReplyCommentRequest { MsgDataId = 9, UserCommentId = 9, Content = content }));
        var later = await client.Comment.ReplyAsync(new ReplyCommentRequest { MsgDataId = 9, UserCommentId = 9, Content = "now with text" });

        Assert.Equal(ReplyCommentError.ReplyContentLengthInvalid, ex.Error);
        Assert.Equal(0, later.ErrCode);
    }

    [Fact]
    public async Task The_daily_quota_answers_45009_once_exceeded_and_resets_at_midnight_Beijing_time()
    {
        var clock = new ManualClock(); // 2025-03-01 02:00 UTC = 10:00 in Beijing
        await using var mock = await Mock.StartAsync(o =>
        {
            o.TimeProvider = clock;
            o.TokenLifetime = TimeSpan.FromDays(2);
            o.DailyQuotaByPath[Mock.ReplyPath] = 3;
        });
        using var http = new HttpClient();
        var client = Mock.Client(mock, http, mock.IssueAccessToken());

        for (var i = 1; i <= 3; i++)
        {
            await client.Comment.ReplyAsync(new ReplyCommentRequest { MsgDataId = 1, UserCommentId = i, Content = "ok" });
        }

        var over = await Assert.ThrowsAsync<WxApiException<ReplyCommentError>>(() =>
            client.Comment.ReplyAsync(new ReplyCommentRequest { MsgDataId = 1, UserCommentId = 4, Content = "one too many" }));
        var otherEndpoint = await client.AutoReply.GetCurrentInfoAsync();
        clock.Advance(TimeSpan.FromHours(13)); // 23:00 Beijing, same day
        await Assert.ThrowsAsync<WxApiException<ReplyCommentError>>(() =>
            client.Comment.ReplyAsync(new ReplyCommentRequest { MsgDataId = 1, UserCommentId = 4, Content = "still today" }));
        clock.Advance(TimeSpan.FromHours(1)); // 00:00 Beijing, the next day
        var nextDay = await client.Comment.ReplyAsync(new ReplyCommentRequest { MsgDataId = 1, UserCommentId = 4, Content = "tomorrow" });

        Assert.Equal(45009, over.ErrorCode);
        Assert.Equal(WxGlobalError.ApiDailyQuotaExceeded, over.GlobalError);
        Assert.Equal(0, otherEndpoint.ErrCode);
        Assert.Equal(0, nextDay.ErrCode);
    }
}
