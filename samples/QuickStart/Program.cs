using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using WxContracts;
using WxContracts.Api;

// QuickStart: the generated client end to end.
//
//   dotnet run --project samples/QuickStart            against the embedded mock WeChat (no credentials needed)
//   WX_APPID=… WX_APPSECRET=… dotnet run --project …  against the real API (your IP must be on the account's whitelist)
//   WX_BASE_URL=http://127.0.0.1:5081 (with WX_APPID/WX_APPSECRET) points at another host, e.g. a standalone mock.
//
// Exit code 0 when every step behaved as expected, 1 with a message otherwise.
try
{
    return await QuickStart.RunAsync();
}
catch (Exception ex) when (ex is WxApiException or WxRequestException or InvalidOperationException or TimeoutException or HttpRequestException)
{
    Console.Error.WriteLine($"QuickStart failed: {ex.Message}");
    return 1;
}

internal static class QuickStart
{
    private const string Rule = "────────────────────────────────────────────────────────────";

    public static async Task<int> RunAsync()
    {
        var appId = Environment.GetEnvironmentVariable("WX_APPID");
        var appSecret = Environment.GetEnvironmentVariable("WX_APPSECRET");
        var baseUrl = Environment.GetEnvironmentVariable("WX_BASE_URL");
        var useMock = string.IsNullOrEmpty(appId) || string.IsNullOrEmpty(appSecret);

        // The embedded mock runs in this process, in the JIT build and in the native AOT binary alike.
        await using var mock = useMock ? await StartMockAsync() : null;
        if (mock is not null)
        {
            appId = mock.Options.AppId;
            appSecret = mock.Options.AppSecret;
            baseUrl = mock.BaseAddress.ToString();
            Console.WriteLine($"Embedded mock WeChat on {mock.BaseAddress} (serving {mock.EndpointPaths.Count} spec'd endpoints)");
        }

        Console.WriteLine(baseUrl is null ? "Calling the real WeChat API" : $"Calling {baseUrl}");

        // The DI setup a real application uses: options, token provider (stable_token), transport, generated client.
        var services = new ServiceCollection();
        services.AddWxOfficialAccount(transport => new WxApiClient(transport), options =>
        {
            options.AppId = appId;
            options.AppSecret = appSecret;
            options.Transport.BaseAddress = baseUrl is null ? null : new Uri(baseUrl);
        });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<WxApiClient>();

        // 1. The auto-reply rules, as a tree.
        Console.WriteLine(Rule);
        Console.WriteLine("1. Auto-reply rules (getCurrentAutoreplyInfo)");
        var rules = await client.AutoReply.GetCurrentInfoAsync();
        PrintRules(rules);

        // 2. Reply to a comment, then 3. reply again: WeChat answers 88005, surfaced as a typed error.
        Console.WriteLine(Rule);
        Console.WriteLine("2. Reply to comment 1 of article 2247483664 (replycomment)");
        var reply = new ReplyCommentRequest { MsgDataId = 2247483664, Index = 0, UserCommentId = 1, Content = "Thanks for reading!" };
        try
        {
            var first = await client.Comment.ReplyAsync(reply);
            Console.WriteLine($"   sent: errcode {first.ErrCode}");
        }
        catch (WxApiException<ReplyCommentError> ex) when (ex.Error == ReplyCommentError.AlreadyReply && baseUrl is not null)
        {
            // A long-running server (a standalone mock) remembers an earlier run's reply.
            Console.WriteLine("   already replied in an earlier run");
        }

        Console.WriteLine("3. Reply to the same comment again");
        try
        {
            await client.Comment.ReplyAsync(reply);
            Console.Error.WriteLine("   unexpected: the second reply was accepted");
            return 1;
        }
        catch (WxApiException<ReplyCommentError> ex) when (ex.Error == ReplyCommentError.AlreadyReply)
        {
            Console.WriteLine($"   handled {nameof(ReplyCommentError)}.{ex.Error} ({ex.ErrorCode}): \"{ex.ErrorMessage}\"");
        }

        // 4. A follower's profile.
        Console.WriteLine(Rule);
        Console.WriteLine("4. A follower's profile (user/info)");
        var user = await client.User.GetInfoAsync(new GetUserInfoRequest { Openid = "o6_bmjrPTlm6_2sgVt7hMZOPfL2M", Lang = UserInfoLang.SimplifiedChinese });
        Console.WriteLine($"   {user.Openid}: follows {(user.Subscribe == 1 ? "yes" : "no")}, since {(user.SubscribeTime is { } since ? DateTimeOffset.FromUnixTimeSeconds(since).ToString("yyyy-MM-dd") : "-")}, came by {user.SubscribeScene?.Value ?? "-"}");

        // 5. A template message: data is keyed by the template's own keywords.
        Console.WriteLine(Rule);
        Console.WriteLine("5. Send a template message (template/send)");
        var sent = await client.Template.SendAsync(new SendTemplateMessageRequest
        {
            Touser = user.Openid ?? "o6_bmjrPTlm6_2sgVt7hMZOPfL2M",
            TemplateId = "ngqIpbwh8bUfcSsECmogfXcV14J0tQlEpBO27izEYtY",
            Data = new Dictionary<string, SendTemplateMessageRequest.Keyword>
            {
                ["thing1"] = new() { Value = "Your order has shipped" },
                ["time2"] = new() { Value = "2026-11-30 12:00" },
            },
        });
        Console.WriteLine($"   sent: msgid {sent.Msgid}");

        // 6. What the client sent, as the mock saw it.
        Console.WriteLine(Rule);
        Console.WriteLine("6. Request journal");
        if (mock is not null)
        {
            foreach (var entry in mock.Journal.Entries)
            {
                Console.WriteLine($"   {entry.Method,-4} {entry.Path,-38} -> {(entry.ErrCode is { } code ? "errcode " + code : "HTTP " + entry.Status)}");
            }

            Console.WriteLine($"   {mock.Journal.Count} requests, {mock.Stats.TokenIssues} access token issued");
            return 0;
        }

        await PrintRemoteJournalAsync(baseUrl);
        return 0;
    }

    private static Task<WxContracts.MockServer.WxMockServer> StartMockAsync() =>
        WxContracts.MockServer.WxMockServer.StartAsync(new WxContracts.MockServer.WxMockOptions
        {
            AppId = "wxquickstart0001",
            AppSecret = Convert.ToHexString(Guid.NewGuid().ToByteArray()), // made up per run, as a real one comes from configuration
        });

    private static void PrintRules(GetCurrentAutoReplyInfoResponse rules)
    {
        Console.WriteLine($"   reply after follow: {OnOff(rules.IsAddFriendReplyOpen)}, message auto-reply: {OnOff(rules.IsAutoreplyOpen)}");
        if (rules.AddFriendAutoreplyInfo is { } follow)
        {
            Console.WriteLine($"   after follow: [{follow.Type}] {follow.Content}");
        }

        if (rules.MessageDefaultAutoreplyInfo is { } fallback)
        {
            Console.WriteLine($"   default:      [{fallback.Type}] {fallback.Content}");
        }

        foreach (var rule in rules.KeywordAutoreplyInfo?.List ?? Array.Empty<GetCurrentAutoReplyInfoResponse.KeywordReplyInfo.KeywordRule>())
        {
            Console.WriteLine($"   ├─ rule \"{rule.RuleName}\" ({rule.ReplyMode})");
            foreach (var keyword in rule.KeywordListInfo ?? Array.Empty<GetCurrentAutoReplyInfoResponse.KeywordReplyInfo.KeywordRule.Keyword>())
            {
                Console.WriteLine($"   │   keyword \"{keyword.Content}\" ({keyword.MatchMode})");
            }

            foreach (var reply in rule.ReplyListInfo ?? Array.Empty<GetCurrentAutoReplyInfoResponse.KeywordReplyInfo.KeywordRule.Reply>())
            {
                Console.WriteLine($"   │   reply [{reply.Type}]{(reply.Content is null ? string.Empty : " " + Shorten(reply.Content))}");
                foreach (var article in reply.NewsInfo?.List ?? Array.Empty<GetCurrentAutoReplyInfoResponse.KeywordReplyInfo.KeywordRule.Reply.News.NewsArticle>())
                {
                    Console.WriteLine($"   │     · {article.Title} — {Shorten(article.ContentUrl ?? string.Empty)}");
                }
            }
        }
    }

    private static string OnOff(SwitchState? state) => state is null ? "unknown" : state == SwitchState.On ? "on" : state == SwitchState.Off ? "off" : "value " + state.Value.Value;

    private static string Shorten(string text) => text.Length <= 60 ? text : text.Substring(0, 57) + "…";

    /// <summary>A standalone mock has the same journal over its admin route; the real API has none.</summary>
    private static async Task PrintRemoteJournalAsync(string? baseUrl)
    {
        if (baseUrl is null)
        {
            Console.WriteLine("   (the real API keeps no journal)");
            return;
        }

        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(new Uri(baseUrl), "/__mock/stats"));
        if (!response.IsSuccessStatusCode)
        {
            Console.WriteLine($"   ({baseUrl} has no mock journal: HTTP {(int)response.StatusCode})");
            return;
        }

        using var stats = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        foreach (var property in stats.RootElement.EnumerateObject())
        {
            Console.WriteLine($"   {property.Name}: {property.Value}");
        }
    }
}
