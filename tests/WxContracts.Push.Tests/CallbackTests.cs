using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WxContracts.AspNetCore.Push;
using WxContracts.MockServer.Push;
using WxContracts.Client.Tests;
using Xunit;

namespace WxContracts.Push.Tests;

public class CallbackTests
{
    private const string Token = CryptoVectorTests.Token;
    private const string AesKey = CryptoVectorTests.AesKey;
    private const string AppId = CryptoVectorTests.AppId;
    private static readonly HttpClient s_http = new(new SocketsHttpHandler { UseProxy = false });

    internal static string Text(string content, long msgId = 1001, string from = "o_user1") =>
        $"<xml><ToUserName><![CDATA[gh_account]]></ToUserName><FromUserName><![CDATA[{from}]]></FromUserName><CreateTime>{Now()}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{content}]]></Content><MsgId>{msgId}</MsgId></xml>";

    internal static string Subscribe(string from = "o_user2") =>
        $"<xml><ToUserName><![CDATA[gh_account]]></ToUserName><FromUserName><![CDATA[{from}]]></FromUserName><CreateTime>{Now()}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event><EventKey><![CDATA[]]></EventKey></xml>";

    internal static string Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    internal static void Options(WxCallbackOptions o, WxCallbackMode mode)
    {
        o.Token = Token;
        o.EncodingAESKey = AesKey;
        o.AppId = AppId;
        o.Mode = mode;
    }

    internal static void Echo(WxCallbackBuilder b, Calls calls) => b
        .On<TextMessage>((m, _, _) =>
        {
            calls.Add("text");
            return Task.FromResult<WxPushReply?>(new TextReply { Content = "echo: " + m.Content });
        })
        .On<SubscribeEvent>((_, _, _) =>
        {
            calls.Add("subscribe");
            return Task.FromResult<WxPushReply?>(new TextReply { Content = "welcome" });
        })
        .OnOther((m, _, _) =>
        {
            calls.Add("other:" + m.MsgType);
            return Task.FromResult<WxPushReply?>(null);
        });

    private static WxMockPushRequest Push(CallbackHost host, string xml, bool encrypt) =>
        new() { Url = host.Url, Xml = xml, Token = Token, EncodingAESKey = AesKey, AppId = AppId, Encrypt = encrypt, Tries = 1 };

    [Theory]
    [InlineData(WxCallbackMode.Plaintext, false)]
    [InlineData(WxCallbackMode.Compatible, false)]
    [InlineData(WxCallbackMode.Compatible, true)]
    [InlineData(WxCallbackMode.Safe, true)]
    public async Task Hello_is_echoed_and_a_follower_welcomed_through_the_mock(WxCallbackMode mode, bool encrypt)
    {
        var calls = new Calls();
        await using var host = await CallbackHost.StartAsync(o => Options(o, mode), b => Echo(b, calls));
        using var pusher = new WxMockPusher();

        var hello = await pusher.PushAsync(Push(host, Text("hello"), encrypt));
        Assert.True(hello.Delivered);
        Assert.Equal(encrypt, hello.ReplyWasEncrypted);
        Assert.True(hello.ReplySignatureValid);
        var reply = Assert.IsType<TextReply>(WxPush.ParseReply(hello.Reply!));
        Assert.Equal("echo: hello", reply.Content);
        Assert.Equal("o_user1", reply.ToUserName);
        Assert.Equal("gh_account", reply.FromUserName);

        var welcome = await pusher.PushAsync(Push(host, Subscribe(), encrypt));
        Assert.Equal("welcome", Assert.IsType<TextReply>(WxPush.ParseReply(welcome.Reply!)).Content);
        Assert.Equal(1, calls["text"]);
        Assert.Equal(1, calls["subscribe"]);
    }

    [Fact]
    public async Task Get_echostr_is_answered_only_with_the_right_signature()
    {
        await using var host = await CallbackHost.StartAsync(o => Options(o, WxCallbackMode.Safe));
        var ts = Now();
        var good = WxMockPushCrypto.Signature(Token, ts, "99");
        var ok = await s_http.GetAsync(host.Url + $"?signature={good}&timestamp={ts}&nonce=99&echostr=abc123");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("abc123", await ok.Content.ReadAsStringAsync());
        var bad = await s_http.GetAsync(host.Url + $"?signature={good}&timestamp={ts}&nonce=98&echostr=abc123");
        Assert.Equal(HttpStatusCode.Forbidden, bad.StatusCode);
    }

    /// <summary>Posts a body with a correct signature (and, for encrypted ones, the given Encrypt and a correct msg_signature).</summary>
    private static async Task<HttpResponseMessage> PostAsync(CallbackHost host, string body, string? encrypt = null, string? timestamp = null, string? signature = null, string? msgSignature = null)
    {
        var ts = timestamp ?? Now();
        const string Nonce = "1234";
        var query = $"?signature={signature ?? WxMockPushCrypto.Signature(Token, ts, Nonce)}&timestamp={ts}&nonce={Nonce}&openid=o_user1";
        if (encrypt is not null)
        {
            query += "&encrypt_type=aes&msg_signature=" + (msgSignature ?? WxMockPushCrypto.Signature(Token, ts, Nonce, encrypt));
        }

        return await s_http.PostAsync(host.Url + query, new StringContent(body, Encoding.UTF8, "text/xml"));
    }

    private static string Envelope(string encrypt) => "<xml><ToUserName><![CDATA[gh_account]]></ToUserName><Encrypt><![CDATA[" + encrypt + "]]></Encrypt></xml>";

    public static TheoryData<string> HostileCases()
    {
        var data = new TheoryData<string>();
        foreach (var d in Hostile.Documents)
        {
            data.Add("xml:" + d.Name);
        }

        foreach (var name in new[] { "10MB", "wrong-signature", "missing-signature", "stale-timestamp", "future-timestamp", "bad-padding", "other-appid", "wrong-msg-signature", "plain-in-safe-mode", "encrypted-dtd-envelope" })
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(HostileCases))]
    public async Task Hostile_requests_get_4xx_no_handler_call_and_no_body_in_the_logs(string name)
    {
        var calls = new Calls();
        var safe = name is "bad-padding" or "other-appid" or "wrong-msg-signature" or "plain-in-safe-mode" or "encrypted-dtd-envelope";
        await using var host = await CallbackHost.StartAsync(o => Options(o, safe ? WxCallbackMode.Safe : WxCallbackMode.Compatible), b => Echo(b, calls));
        var text = Text(Hostile.Marker);
        var old = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var future = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var response = name switch
        {
            _ when name.StartsWith("xml:", StringComparison.Ordinal) => await PostAsync(host, Hostile.Documents.Single(d => "xml:" + d.Name == name).Xml),
            "10MB" => await PostAsync(host, Text(Hostile.Marker + new string('x', 10 * 1024 * 1024))),
            "wrong-signature" => await PostAsync(host, text, signature: new string('a', 40)),
            "missing-signature" => await s_http.PostAsync(host.Url + $"?timestamp={Now()}&nonce=1", new StringContent(text)),
            "stale-timestamp" => await PostAsync(host, text, timestamp: old),
            "future-timestamp" => await PostAsync(host, text, timestamp: future),
            "bad-padding" => await PostAsync(host, Envelope(BadPadding(text)), BadPadding(text)),
            "other-appid" => await PostAsync(host, Envelope(WxMockPushCrypto.Encrypt(text, AesKey, "wx_someone_else")), WxMockPushCrypto.Encrypt(text, AesKey, "wx_someone_else")),
            "wrong-msg-signature" => await PostAsync(host, Envelope(WxMockPushCrypto.Encrypt(text, AesKey, AppId)), WxMockPushCrypto.Encrypt(text, AesKey, AppId), msgSignature: new string('b', 40)),
            "plain-in-safe-mode" => await PostAsync(host, text),
            "encrypted-dtd-envelope" => await PostAsync(host, "<!DOCTYPE xml [<!ENTITY a \"" + Hostile.Marker + "\">]>" + Envelope("&a;"), "x"),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };

        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.DoesNotContain(Hostile.Marker, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, calls.Total);
        Assert.DoesNotContain(Hostile.Marker, host.Logs.All, StringComparison.Ordinal);
        Assert.Contains(host.Logs.Lines, l => l.Text.Contains("refused", StringComparison.Ordinal));
    }

    /// <summary>Encrypted with the right key, but with padding bytes that do not all equal the pad length.</summary>
    private static string BadPadding(string xml)
    {
        var key = WxMockPushCrypto.Key(AesKey);
        var message = Encoding.UTF8.GetBytes(xml);
        var app = Encoding.UTF8.GetBytes(AppId);
        var length = 20 + message.Length + app.Length;
        var plain = new byte[length + (32 - length % 32)];
        plain[16] = (byte)(message.Length >> 24);
        plain[17] = (byte)(message.Length >> 16);
        plain[18] = (byte)(message.Length >> 8);
        plain[19] = (byte)message.Length;
        message.CopyTo(plain, 20);
        app.CopyTo(plain, 20 + message.Length);
        plain.AsSpan(length).Fill(7); // not the pad length
        using var aes = System.Security.Cryptography.Aes.Create();
        aes.Key = key;
        return Convert.ToBase64String(aes.EncryptCbc(plain, key.AsSpan(0, 16), System.Security.Cryptography.PaddingMode.None));
    }

    [Fact]
    public async Task Unknown_msgtype_goes_to_the_fallback_not_to_an_error()
    {
        var calls = new Calls();
        await using var host = await CallbackHost.StartAsync(o => Options(o, WxCallbackMode.Plaintext), b => Echo(b, calls));
        var xml = $"<xml><ToUserName>gh</ToUserName><FromUserName>o</FromUserName><CreateTime>{Now()}</CreateTime><MsgType>hologram</MsgType><MsgId>5</MsgId></xml>";
        using var response = await PostAsync(host, xml);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("success", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, calls["other:hologram"]);
    }

    [Fact]
    public async Task The_same_message_delivered_three_times_is_handled_once()
    {
        var calls = new Calls();
        await using var host = await CallbackHost.StartAsync(o => Options(o, WxCallbackMode.Safe), b => Echo(b, calls));
        using var pusher = new WxMockPusher();
        var xml = Text("hello", msgId: 777);
        var results = new[] { await pusher.PushAsync(Push(host, xml, true)), await pusher.PushAsync(Push(host, xml, true)), await pusher.PushAsync(Push(host, xml, true)) };
        Assert.All(results, r => Assert.True(r.Delivered));
        Assert.Equal(1, calls["text"]);
        Assert.Equal("success", results[1].Reply);

        // The same event three times (no MsgId: FromUserName + CreateTime + Event + EventKey).
        var subscribe = Subscribe();
        for (var i = 0; i < 3; i++)
        {
            await pusher.PushAsync(Push(host, subscribe, true));
        }

        Assert.Equal(1, calls["subscribe"]);
    }

    [Fact]
    public async Task Two_instances_sharing_one_redis_handle_a_message_delivered_to_both_once()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var calls = new Calls();
        void UseRedis(IServiceCollection s) => s.AddSingleton<StackExchange.Redis.IConnectionMultiplexer>(connection).AddWxRedisPushDeduplicator();
        await using var a = await CallbackHost.StartAsync(o => Options(o, WxCallbackMode.Safe), b => Echo(b, calls), UseRedis);
        await using var b = await CallbackHost.StartAsync(o => Options(o, WxCallbackMode.Safe), b => Echo(b, calls), UseRedis);
        using var pusher = new WxMockPusher();
        var xml = Text("hello", msgId: 4242);
        var first = await pusher.PushAsync(Push(a, xml, true));
        var second = await pusher.PushAsync(Push(b, xml, true));
        var third = await pusher.PushAsync(Push(a, xml, true));
        Assert.Equal("echo: hello", Assert.IsType<TextReply>(WxPush.ParseReply(first.Reply!)).Content);
        Assert.Equal("success", second.Reply);
        Assert.Equal("success", third.Reply);
        Assert.Equal(1, calls["text"]);

        // A different message still goes through on the other instance.
        var other = await pusher.PushAsync(Push(b, Text("again", msgId: 4243), true));
        Assert.Equal("echo: again", Assert.IsType<TextReply>(WxPush.ParseReply(other.Reply!)).Content);
        Assert.Equal(2, calls["text"]);
    }

    private sealed class RecordingSender : IWxLateReplySender
    {
        public TaskCompletionSource<(string Account, WxPushMessage Message, WxPushReply Reply)> Sent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task SendAsync(string account, WxPushMessage message, WxPushReply reply, CancellationToken cancellationToken)
        {
            Sent.TrySetResult((account, message, reply));
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task A_slow_handler_gets_success_at_the_deadline_and_its_reply_goes_out_late()
    {
        var sender = new RecordingSender();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await CallbackHost.StartAsync(
            o =>
            {
                Options(o, WxCallbackMode.Safe);
                o.ReplyDeadline = TimeSpan.FromMilliseconds(300);
            },
            b => b.On<TextMessage>(async (m, _, _) =>
            {
                await release.Task;
                return new TextReply { Content = "late: " + m.Content };
            }),
            s => s.AddSingleton<IWxLateReplySender>(sender));
        using var pusher = new WxMockPusher();
        var watch = Stopwatch.StartNew();
        var result = await pusher.PushAsync(Push(host, Text("slow"), true) with { Tries = 3 });
        watch.Stop();
        // One attempt means the mock (like WeChat) got its answer inside its 5 s timeout and did not retry;
        // the lower bound shows the callback waited for the handler until the 300 ms deadline.
        Assert.Single(result.Attempts);
        Assert.Equal("success", result.Reply);
        Assert.True(watch.ElapsedMilliseconds >= 250, $"answered after {watch.ElapsedMilliseconds} ms, before the deadline");
        Assert.False(sender.Sent.Task.IsCompleted);

        release.SetResult();
        var (account, message, reply) = await sender.Sent.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(Microsoft.Extensions.Options.Options.DefaultName, account);
        Assert.Equal("o_user1", message.FromUserName);
        Assert.Equal("late: slow", Assert.IsType<TextReply>(reply).Content);
    }

    [Fact]
    public async Task A_failing_handler_is_logged_without_the_message_and_answered_success()
    {
        await using var host = await CallbackHost.StartAsync(o => Options(o, WxCallbackMode.Plaintext), b => b.On<TextMessage>((_, _, _) => throw new InvalidOperationException("handler bug")));
        using var pusher = new WxMockPusher();
        var result = await pusher.PushAsync(Push(host, Text(Hostile.Marker), false) with { Tries = 3 });
        Assert.Single(result.Attempts);
        Assert.Equal("success", result.Reply);
        Assert.Contains(host.Logs.Lines, l => l.Level == LogLevel.Error && l.Text.Contains("handler bug", StringComparison.Ordinal));
        Assert.DoesNotContain(Hostile.Marker, host.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_options_stop_the_start()
    {
        var ex = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => CallbackHost.StartAsync(o =>
        {
            o.Token = "t";
            o.Mode = WxCallbackMode.Safe;
            o.EncodingAESKey = "short";
        }));
        Assert.Contains("Token", ex.Message, StringComparison.Ordinal);
        Assert.Contains("EncodingAESKey", ex.Message, StringComparison.Ordinal);
        Assert.Contains("AppId", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_mock_retries_like_wechat_and_the_retry_of_a_slow_push_is_answered_by_dedup()
    {
        // A handler slower than the mock's timeout (standing in for WeChat's 5 s): the first try times out, the retry
        // finds the delivery already recorded and gets "success" at once, so WeChat stops retrying.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = new Calls();
        await using var host = await CallbackHost.StartAsync(
            o => Options(o, WxCallbackMode.Plaintext),
            b => b.On<TextMessage>(async (_, _, _) =>
            {
                calls.Add("text");
                await gate.Task;
                return null;
            }));
        using var pusher = new WxMockPusher();
        // The timeout is generous so that a loaded machine still answers the retry in time; the handler blocks the first try.
        var result = await pusher.PushAsync(Push(host, Text("x"), false) with { Tries = 3, Timeout = TimeSpan.FromSeconds(2) });
        gate.SetResult();
        // The first try times out; a retry (normally the second; on a loaded machine a retry can time out too) is
        // answered "success" by the de-duplication, and the handler ran once.
        var statuses = result.Attempts.Select(a => a.Status).ToList();
        Assert.InRange(statuses.Count, 2, 3);
        Assert.Equal(200, statuses[^1]);
        Assert.All(statuses.Take(statuses.Count - 1), s => Assert.Equal(0, s));
        Assert.Equal("success", result.Reply);
        Assert.Equal(1, calls["text"]);

        // A callback that does not answer at all gets the three tries.
        var closed = new Uri("http://127.0.0.1:" + FreePort() + "/wechat");
        var dead = await pusher.PushAsync(Push(host, Text("y"), false) with { Url = closed, Tries = 3, Timeout = TimeSpan.FromMilliseconds(300) });
        Assert.Equal(3, dead.Attempts.Count);
        Assert.All(dead.Attempts, a => Assert.Equal(0, a.Status));
        Assert.False(dead.Delivered);
        Assert.Equal(new[] { result.Sequence, dead.Sequence }, pusher.Deliveries.Select(d => d.Sequence));
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
