using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using WxContracts;
using WxContracts.Api;

namespace WxContracts.AotProbe;

/// <summary>
/// Exercises the generated code and the runtime without reflection: JSON round trips through WxApiJsonContext
/// (unknown members, extensible enums, numeric strings), and the DI-registered client against canned WeChat answers
/// (stable_token, an API call, a documented error). Exit code 0 when every check holds.
/// </summary>
public static class Program
{
    private const string AutoReply = """
        {"is_add_friend_reply_open":1,"is_autoreply_open":0,"future_flag":{"x":[1,2]},
         "keyword_autoreply_info":{"list":[{"rule_name":"r1","create_time":1423028166,"reply_mode":"random_one",
           "keyword_list_info":[{"type":"text","match_mode":"contain","content":"测试"}],
           "reply_list_info":[{"type":"sticker","content":"new type"}]}]}}
        """;

    public static async Task<int> Main()
    {
        var failures = new List<string>();
        void Check(bool ok, string what)
        {
            Console.WriteLine($"{(ok ? "ok  " : "FAIL")} {what}");
            if (!ok)
            {
                failures.Add(what);
            }
        }

        // JSON through the generated context.
        var rules = JsonSerializer.Deserialize(Encoding.UTF8.GetBytes(AutoReply), WxApiJsonContext.Default.GetCurrentAutoReplyInfoResponse)!;
        var rule = rules.KeywordAutoreplyInfo!.List![0];
        Check(rules.IsAddFriendReplyOpen == SwitchState.On && rules.IsAutoreplyOpen == SwitchState.Off, "number enums");
        Check(rule.ReplyMode == ReplyMode.RandomOne && rule.CreateTime == 1423028166L, "string enum and 64-bit number");
        Check(rule.ReplyListInfo![0].Type is { IsKnown: false, Value: "sticker" }, "unknown enum value kept");
        Check(rules.AdditionalProperties?.ContainsKey("future_flag") == true, "unknown member kept");
        var written = JsonSerializer.Serialize(rules, WxApiJsonContext.Default.GetCurrentAutoReplyInfoResponse);
        Check(written.Contains("\"future_flag\":{\"x\":[1,2]}", StringComparison.Ordinal) && written.Contains("测试", StringComparison.Ordinal), "written back, non-ASCII unescaped");
        var request = JsonSerializer.Deserialize("""{"msg_data_id":"2247483664","user_comment_id":1,"content":"hi"}""", WxApiJsonContext.Default.ReplyCommentRequest)!;
        Check(request.MsgDataId == 2247483664L, "number or string");

        // The client, registered with DI, against canned answers.
        var wechat = new CannedWeChat();
        var services = new ServiceCollection();
        services.AddWxOfficialAccount(t => new WxApiClient(t), o =>
        {
            o.AppId = "wx-aot-probe";
            o.AppSecret = "not-a-real-secret";
        });
        services.AddHttpClient(WxServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => wechat);
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<WxApiClient>();

        var info = await client.AutoReply.GetCurrentInfoAsync();
        Check(info.KeywordAutoreplyInfo?.List?[0].RuleName == "r1", "GET through the client");
        var reply = await client.Comment.ReplyAsync(new ReplyCommentRequest { MsgDataId = 2247483664, UserCommentId = 1, Content = "thanks" });
        Check(reply.ErrCode == 0, "POST through the client");
        try
        {
            await client.Comment.ReplyAsync(new ReplyCommentRequest { MsgDataId = 2247483664, UserCommentId = 2, Content = "again" });
            Check(false, "documented error becomes a typed exception");
        }
        catch (WxApiException<ReplyCommentError> ex)
        {
            Check(ex.Error == ReplyCommentError.AlreadyReply, "documented error becomes a typed exception");
        }

        Check(wechat.TokenRequests == 1, "one token request");
        Console.WriteLine(failures.Count == 0 ? "AOT probe: all checks passed" : $"AOT probe: {failures.Count} check(s) failed");
        return failures.Count == 0 ? 0 : 1;
    }

    /// <summary>Answers like WeChat: a token on stable_token, the autoreply rules, and reply/add (88005 for comment 2).</summary>
    private sealed class CannedWeChat : HttpMessageHandler
    {
        private int _tokenRequests;

        public int TokenRequests => _tokenRequests;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
            var answer = path switch
            {
                "/cgi-bin/stable_token" => Token(),
                "/cgi-bin/get_current_autoreply_info" => AutoReply,
                "/cgi-bin/comment/reply/add" when body.Contains("\"user_comment_id\":2", StringComparison.Ordinal) => """{"errcode":88005,"errmsg":"already reply rid: 1-2-3"}""",
                "/cgi-bin/comment/reply/add" => """{"errcode":0,"errmsg":"ok"}""",
                _ => """{"errcode":-1,"errmsg":"unknown path"}""",
            };
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(answer, Encoding.UTF8, "application/json") };
        }

        private string Token()
        {
            Interlocked.Increment(ref _tokenRequests);
            return """{"access_token":"AOT-PROBE-TOKEN","expires_in":7200}""";
        }
    }
}
