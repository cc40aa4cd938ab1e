using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace WxContracts;

/// <summary>
/// The account's access token: fetched from WeChat (stable_token by default), cached until shortly before it
/// expires, and shared through an <see cref="IWxTokenStore"/>.
/// </summary>
/// <remarks>
/// <para>Single flight: however many callers need a token at once, this instance makes one request; with a
/// distributed store, the refresh lock and a re-read of the store after taking it make it one request across
/// instances.</para>
/// <para>Compare-and-refresh: a rejected token is replaced only if it is still the current one, so callers that
/// failed with the same token cause one refresh, and a token another caller already replaced is not replaced
/// again. Force refresh (limited by WeChat to 20 a day, 30 s apart) happens only through
/// <see cref="ForceRefreshAsync"/>.</para>
/// </remarks>
public sealed class WxAccessTokenProvider : IWxAccessTokenProvider, IDisposable
{
    private static readonly TimeSpan s_forceRefreshSpacing = TimeSpan.FromSeconds(30);

    private readonly WxTokenClient _client;
    private readonly IWxTokenStore _store;
    private readonly WxClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string? _account;
    private readonly KeyValuePair<string, object?>[]? _scope;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private WxCachedToken? _current;
    private DateTimeOffset _lastForceRefresh = DateTimeOffset.MinValue;

    /// <summary>Creates the provider.</summary>
    /// <param name="http">The HttpClient for token requests.</param>
    /// <param name="options">AppId, AppSecret, token mode, margins and HTTP settings.</param>
    /// <param name="store">Where tokens are shared; null for this process only.</param>
    /// <param name="timeProvider">The clock; null for the system clock.</param>
    /// <param name="logger">Where to log; null for none.</param>
    /// <param name="account">The account's name when an application serves several: tagged on the token metric
    /// (<c>wx.account</c>) and put in a log scope.</param>
    public WxAccessTokenProvider(HttpClient http, WxClientOptions options, IWxTokenStore? store = null, TimeProvider? timeProvider = null, ILogger<WxAccessTokenProvider>? logger = null, string? account = null)
        : this(http, options, store, timeProvider, logger, account, appSecret: null)
    {
    }

    /// <summary>Creates a provider that asks <paramref name="appSecret"/> for the AppSecret at every token request.</summary>
    internal WxAccessTokenProvider(HttpClient http, WxClientOptions options, IWxTokenStore? store, TimeProvider? timeProvider, ILogger<WxAccessTokenProvider>? logger, string? account, Func<CancellationToken, ValueTask<string>>? appSecret)
    {
        if (http is null)
        {
            throw new ArgumentNullException(nameof(http));
        }

        _options = options ?? throw new ArgumentNullException(nameof(options));
        var problems = new List<string>(options.Validate(needsAppCredentials: appSecret is null));
        if (appSecret is not null && string.IsNullOrWhiteSpace(options.AppId))
        {
            problems.Insert(0, "WxClientOptions.AppId is required (the account's AppID).");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        _time = timeProvider ?? TimeProvider.System;
        _client = new WxTokenClient(new WxHttpPipeline(http, options.Transport, _time), options, _time, appSecret);
        _store = store ?? new InMemoryWxTokenStore();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _account = account;
        _scope = account is null ? null : new[] { new KeyValuePair<string, object?>("wx.account", account) };
    }

    /// <inheritdoc/>
    public ValueTask<string> GetAccessTokenAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _current);
        return current is not null && current.IsFresh(_time.GetUtcNow())
            ? new ValueTask<string>(current.Value)
            : new ValueTask<string>(ObtainAsync(rejected: null, cancellationToken)!);
    }

    /// <inheritdoc/>
    public async ValueTask<string?> RefreshRejectedTokenAsync(string rejectedToken, CancellationToken cancellationToken)
    {
        if (rejectedToken is null)
        {
            throw new ArgumentNullException(nameof(rejectedToken));
        }

        var token = await ObtainAsync(rejectedToken, cancellationToken).ConfigureAwait(false);
        return token == rejectedToken ? null : token;
    }

    /// <summary>
    /// Invalidates the current token at WeChat and fetches a new one (stable_token force-refresh mode), for example
    /// after a token leaked. WeChat allows this 20 times a day, at least 30 seconds apart.
    /// </summary>
    public async Task<string> ForceRefreshAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = _time.GetUtcNow();
            if (now - _lastForceRefresh < s_forceRefreshSpacing)
            {
                throw new InvalidOperationException("WeChat allows a forced token refresh at most once every 30 seconds.");
            }

            _lastForceRefresh = now;
            var token = await FetchAsync(forceRefresh: true, "forced", cancellationToken).ConfigureAwait(false);
            await _store.SetAsync(_options.EffectiveTokenCacheKey, token, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _current, token);
            return token.Value;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Returns a usable token; with <paramref name="rejected"/>, one different from it if WeChat gives one.</summary>
    private async Task<string> ObtainAsync(string? rejected, CancellationToken cancellationToken)
    {
        using var scope = _scope is null ? null : _logger.BeginScope(_scope);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another caller may have done the work while this one waited.
            var current = Volatile.Read(ref _current);
            if (IsUsable(current, rejected))
            {
                if (rejected is not null)
                {
                    Log.TokenAlreadyReplaced(_logger);
                }

                return current!.Value;
            }

            var token = await WxSharedRefresh.ObtainAsync(
                _store,
                _options.EffectiveTokenCacheKey,
                _options.TokenLockExpiry,
                _time,
                stored => IsUsable(stored, rejected),
                (stored, ct) => FetchAsync(forceRefresh: false, rejected is null ? (stored is null ? "cold" : "expiring") : "rejected", ct),
                "the WeChat access token",
                () => Log.WaitingForLock(_logger),
                cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _current, token);
            return token.Value;
        }
        finally
        {
            _gate.Release();
        }
    }

    private bool IsUsable(WxCachedToken? token, string? rejected) =>
        token is not null && token.IsFresh(_time.GetUtcNow()) && (rejected is null || token.Value != rejected);

    private async Task<WxCachedToken> FetchAsync(bool forceRefresh, string reason, CancellationToken cancellationToken)
    {
        var (value, expiresIn) = await _client.FetchAsync(forceRefresh, cancellationToken).ConfigureAwait(false);
        WxTelemetry.TokenRefreshes.Add(1, new("wx.token_mode", forceRefresh ? "force" : _client.Mode.ToString().ToLowerInvariant()), new("wx.token_reason", reason), new("wx.account", _account ?? _options.AppId));
        Log.TokenFetched(_logger, _client.Mode, reason, expiresIn);
        var now = _time.GetUtcNow();
        var lifetime = TimeSpan.FromSeconds(expiresIn);
        var margin = TimeSpan.FromTicks(Math.Min(_options.TokenRefreshMargin.Ticks, lifetime.Ticks / 2));
        return new WxCachedToken(value, now + lifetime, now + lifetime - margin);
    }

    /// <inheritdoc/>
    public void Dispose() => _gate.Dispose();

    /// <inheritdoc/>
    public override string ToString() => $"WxAccessTokenProvider({_options.AppId}, {_client.Mode})";
}
