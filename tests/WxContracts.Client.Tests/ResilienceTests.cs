using System;
using System.Diagnostics;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.CircuitBreaker;
using Polly.Hedging;
using WxContracts.Api;
using Xunit;

namespace WxContracts.Client.Tests;

/// <summary>The Polly pipeline: the WeChat rule, users' strategies through options, and a resilient HttpClient.</summary>
public sealed class ResilienceTests : IAsyncLifetime
{
    private const string AutoReplyPath = "/cgi-bin/get_current_autoreply_info";
    private const string ReplyPath = "/cgi-bin/comment/reply/add";

    private static readonly WxEndpointInfo s_read = new("Read", "read", "GET", "https://api.weixin.qq.com", "/read", WxCredentialKind.AccessToken, idempotent: true);
    private static readonly WxEndpointInfo s_write = new("Write", "write", "POST", "https://api.weixin.qq.com", "/write", WxCredentialKind.AccessToken, idempotent: false);

    private FakeWeChat _wechat = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync() => _wechat = await FakeWeChat.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _wechat.DisposeAsync();
    }

    private WxApiClient Create(Action<WxClientOptions>? configure = null)
    {
        var options = new WxClientOptions { AppId = FakeWeChat.AppId, AppSecret = FakeWeChat.AppSecret };
        options.Transport.BaseAddress = _wechat.Address;
        options.Transport.Retry.BaseDelay = TimeSpan.FromMilliseconds(1);
        options.Transport.Retry.MaxDelay = TimeSpan.FromMilliseconds(5);
        configure?.Invoke(options);
        var tokens = new WxAccessTokenProvider(_http, options);
        return new WxApiClient(new WxHttpTransport(_http, tokens, options.Transport));
    }

    private static ReplyCommentRequest Reply(long comment = 1) => new() { MsgDataId = 2247483664, UserCommentId = comment, Content = "thanks" };

    [Theory]
    [InlineData(WxRequestFailure.ConnectFailed, false, null, true, true)]
    [InlineData(WxRequestFailure.Timeout, true, null, true, false)]
    [InlineData(WxRequestFailure.ConnectionBroken, true, null, true, false)]
    [InlineData(WxRequestFailure.HttpStatus, true, 503, true, false)]
    [InlineData(WxRequestFailure.HttpStatus, true, 404, false, false)]
    [InlineData(WxRequestFailure.InvalidBody, true, 200, false, false)]
    [InlineData(WxRequestFailure.DuplicateSendRefused, true, null, false, false)]
    public void The_WeChat_rule_for_request_failures(WxRequestFailure failure, bool sent, int? status, bool idempotentRetried, bool nonIdempotentRetried)
    {
        Assert.Equal(idempotentRetried, WxResilience.ShouldRetry(new WxRequestException(s_read, failure, "x", sent, status), idempotent: true));
        Assert.Equal(nonIdempotentRetried, WxResilience.ShouldRetry(new WxRequestException(s_write, failure, "x", sent, status), idempotent: false));
    }

    [Theory]
    [InlineData(-1, true, false)]
    [InlineData(45009, false, false)]
    [InlineData(45011, false, false)]
    [InlineData(40001, false, false)]
    [InlineData(88005, false, false)]
    public void The_WeChat_rule_for_errcodes(int errcode, bool idempotentRetried, bool nonIdempotentRetried)
    {
        Assert.Equal(idempotentRetried, WxResilience.ShouldRetry(new WxApiException(s_read, errcode, "x"), idempotent: true));
        Assert.Equal(nonIdempotentRetried, WxResilience.ShouldRetry(new WxApiException(s_write, errcode, "x"), idempotent: false));
        Assert.False(WxResilience.ShouldRetry(new OperationCanceledException(), idempotent: true));
    }

    [Fact]
    public async Task A_circuit_breaker_added_through_the_options_stops_sending_after_failures()
    {
        var client = Create(o => o.Transport.ConfigureResilience = builder => builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<WxResponse>
        {
            FailureRatio = 0.5,
            MinimumThroughput = 2,
            SamplingDuration = TimeSpan.FromSeconds(30),
            BreakDuration = TimeSpan.FromSeconds(30),
            ShouldHandle = args => new ValueTask<bool>(args.Outcome.Exception is WxRequestException),
        }));
        _wechat.Script(ReplyPath, new Behaviour(Status: 502), new Behaviour(Status: 502), new Behaviour(Status: 502));

        await Assert.ThrowsAsync<WxRequestException>(() => client.Comment.ReplyAsync(Reply()));
        await Assert.ThrowsAsync<WxRequestException>(() => client.Comment.ReplyAsync(Reply()));
        await Assert.ThrowsAsync<BrokenCircuitException>(() => client.Comment.ReplyAsync(Reply()));

        Assert.Equal(2, _wechat.CallsTo(ReplyPath)); // a reply is never retried, and the open circuit sent nothing
    }

    [Fact]
    public async Task Hedging_restricted_to_idempotent_calls_hedges_a_slow_read_and_never_a_reply()
    {
        var client = Create(o => o.Transport.ConfigureResilience = builder => builder.AddHedging(new HedgingStrategyOptions<WxResponse>
        {
            MaxHedgedAttempts = 1,
            DelayGenerator = args => new ValueTask<TimeSpan>(WxResilience.IsIdempotent(args.Context) ? TimeSpan.FromMilliseconds(100) : Timeout.InfiniteTimeSpan),
            ShouldHandle = args => new ValueTask<bool>(WxResilience.IsIdempotent(args.Context) && args.Outcome.Exception is not null),
        }));
        await client.AutoReply.GetCurrentInfoAsync(); // warm: the token is fetched

        _wechat.Script(AutoReplyPath, new Behaviour(Delay: TimeSpan.FromSeconds(60)));
        var watch = Stopwatch.StartNew();
        await client.AutoReply.GetCurrentInfoAsync();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"the hedged read answered in {watch.ElapsedMilliseconds} ms");
        Assert.Equal(1 + 2, _wechat.CallsTo(AutoReplyPath));

        _wechat.Script(ReplyPath, new Behaviour(Delay: TimeSpan.FromMilliseconds(600)));
        await client.Comment.ReplyAsync(Reply());
        Assert.Equal(1, _wechat.CallsTo(ReplyPath));
    }

    [Fact]
    public async Task AddStandardResilienceHandler_on_the_runtimes_HttpClient_cannot_send_a_reply_twice()
    {
        var services = new ServiceCollection();
        services.AddWxOfficialAccount(t => new WxApiClient(t), o =>
        {
            o.AppId = FakeWeChat.AppId;
            o.AppSecret = FakeWeChat.AppSecret;
            o.Transport.BaseAddress = _wechat.Address;
            o.Transport.Retry.MaxAttempts = 1; // only the HttpClient's handler retries here
        });
        services.AddHttpClient(WxServiceCollectionExtensions.HttpClientName).AddStandardResilienceHandler(o =>
        {
            o.Retry.Delay = TimeSpan.FromMilliseconds(1);
            o.Retry.BackoffType = DelayBackoffType.Constant;
            o.Retry.UseJitter = false;
        });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<WxApiClient>();

        // The standard handler retries a 500 of any method: the send-once handler stops the second send of the reply.
        _wechat.Script(ReplyPath, new Behaviour(Status: 500), new Behaviour(Status: 500), new Behaviour(Status: 500));
        var ex = await Assert.ThrowsAsync<WxRequestException>(() => client.Comment.ReplyAsync(Reply()));
        Assert.Equal(WxRequestFailure.DuplicateSendRefused, ex.Failure);
        Assert.True(ex.RequestMayHaveBeenSent);
        Assert.Equal(1, _wechat.CallsTo(ReplyPath));

        // An idempotent read is retried by the handler as usual.
        _wechat.Script(AutoReplyPath, new Behaviour(Status: 500));
        await client.AutoReply.GetCurrentInfoAsync();
        Assert.Equal(2, _wechat.CallsTo(AutoReplyPath));
    }
}
