using System;
using System.Collections.Generic;
using Polly;

namespace WxContracts;

/// <summary>Retry policy for system-busy answers and transport failures.</summary>
/// <remarks>
/// A call is retried only when repeating it cannot duplicate its effect: when the request never left the
/// machine, or when the endpoint is idempotent (the spec's <c>idempotent</c> flag). A non-idempotent call such as
/// comment reply/add is never sent twice.
/// </remarks>
public sealed class WxRetryOptions
{
    /// <summary>Attempts in all, the first one included (default 3; 1 turns retries off).</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Delay before the first retry; grows exponentially with every retry, with jitter (Polly's exponential backoff; default 200 ms).</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Upper bound of one delay (default 5 s).</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <inheritdoc/>
    public override string ToString() => $"WxRetryOptions(MaxAttempts: {MaxAttempts}, BaseDelay: {BaseDelay}, MaxDelay: {MaxDelay})";
}

/// <summary>HTTP settings of <see cref="WxHttpTransport"/>.</summary>
public sealed class WxTransportOptions
{
    /// <summary>Replaces every endpoint's documented host (for the mock server or a proxy); null keeps the documented hosts.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>Largest response body accepted, in bytes (default 4 MiB). Larger bodies fail with <see cref="WxRequestException"/>.</summary>
    public int MaxResponseBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// The largest file an endpoint that answers with bytes (media/get, material/get_material) may send; 64 MiB by
    /// default (WeChat's videos are at most 10 MB, other media less).
    /// </summary>
    public int MaxFileBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>Time allowed for one HTTP attempt, from sending to the last byte of the body (default 30 s).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of system-busy (-1) answers and transport failures.</summary>
    public WxRetryOptions Retry { get; } = new();

    /// <summary>
    /// Adds strategies of your own to every API call's Polly pipeline, outside the WeChat retry and attempt timeout: a
    /// rate limiter (<c>AddRateLimiter</c>, Polly.RateLimiting), a circuit breaker (<c>AddCircuitBreaker</c>), hedging
    /// (<c>AddHedging</c>, restricted to <see cref="WxResilience.IsIdempotent"/> calls). A call that fails inside throws
    /// <see cref="WxRequestException"/> or <see cref="WxApiException"/>; <see cref="WxResilience.ShouldRetry"/> is the
    /// WeChat rule for predicates of your own.
    /// </summary>
    public Action<ResiliencePipelineBuilder<WxResponse>>? ConfigureResilience { get; set; }

    /// <summary>Lists what is wrong with these options; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (BaseAddress is { IsAbsoluteUri: false })
        {
            problems.Add("Transport.BaseAddress must be an absolute URI.");
        }

        if (MaxFileBytes < 1024)
        {
            problems.Add("Transport.MaxFileBytes must be at least 1024.");
        }

        if (MaxResponseBytes < 1024)
        {
            problems.Add("Transport.MaxResponseBytes must be at least 1024.");
        }

        if (AttemptTimeout < TimeSpan.FromMilliseconds(10) || AttemptTimeout > TimeSpan.FromDays(1))
        {
            problems.Add("Transport.AttemptTimeout must be between 10 ms and 1 day.");
        }

        if (Retry.MaxAttempts < 1 || Retry.MaxAttempts > 10)
        {
            problems.Add("Transport.Retry.MaxAttempts must be between 1 and 10.");
        }

        if (Retry.BaseDelay < TimeSpan.Zero || Retry.MaxDelay < Retry.BaseDelay || Retry.MaxDelay > TimeSpan.FromDays(1))
        {
            problems.Add("Transport.Retry delays must be non-negative and at most a day, with MaxDelay >= BaseDelay.");
        }

        return problems;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"WxTransportOptions(BaseAddress: {BaseAddress?.ToString() ?? "documented hosts"}, MaxResponseBytes: {MaxResponseBytes}, AttemptTimeout: {AttemptTimeout}, {Retry})";
}
