using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Options;
using WxContracts.Api;
using Xunit;

namespace WxContracts.Client.Tests;

/// <summary>The runtime against a real Kestrel WeChat fake: tokens, retries, errors, DI, telemetry, secrets.</summary>
public sealed class RuntimeTests : IAsyncLifetime
{
    private const string AutoReplyPath = "/cgi-bin/get_current_autoreply_info";
    private const string ReplyPath = "/cgi-bin/comment/reply/add";

    // Every scenario logs here and keeps its exceptions, so that the secrets test can search all of them.
    internal static readonly FakeLoggerProvider Logs = new();
    internal static readonly ConcurrentQueue<string> ExceptionTexts = new();

    private FakeWeChat _wechat = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync() => _wechat = await FakeWeChat.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _wechat.DisposeAsync();

        // Whatever the scenario did, neither the AppSecret nor any token it was given shows in a log line or an
        // exception text.
        var texts = Logs.Lines().Concat(ExceptionTexts).ToList();
        Assert.NotEmpty(texts);
        foreach (var secret in _wechat.IssuedTokens.Append(FakeWeChat.AppSecret))
        {
            Assert.DoesNotContain(texts, t => t.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Tokens_echoed_back_by_the_server_are_redacted_from_exceptions_and_logs()
    {
        var (client, tokens) = Create();
        var token = await tokens.GetAccessTokenAsync(CancellationToken.None);
        _wechat.Script(ReplyPath, new Behaviour(Status: 500, ContentType: "text/html", Body: $"<html>error at /cgi-bin/x?access_token={token}&secret={FakeWeChat.AppSecret}</html>"));
        _wechat.Script(ReplyPath, Behaviour.Errcode(40035, $"invalid parameter access_token {token}"));
        _wechat.Script(ReplyPath, new Behaviour(Body: "{\"errcode\":\"oops\",\"access_token\":\"" + token + "\"}"));

        var http = await Capture<WxRequestException>(() => client.Comment.ReplyAsync(Reply()));
        var api = await Capture<WxApiException<ReplyCommentError>>(() => client.Comment.ReplyAsync(Reply()));
        var body = await Capture<WxRequestException>(() => client.Comment.ReplyAsync(Reply()));

        Assert.Contains("access_token=***", http.BodyStart);
        Assert.Contains("secret=***", http.BodyStart);
        Assert.Equal("invalid parameter access_token ***", api.ErrorMessage);
        Assert.Equal(WxRequestFailure.InvalidBody, body.Failure);
        Assert.DoesNotContain(token, body.BodyStart);
    }


    private WxClientOptions Options(Action<WxClientOptions>? configure = null)
    {
        var options = new WxClientOptions { AppId = FakeWeChat.AppId, AppSecret = FakeWeChat.AppSecret };
        options.Transport.BaseAddress = _wechat.Address;
        options.Transport.Retry.BaseDelay = TimeSpan.FromMilliseconds(1);
        options.Transport.Retry.MaxDelay = TimeSpan.FromMilliseconds(5);
        configure?.Invoke(options);
        return options;
    }

    private (WxApiClient Client, WxAccessTokenProvider Tokens) Create(WxClientOptions? options = null, TimeProvider? time = null, IWxTokenStore? store = null)
    {
        options ??= Options();
        var tokens = new WxAccessTokenProvider(_http, options, store, time, Logs.For<WxAccessTokenProvider>());
        var transport = new WxHttpTransport(_http, tokens, options.Transport, time, Logs.For<WxHttpTransport>());
        return (new WxApiClient(transport), tokens);
    }

    private static async Task<T> Capture<T>(Func<Task> call)
        where T : Exception
    {
        var ex = await Assert.ThrowsAsync<T>(call);
        ExceptionTexts.Enqueue(ex.ToString());
        return ex;
    }

    [Fact]
    public async Task A_body_that_breaks_the_contract_names_the_path_and_the_endpoint()
    {
        var (client, _) = Create();
        _wechat.Script("/cgi-bin/comment/list", new Behaviour(Body: "{\"errcode\":0,\"total\":1,\n\"comment\":[{\"user_comment_id\":1,\"create_time\":\"soon\"}]}"));

        var ex = await Capture<WxRequestException>(() => client.Comment.ListAsync(new ListCommentRequest { MsgDataId = 1, Begin = 0, Count = 10, Type = CommentListType.All }));

        Assert.Equal(WxRequestFailure.InvalidBody, ex.Failure);
        Assert.Equal("$.comment[0].create_time", ex.JsonPath);
        Assert.Equal("InvalidBody at $.comment[0].create_time in listComment: expected a 64-bit integer (-9223372036854775808 to 9223372036854775807) as a number or a numeric string, found the string \"soon\" (line 2, byte 47)", ex.Message);
        Assert.IsType<JsonException>(ex.InnerException);
    }

    private static ReplyCommentRequest Reply(long comment = 1) => new() { MsgDataId = 2247483664, UserCommentId = comment, Content = "thanks" };

    [Fact]
    public async Task The_token_is_cached_until_shortly_before_it_expires()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));
        _wechat.ExpiresIn = 7200;
        var (client, _) = Create(Options(o => o.TokenRefreshMargin = TimeSpan.FromMinutes(2)), clock);

        await client.AutoReply.GetCurrentInfoAsync();
        await client.AutoReply.GetCurrentInfoAsync();
        Assert.Equal(1, _wechat.TokenRequests);

        clock.Advance(TimeSpan.FromSeconds(7200 - 121));
        await client.AutoReply.GetCurrentInfoAsync();
        Assert.Equal(1, _wechat.TokenRequests);

        clock.Advance(TimeSpan.FromSeconds(2));
        await client.AutoReply.GetCurrentInfoAsync();
        Assert.Equal(2, _wechat.TokenRequests);
    }

    [Fact]
    public async Task A_short_lived_token_is_refreshed_at_half_its_life()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));
        _wechat.ExpiresIn = 300;
        var (client, _) = Create(Options(o => o.TokenRefreshMargin = TimeSpan.FromMinutes(10)), clock);
        await client.AutoReply.GetCurrentInfoAsync();
        clock.Advance(TimeSpan.FromSeconds(149));
        await client.AutoReply.GetCurrentInfoAsync();
        Assert.Equal(1, _wechat.TokenRequests);
        clock.Advance(TimeSpan.FromSeconds(2));
        await client.AutoReply.GetCurrentInfoAsync();
        Assert.Equal(2, _wechat.TokenRequests);
    }

    [Fact]
    public async Task A_thousand_concurrent_first_calls_make_exactly_one_token_request()
    {
        _wechat.TokenDelay = TimeSpan.FromMilliseconds(200);
        var (client, _) = Create();
        var calls = Enumerable.Range(0, 1000).Select(_ => Task.Run(() => client.AutoReply.GetCurrentInfoAsync())).ToArray();
        await Task.WhenAll(calls);
        Assert.Equal(1, _wechat.TokenRequests);
        Assert.Equal(1000, _wechat.CallsTo(AutoReplyPath));
    }

    [Fact]
    public async Task A_token_rejected_mid_flight_is_refreshed_once_and_the_call_retried_once()
    {
        var (client, _) = Create();
        await client.AutoReply.GetCurrentInfoAsync();
        _wechat.RevokeAll(); // the cached token dies at WeChat

        var info = await client.AutoReply.GetCurrentInfoAsync();

        Assert.NotNull(info);
        Assert.Equal(2, _wechat.TokenRequests);
        Assert.Equal(3, _wechat.CallsTo(AutoReplyPath));
    }

    [Fact]
    public async Task A_second_rejection_is_a_typed_failure_not_a_loop()
    {
        var (client, _) = Create();
        await client.AutoReply.GetCurrentInfoAsync();
        _wechat.RevokeAll();                                              // the first answer: 40001 for the dead token
        _wechat.Script(AutoReplyPath, Behaviour.Errcode(40001, "invalid credential")); // the repeat: 40001 again

        var ex = await Capture<WxApiException<GetCurrentAutoReplyInfoError>>(() => client.AutoReply.GetCurrentInfoAsync());

        Assert.Equal(40001, ex.ErrorCode);
        Assert.Equal(WxGlobalError.InvalidCredential, ex.GlobalError);
        Assert.True(ex.IsInvalidToken);
        // One refresh and one repeat, then the typed failure: no loop.
        Assert.Equal(1 + 2, _wechat.CallsTo(AutoReplyPath));
        Assert.Equal(2, _wechat.TokenRequests);
    }

    [Fact]
    public async Task A_rejection_when_WeChat_has_no_newer_token_fails_without_repeating_the_call()
    {
        var (client, _) = Create();
        await client.AutoReply.GetCurrentInfoAsync();
        _wechat.Script(AutoReplyPath, Behaviour.Errcode(42001, "access_token expired"));

        var ex = await Capture<WxApiException<GetCurrentAutoReplyInfoError>>(() => client.AutoReply.GetCurrentInfoAsync());

        // stable_token in normal mode hands back the same (still valid) token: nothing to retry with.
        Assert.Equal(42001, ex.ErrorCode);
        Assert.Equal(2, _wechat.CallsTo(AutoReplyPath));
        Assert.Equal(2, _wechat.TokenRequests);
    }

    [Fact]
    public async Task Callers_that_fail_with_the_same_token_cause_one_refresh()
    {
        var (client, _) = Create();
        await client.AutoReply.GetCurrentInfoAsync();
        _wechat.RevokeAll();
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => client.AutoReply.GetCurrentInfoAsync())));
        Assert.Equal(2, _wechat.TokenRequests);
    }

    [Fact]
    public async Task System_busy_twice_then_success_is_retried_for_an_idempotent_endpoint()
    {
        var (client, _) = Create();
        _wechat.Script(AutoReplyPath, Behaviour.Errcode(-1, "system error"), Behaviour.Errcode(-1, "system error"));
        var info = await client.AutoReply.GetCurrentInfoAsync();
        Assert.NotNull(info);
        Assert.Equal(3, _wechat.CallsTo(AutoReplyPath));
    }

    [Fact]
    public async Task System_busy_three_times_gives_up_with_the_typed_error()
    {
        var (client, _) = Create();
        _wechat.Script(AutoReplyPath, Behaviour.Errcode(-1), Behaviour.Errcode(-1), Behaviour.Errcode(-1), Behaviour.Errcode(-1));
        var ex = await Capture<WxApiException<GetCurrentAutoReplyInfoError>>(() => client.AutoReply.GetCurrentInfoAsync());
        Assert.True(ex.IsSystemBusy);
        Assert.Equal(WxGlobalError.SystemBusy, ex.GlobalError);
        Assert.Equal(3, _wechat.CallsTo(AutoReplyPath));
    }

    [Fact]
    public async Task System_busy_on_a_non_idempotent_call_is_not_retried()
    {
        var (client, _) = Create();
        _wechat.Script(ReplyPath, Behaviour.Errcode(-1, "system error"));
        var ex = await Capture<WxApiException<ReplyCommentError>>(() => client.Comment.ReplyAsync(Reply()));
        Assert.Equal(-1, ex.ErrorCode);
        Assert.Equal(1, _wechat.CallsTo(ReplyPath));
    }

    [Fact]
    public async Task A_reply_whose_connection_resets_after_the_server_read_it_is_not_sent_again()
    {
        var (client, _) = Create();
        _wechat.Script(ReplyPath, new Behaviour(AbortAfterRead: true));
        var ex = await Capture<WxRequestException>(() => client.Comment.ReplyAsync(Reply()));
        Assert.Equal(WxRequestFailure.ConnectionBroken, ex.Failure);
        Assert.True(ex.RequestMayHaveBeenSent);
        Assert.Equal(1, _wechat.CallsTo(ReplyPath));
    }

    [Fact]
    public async Task An_idempotent_call_whose_connection_resets_is_retried()
    {
        var (client, _) = Create();
        _wechat.Script(AutoReplyPath, new Behaviour(AbortAfterRead: true));
        var info = await client.AutoReply.GetCurrentInfoAsync();
        Assert.NotNull(info);
        Assert.Equal(2, _wechat.CallsTo(AutoReplyPath));
    }

    [Fact]
    public async Task A_5xx_is_retried_for_an_idempotent_call_and_not_for_a_reply()
    {
        var (client, _) = Create();
        _wechat.Script(AutoReplyPath, new Behaviour(Status: 502, Body: "<html>bad gateway</html>", ContentType: "text/html"));
        await client.AutoReply.GetCurrentInfoAsync();
        Assert.Equal(2, _wechat.CallsTo(AutoReplyPath));

        _wechat.Script(ReplyPath, new Behaviour(Status: 503, Body: "<html>busy</html>", ContentType: "text/html"));
        var ex = await Capture<WxRequestException>(() => client.Comment.ReplyAsync(Reply()));
        Assert.Equal(WxRequestFailure.HttpStatus, ex.Failure);
        Assert.Equal(503, ex.StatusCode);
        Assert.Equal(1, _wechat.CallsTo(ReplyPath));
    }

    [Fact]
    public async Task Quota_errors_are_typed_and_not_retried()
    {
        var (client, _) = Create();
        _wechat.Script(AutoReplyPath, Behaviour.Errcode(45009, "reach max api daily quota limit"));
        var ex = await Capture<WxApiException<GetCurrentAutoReplyInfoError>>(() => client.AutoReply.GetCurrentInfoAsync());
        Assert.True(ex.IsQuotaExceeded);
        Assert.Equal(1, _wechat.CallsTo(AutoReplyPath));
    }

    [Fact]
    public async Task A_timeout_on_a_reply_is_not_retried_and_says_so()
    {
        var (client, _) = Create(Options(o => o.Transport.AttemptTimeout = TimeSpan.FromMilliseconds(300)));
        _wechat.Script(ReplyPath, new Behaviour(Delay: TimeSpan.FromSeconds(3)));
        var ex = await Capture<WxRequestException>(() => client.Comment.ReplyAsync(Reply()));
        Assert.Equal(WxRequestFailure.Timeout, ex.Failure);
        Assert.Equal(1, _wechat.CallsTo(ReplyPath));
    }

    [Fact]
    public async Task A_retry_after_backoff_uses_the_token_the_provider_has_now_not_the_one_it_started_with()
    {
        // Found by the fault soak: idempotent calls failed with 40001 when, during their backoff, the token they
        // had used was revoked and already replaced by another caller; the retry still carried the old token and,
        // its one refresh spent, gave up although a good token was at hand.
        var options = Options();
        options.Transport.Retry.BaseDelay = TimeSpan.FromSeconds(2);
        options.Transport.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        var transportLogs = new FakeLoggerProvider();
        var tokens = new WxAccessTokenProvider(_http, options, null, null, Logs.For<WxAccessTokenProvider>());
        var client = new WxApiClient(new WxHttpTransport(_http, tokens, options.Transport, null, transportLogs.For<WxHttpTransport>()));
        await tokens.GetAccessTokenAsync(CancellationToken.None);
        _wechat.RevokeAll(); // the first attempt is refused (40001) and repeated with a second token ...
        _wechat.Script(AutoReplyPath, Behaviour.Errcode(-1, "system error")); // ... which gets -1: backoff

        var call = client.AutoReply.GetCurrentInfoAsync();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!transportLogs.Lines().Any(l => l.Contains("Retrying WeChat getCurrentAutoreplyInfo", StringComparison.Ordinal)) && watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(10);
        }

        // During the backoff (at least 1 s) the second token is revoked too, and another caller replaces it.
        var second = await tokens.GetAccessTokenAsync(CancellationToken.None);
        _wechat.RevokeAll();
        var third = await tokens.RefreshRejectedTokenAsync(second, CancellationToken.None);
        Assert.False(call.IsCompleted, "the backoff should still be running");

        var response = await call;

        Assert.NotNull(third);
        Assert.Equal(0, response.ErrCode);
        Assert.Equal(3, _wechat.TokenRequests);
        Assert.Equal(3, _wechat.CallsTo(AutoReplyPath)); // refused, -1, then success with the third token
    }

    [Fact]
    public async Task A_call_that_cannot_connect_is_retried_even_when_not_idempotent_because_nothing_was_sent()
    {
        // A port that was free a moment ago: nothing listens there.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var options = Options();
        var tokens = new StaticAccessTokenProvider("static-token");
        options.Transport.BaseAddress = new Uri($"http://127.0.0.1:{port}");
        var logs = new FakeLoggerProvider();
        var client = new WxApiClient(new WxHttpTransport(_http, tokens, options.Transport, null, logs.For<WxHttpTransport>()));

        var ex = await Capture<WxRequestException>(() => client.Comment.ReplyAsync(Reply()));

        Assert.Equal(WxRequestFailure.ConnectFailed, ex.Failure);
        Assert.False(ex.RequestMayHaveBeenSent);
        Assert.Equal(2, logs.Lines().Count(l => l.Contains("Retrying WeChat replycomment", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Wrong_credentials_fail_with_the_token_endpoints_error()
    {
        var (client, _) = Create(Options(o => o.AppSecret = "wrong-secret-value"));
        var ex = await Capture<WxApiException>(() => client.AutoReply.GetCurrentInfoAsync());
        Assert.Equal(40125, ex.ErrorCode);
        Assert.Equal("getStableAccessToken", ex.Endpoint.InterfaceName);
        Assert.Equal(WxGlobalError.InvalidAppSecret, ex.GlobalError);
        Assert.DoesNotContain("wrong-secret-value", ex.ToString());
    }

    [Fact]
    public async Task Classic_mode_uses_cgi_bin_token()
    {
        var (client, _) = Create(Options(o => o.TokenMode = WxTokenMode.Classic));
        await client.AutoReply.GetCurrentInfoAsync();
        Assert.Equal(1, _wechat.TokenRequests);
        Assert.Equal(string.Empty, _wechat.TokenRequestBodies.Single()); // GET: parameters in the query
    }

    [Fact]
    public async Task The_stable_token_request_matches_the_generated_contract()
    {
        var (client, _) = Create();
        await client.AutoReply.GetCurrentInfoAsync();
        var body = _wechat.TokenRequestBodies.Single();
        var request = JsonSerializer.Deserialize(body, WxApiJsonContext.Default.GetStableAccessTokenRequest)!;
        Assert.Equal("client_credential", request.GrantType);
        Assert.Equal(FakeWeChat.AppId, request.Appid);
        Assert.False(request.ForceRefresh);
        Assert.Null(request.AdditionalProperties);
    }

    [Fact]
    public async Task Force_refresh_replaces_the_token_and_is_limited_to_once_in_30_seconds()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));
        var (client, tokens) = Create(time: clock);
        var first = await tokens.GetAccessTokenAsync(CancellationToken.None);
        var forced = await tokens.ForceRefreshAsync();
        Assert.NotEqual(first, forced);
        Assert.Contains("\"force_refresh\":true", _wechat.TokenRequestBodies.Last());
        await Assert.ThrowsAsync<InvalidOperationException>(() => tokens.ForceRefreshAsync());
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.NotEqual(forced, await tokens.ForceRefreshAsync());
        await client.AutoReply.GetCurrentInfoAsync();
    }

    [Fact]
    public async Task A_third_party_provider_supplies_the_token_and_is_asked_once_to_replace_a_rejected_one()
    {
        var issued = await new WxAccessTokenProvider(_http, Options()).GetAccessTokenAsync(CancellationToken.None);
        var authorizer = new CountingAuthorizer("authorizer-token-not-valid", issued);
        var options = Options();
        var client = new WxApiClient(new WxHttpTransport(_http, authorizer, options.Transport));

        await client.AutoReply.GetCurrentInfoAsync();

        Assert.Equal(1, authorizer.Refreshes);
        Assert.Equal(2, _wechat.CallsTo(AutoReplyPath));
    }

    private sealed class CountingAuthorizer : IWxAccessTokenProvider
    {
        private string _token;
        private readonly string _next;

        public CountingAuthorizer(string token, string next)
        {
            _token = token;
            _next = next;
        }

        public int Refreshes;

        public ValueTask<string> GetAccessTokenAsync(CancellationToken cancellationToken) => new(_token);

        public ValueTask<string?> RefreshRejectedTokenAsync(string rejectedToken, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Refreshes);
            _token = _next;
            return new(_next);
        }
    }

    [Fact]
    public async Task Dependency_injection_wires_options_tokens_transport_and_the_generated_client()
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(Logs));
        services.AddWxOfficialAccount(t => new WxApiClient(t), o =>
        {
            o.AppId = FakeWeChat.AppId;
            o.AppSecret = FakeWeChat.AppSecret;
            o.Transport.BaseAddress = _wechat.Address;
        });
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<WxApiClient>();
        var info = await client.AutoReply.GetCurrentInfoAsync();

        Assert.Equal(4, info.KeywordAutoreplyInfo?.List?.Count ?? 4); // default body has no payload; the call succeeded
        Assert.Same(client, provider.GetRequiredService<WxApiClient>());
        Assert.IsType<WxAccessTokenProvider>(provider.GetRequiredService<IWxAccessTokenProvider>());
        Assert.Equal(1, _wechat.TokenRequests);
    }

    [Fact]
    public void Missing_AppId_and_AppSecret_are_a_clear_error_at_start_up()
    {
        var services = new ServiceCollection();
        services.AddWxOfficialAccount(t => new WxApiClient(t), _ => { });
        using var provider = services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<WxApiClient>());
        Assert.Contains("AppId is required", ex.Message);
        Assert.Contains("AppSecret is required", ex.Message);
    }

    [Fact]
    public void Options_ToString_never_shows_the_secret()
    {
        var text = Options().ToString();
        Assert.DoesNotContain(FakeWeChat.AppSecret, text);
        Assert.Contains("AppSecret: ***", text);
        Assert.Contains(FakeWeChat.AppId, text);
    }

    [Fact]
    public async Task Calls_are_traced_and_counted()
    {
        var activities = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == WxTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var measurements = new ConcurrentQueue<(string Name, long Value, string Tags)>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == WxTelemetry.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            measurements.Enqueue((instrument.Name, value, string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}")))));
        meters.Start();

        var (client, _) = Create();
        _wechat.Script(AutoReplyPath, Behaviour.Errcode(-1));
        await client.AutoReply.GetCurrentInfoAsync();

        var activity = Assert.Single(activities, a => a.DisplayName == "WeChat getCurrentAutoreplyInfo");
        Assert.Equal("success", activity.GetTagItem("wx.outcome"));
        Assert.Contains(measurements, m => m.Name == WxTelemetry.CallsCounter && m.Tags.Contains("wx.outcome=success"));
        Assert.Contains(measurements, m => m.Name == WxTelemetry.RetriesCounter);
        Assert.Contains(measurements, m => m.Name == WxTelemetry.ErrorsCounter && m.Tags.Contains("wx.errcode=-1"));
        Assert.Contains(measurements, m => m.Name == WxTelemetry.TokenRefreshesCounter);
    }
}
