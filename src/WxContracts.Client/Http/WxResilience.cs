using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace WxContracts;

/// <summary>
/// The WeChat rules of the transport's Polly <see cref="ResiliencePipeline{T}"/>, and what users' own strategies can
/// read from a call's <see cref="ResilienceContext"/>.
/// </summary>
/// <remarks>
/// <para>The pipeline of every API call is, from the outside in: the strategies added by
/// <see cref="WxTransportOptions.ConfigureResilience"/> (a rate limiter, a circuit breaker, hedging...), then a retry
/// strategy with <see cref="ShouldRetry"/> as its predicate and exponential backoff with jitter
/// (<see cref="WxTransportOptions.Retry"/>), then the attempt itself, which gives up after
/// <see cref="WxTransportOptions.AttemptTimeout"/> (a cancellation source the call reuses, not a Polly timeout strategy,
/// whose per-call async state would be the largest allocation of a call) and fails with a
/// <see cref="WxRequestException"/> of kind <see cref="WxRequestFailure.Timeout"/>.</para>
/// <para>Inside an attempt, a call that fails throws <see cref="WxRequestException"/> (no usable response) or
/// <see cref="WxApiException"/> (errcode ≠ 0): a user's predicate sees the same exceptions. A rejected token (40001,
/// 40014, 42001) is handled once inside the attempt by the token layer, not by the retry strategy.</para>
/// </remarks>
public static class WxResilience
{
    /// <summary>The endpoint being called, in every call's <see cref="ResilienceContext.Properties"/>; its
    /// <see cref="WxEndpointInfo.Idempotent"/> says whether the call may be repeated.</summary>
    public static readonly ResiliencePropertyKey<WxEndpointInfo> EndpointKey = new("WxContracts.Endpoint");

    /// <summary>The endpoint a call's context belongs to, or null outside a WeChat call.</summary>
    public static WxEndpointInfo? GetEndpoint(ResilienceContext context) =>
        context is not null && context.Properties.TryGetValue(EndpointKey, out var endpoint) ? endpoint : null;

    /// <summary>
    /// Whether the call in <paramref name="context"/> may be sent more than once: use it in a hedging or retry strategy
    /// of your own, so that a non-idempotent call (comment reply, message send...) is never duplicated.
    /// </summary>
    public static bool IsIdempotent(ResilienceContext context) => GetEndpoint(context)?.Idempotent == true;

    /// <summary>
    /// The WeChat retry rule: a request that never left (no connection) is retried for every endpoint; system busy
    /// (-1), HTTP 5xx, timeouts and broken connections only when <paramref name="idempotent"/>; quota errors (45009,
    /// 45011), other errcodes and bodies that are not the contract's JSON never.
    /// </summary>
    public static bool ShouldRetry(Exception? exception, bool idempotent) => exception switch
    {
        WxRequestException { RequestMayHaveBeenSent: false } => true,
        WxRequestException request => idempotent && (request.Failure is WxRequestFailure.Timeout or WxRequestFailure.ConnectionBroken
                                                     || (request.Failure == WxRequestFailure.HttpStatus && request.StatusCode >= 500)),
        WxApiException api => idempotent && api.ErrorCode == (int)WxGlobalError.SystemBusy,
        _ => false,
    };

    /// <summary>A short reason for logs and the retry metric.</summary>
    internal static string Reason(Exception? exception) => exception switch
    {
        WxApiException api => $"errcode {api.ErrorCode}",
        WxRequestException { Failure: WxRequestFailure.HttpStatus } request => "HTTP " + request.StatusCode,
        WxRequestException request => request.Failure.ToString(),
        _ => exception?.GetType().Name ?? "unknown",
    };

    /// <summary>The pipeline of API calls: the user's strategies, then the WeChat retry (the attempt times itself out).</summary>
    internal static ResiliencePipeline<WxResponse> BuildCallPipeline(WxTransportOptions options, TimeProvider time, ILogger logger, string? account)
    {
        var builder = new ResiliencePipelineBuilder<WxResponse> { TimeProvider = time, Name = "WxContracts", InstanceName = account };
        options.ConfigureResilience?.Invoke(builder);
        if (options.Retry.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<WxResponse>
            {
                MaxRetryAttempts = options.Retry.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.Retry.BaseDelay,
                MaxDelay = options.Retry.MaxDelay,
                ShouldHandle = static args => new ValueTask<bool>(ShouldRetry(args.Outcome.Exception, IsIdempotent(args.Context))),
                OnRetry = args =>
                {
                    var name = GetEndpoint(args.Context)?.InterfaceName ?? "?";
                    var reason = Reason(args.Outcome.Exception);
                    Log.Retrying(logger, name, args.AttemptNumber + 2, reason, args.RetryDelay.TotalMilliseconds);
                    WxTelemetry.Retries.Add(1, new("wx.interface", name), new("wx.retry_reason", reason), new("wx.account", account));
                    return default;
                },
            });
        }

        return builder.Build();
    }

    /// <summary>The pipeline of token requests: the WeChat retry and the attempt timeout (no user strategies).</summary>
    internal static ResiliencePipeline BuildTokenPipeline(WxTransportOptions options, TimeProvider time)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = time, Name = "WxContracts.Token" };
        if (options.Retry.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.Retry.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.Retry.BaseDelay,
                MaxDelay = options.Retry.MaxDelay,
                ShouldHandle = static args => new ValueTask<bool>(ShouldRetry(args.Outcome.Exception, IsIdempotent(args.Context))),
            });
        }

        builder.AddTimeout(new TimeoutStrategyOptions { Timeout = options.AttemptTimeout });
        return builder.Build();
    }
}
