using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using WxContracts.Api;
using Xunit;

namespace WxContracts.MockServer.Tests;

/// <summary>Each fault kind happens as configured, from code and over the admin route.</summary>
public class FaultTests
{
    private static ReplyCommentRequest Reply(int id) => new() { MsgDataId = 77, UserCommentId = id, Content = "hi" };

    [Fact]
    public async Task SystemError_answers_errcode_minus_1_without_handling_the_request()
    {
        await using var mock = await Mock.StartAsync();
        mock.Faults.Add(Mock.ReplyPath, WxMockFaultKind.SystemError);
        using var http = new HttpClient();
        var client = Mock.Client(mock, http, mock.IssueAccessToken());

        var ex = await Assert.ThrowsAsync<WxApiException<ReplyCommentError>>(() => client.Comment.ReplyAsync(Reply(1)));
        mock.Faults.Clear();
        var afterwards = await client.Comment.ReplyAsync(Reply(1)); // the faulted call changed nothing

        Assert.Equal(-1, ex.ErrorCode);
        Assert.Equal(WxGlobalError.SystemBusy, ex.GlobalError);
        Assert.Equal(0, afterwards.ErrCode);
        Assert.Equal("system_error", mock.Journal.Entries[0].Fault);
        Assert.Equal(-1, mock.Journal.Entries[0].ErrCode);
    }

    [Fact]
    public async Task Latency_delays_the_answer_by_at_least_the_configured_time()
    {
        await using var mock = await Mock.StartAsync();
        mock.Faults.Add(new WxMockFault { Kind = WxMockFaultKind.Latency, Path = Mock.ReplyPath, Latency = TimeSpan.FromMilliseconds(300) });
        using var http = new HttpClient();
        var client = Mock.Client(mock, http, mock.IssueAccessToken());

        var watch = Stopwatch.StartNew();
        var response = await client.Comment.ReplyAsync(Reply(1));
        watch.Stop();

        Assert.Equal(0, response.ErrCode);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(290), $"answered after {watch.ElapsedMilliseconds} ms");
        Assert.Equal("latency", Assert.Single(mock.Journal.Entries).Fault);
    }

    [Fact]
    public async Task A_client_that_gives_up_during_latency_is_journaled_with_the_body_it_sent()
    {
        // Found by the fault soak: such requests were journaled without a body, so the journal could not say which
        // reply had arrived, and a duplicate hidden behind one would have gone unnoticed.
        await using var mock = await Mock.StartAsync();
        // The client gives up well inside the injected latency, but late enough that a loaded machine has sent the body.
        mock.Faults.Add(new WxMockFault { Kind = WxMockFaultKind.Latency, Path = Mock.ReplyPath, Latency = TimeSpan.FromSeconds(8) });
        using var http = new HttpClient { Timeout = TimeSpan.FromMilliseconds(1500) };
        var token = mock.IssueAccessToken();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Mock.ReplyAsync(http, mock, token, """{"msg_data_id":4242,"user_comment_id":7,"content":"slow"}"""));
        var watch = Stopwatch.StartNew();
        while (mock.Journal.Count == 0 && watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        var entry = Assert.Single(mock.Journal.Entries);
        Assert.Equal(0, entry.Status);
        Assert.Equal("latency", entry.Fault);
        Assert.Contains("\"msg_data_id\":4242", entry.Body);
    }

    [Theory]
    [InlineData(WxMockFaultKind.ResetBeforeBody, false)]
    [InlineData(WxMockFaultKind.ResetAfterBody, true)]
    public async Task A_connection_reset_fails_the_call_and_is_journaled(WxMockFaultKind kind, bool bodyRead)
    {
        await using var mock = await Mock.StartAsync();
        mock.Faults.Add(Mock.ReplyPath, kind);
        using var http = new HttpClient();
        var client = Mock.Client(mock, http, mock.IssueAccessToken());

        var ex = await Assert.ThrowsAsync<WxRequestException>(() => client.Comment.ReplyAsync(Reply(1)));

        var entry = Assert.Single(mock.Journal.Entries);
        Assert.Equal(0, entry.Status);
        Assert.Null(entry.ErrCode);
        Assert.Equal(bodyRead, entry.Body is not null);
        Assert.Null(ex.StatusCode);
        mock.Faults.Clear();
        Assert.Equal(0, (await client.Comment.ReplyAsync(Reply(1))).ErrCode); // the reset request was not handled
    }

    [Theory]
    [InlineData(503)]
    [InlineData(502)]
    public async Task HttpError_answers_the_configured_status_with_an_HTML_page(int status)
    {
        await using var mock = await Mock.StartAsync();
        mock.Faults.Add(new WxMockFault { Kind = WxMockFaultKind.HttpError, Path = Mock.ReplyPath, StatusCode = status });
        using var http = new HttpClient();
        var client = Mock.Client(mock, http, mock.IssueAccessToken());

        var ex = await Assert.ThrowsAsync<WxRequestException>(() => client.Comment.ReplyAsync(Reply(1)));
        var raw = await Mock.ReplyAsync(http, mock, mock.IssueAccessToken(), """{"msg_data_id":1,"user_comment_id":1,"content":"x"}""");

        Assert.Equal(status, ex.StatusCode);
        Assert.Equal(status, raw.Status);
        Assert.Equal("text/html", raw.ContentType);
    }

    [Fact]
    public async Task HtmlBody_answers_200_with_HTML_that_the_client_refuses_as_not_JSON()
    {
        await using var mock = await Mock.StartAsync();
        mock.Faults.Add(Mock.AutoReplyPath, WxMockFaultKind.HtmlBody);
        using var http = new HttpClient();
        var client = Mock.Client(mock, http, mock.IssueAccessToken());

        var ex = await Assert.ThrowsAsync<WxRequestException>(() => client.AutoReply.GetCurrentInfoAsync());
        var raw = await Mock.GetAsync(http, mock, Mock.AutoReplyPath + "?access_token=" + mock.IssueAccessToken());

        Assert.Equal(200, ex.StatusCode);
        Assert.Equal(200, raw.Status);
        Assert.Equal("text/html", raw.ContentType);
        Assert.StartsWith("<!DOCTYPE html>", raw.Text);
    }

    [Fact]
    public async Task TruncatedBody_handles_the_request_but_breaks_the_connection_mid_body()
    {
        await using var mock = await Mock.StartAsync();
        mock.Faults.Add(new WxMockFault { Kind = WxMockFaultKind.TruncatedBody, Path = Mock.ReplyPath, Times = 1 });
        using var http = new HttpClient();
        var client = Mock.Client(mock, http, mock.IssueAccessToken());

        await Assert.ThrowsAsync<WxRequestException>(() => client.Comment.ReplyAsync(Reply(1)));
        var retry = await Assert.ThrowsAsync<WxApiException<ReplyCommentError>>(() => client.Comment.ReplyAsync(Reply(1)));

        Assert.Equal(ReplyCommentError.AlreadyReply, retry.Error); // the first call did reply: only its answer was lost
        Assert.Equal("truncated_body", mock.Journal.Entries.OrderBy(e => e.Sequence).First().Fault);
    }

    [Fact]
    public async Task CutJson_sends_a_complete_HTTP_answer_with_half_the_JSON()
    {
        await using var mock = await Mock.StartAsync();
        mock.Faults.Add(Mock.AutoReplyPath, WxMockFaultKind.CutJson);
        using var http = new HttpClient();
        var token = mock.IssueAccessToken();

        var raw = await Mock.GetAsync(http, mock, Mock.AutoReplyPath + "?access_token=" + token);
        var ex = await Assert.ThrowsAsync<WxRequestException>(() => Mock.Client(mock, http, token).AutoReply.GetCurrentInfoAsync());

        Assert.Equal(200, raw.Status);
        Assert.StartsWith("{", raw.Text);
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => raw.Json);
        Assert.Equal(200, ex.StatusCode);
    }

    [Fact]
    public async Task RevokeTokens_revokes_every_token_so_the_call_and_later_ones_with_it_answer_40001()
    {
        await using var mock = await Mock.StartAsync();
        mock.Faults.Add(new WxMockFault { Kind = WxMockFaultKind.RevokeTokens, Path = Mock.AutoReplyPath, Times = 1 });
        using var http = new HttpClient();
        var token = mock.IssueAccessToken();
        var other = mock.IssueAccessToken();

        var faulted = await Mock.GetAsync(http, mock, Mock.AutoReplyPath + "?access_token=" + token);
        var again = await Mock.GetAsync(http, mock, Mock.AutoReplyPath + "?access_token=" + other);
        var fresh = await Mock.GetAsync(http, mock, Mock.AutoReplyPath + "?access_token=" + mock.IssueAccessToken());

        Assert.Equal(40001, faulted.ErrCode);
        Assert.Equal(40001, again.ErrCode); // every token issued before the fault, not only the caller's
        Assert.Equal(0, fresh.ErrCode);
        var entries = mock.Journal.Entries.OrderBy(e => e.Sequence).ToList();
        Assert.Equal(["revoke_tokens", null, null], entries.Select(e => e.Fault));
        Assert.Equal(1, mock.Stats.FaultsApplied);
    }

    [Fact]
    public async Task After_RevokeTokens_the_runtime_fetches_one_new_token_and_repeats_the_call()
    {
        await using var mock = await Mock.StartAsync();
        using var http = new HttpClient();
        var options = new WxClientOptions { AppId = Mock.AppId, AppSecret = Mock.Secret };
        options.Transport.BaseAddress = mock.BaseAddress;
        using var tokens = new WxAccessTokenProvider(http, options);
        var client = new WxApiClient(new WxHttpTransport(http, tokens, options.Transport));
        await client.AutoReply.GetCurrentInfoAsync();
        mock.Faults.Add(new WxMockFault { Kind = WxMockFaultKind.RevokeTokens, Path = Mock.ReplyPath, Times = 1 });

        var reply = await client.Comment.ReplyAsync(Reply(1));

        Assert.Equal(0, reply.ErrCode);
        Assert.Equal(2, mock.Stats.CallsTo("/cgi-bin/stable_token"));
        Assert.Equal([40001, 0], mock.Journal.For(Mock.ReplyPath).OrderBy(e => e.Sequence).Select(e => e.ErrCode));
    }

    [Fact]
    public async Task RevokeTokens_is_accepted_by_the_admin_route()
    {
        await using var mock = await Mock.StartAsync();
        using var http = new HttpClient();

        var set = await Mock.PostAsync(http, mock, "/__mock/faults", """{"kind":"revoke_tokens","path":"/cgi-bin/get_current_autoreply_info","rate":0.01}""");

        Assert.Equal(200, set.Status);
        var fault = Assert.Single(mock.Faults.Current);
        Assert.Equal(WxMockFaultKind.RevokeTokens, fault.Kind);
        Assert.Equal(0.01, fault.Rate);
    }

    [Fact]
    public async Task A_rate_fires_on_about_that_share_of_calls_and_the_same_seed_fires_on_the_same_calls()
    {
        async Task<List<int>> FiredAsync(int seed)
        {
            await using var mock = await Mock.StartAsync(o => o.FaultSeed = seed);
            mock.Faults.Add(new WxMockFault { Kind = WxMockFaultKind.SystemError, Path = Mock.AutoReplyPath, Rate = 0.3 });
            using var http = new HttpClient();
            var token = mock.IssueAccessToken();
            var fired = new List<int>();
            for (var i = 0; i < 200; i++)
            {
                if ((await Mock.GetAsync(http, mock, Mock.AutoReplyPath + "?access_token=" + token)).ErrCode == -1)
                {
                    fired.Add(i);
                }
            }

            Assert.Equal(fired.Count, mock.Stats.FaultsApplied);
            return fired;
        }

        var first = await FiredAsync(7);
        var second = await FiredAsync(7);
        var other = await FiredAsync(8);

        Assert.InRange(first.Count, 40, 80);
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task Times_limits_how_often_a_fault_fires_and_a_fault_on_one_path_leaves_the_others_alone()
    {
        await using var mock = await Mock.StartAsync();
        mock.Faults.Add(new WxMockFault { Kind = WxMockFaultKind.SystemError, Path = Mock.AutoReplyPath, Times = 2 });
        using var http = new HttpClient();
        var token = mock.IssueAccessToken();

        var codes = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            codes.Add((await Mock.GetAsync(http, mock, Mock.AutoReplyPath + "?access_token=" + token)).ErrCode);
        }

        var reply = await Mock.ReplyAsync(http, mock, token, """{"msg_data_id":1,"user_comment_id":1,"content":"x"}""");

        Assert.Equal([-1, -1, 0, 0], codes);
        Assert.Equal(0, reply.ErrCode);
    }

    [Fact]
    public async Task Faults_are_set_listed_and_cleared_over_the_admin_route()
    {
        await using var mock = await Mock.StartAsync();
        using var http = new HttpClient();
        var token = mock.IssueAccessToken();

        var set = await Mock.PostAsync(http, mock, "/__mock/faults", """[{"kind":"http_error","path":"/cgi-bin/get_current_autoreply_info","status":502},{"kind":"latency","latency_ms":5}]""");
        var faulted = await Mock.GetAsync(http, mock, Mock.AutoReplyPath + "?access_token=" + token);
        var listed = await Mock.GetAsync(http, mock, "/__mock/faults");
        var cleared = await Mock.SendAsync(http, mock, HttpMethod.Delete, "/__mock/faults");
        var healthy = await Mock.GetAsync(http, mock, Mock.AutoReplyPath + "?access_token=" + token);
        var bad = await Mock.PostAsync(http, mock, "/__mock/faults", """{"kind":"gremlins"}""");

        Assert.Equal(200, set.Status);
        Assert.Equal(502, faulted.Status);
        Assert.Equal("latency+http_error", mock.Journal.Entries.OrderBy(e => e.Sequence).First().Fault);
        Assert.Equal(2, listed.Json["faults"]!.AsArray().Count);
        Assert.Equal("http_error", listed.Json["faults"]![0]!["kind"]!.GetValue<string>());
        Assert.Empty(cleared.Json["faults"]!.AsArray());
        Assert.Equal(200, healthy.Status);
        Assert.Equal(400, bad.Status);
        Assert.Contains("system_error", bad.Json["error"]!.GetValue<string>());
        Assert.Empty(mock.Faults.Current);
    }
}
