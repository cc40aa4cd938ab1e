using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using WxContracts.AspNetCore.Contracts;

namespace WxContracts.AspNetCore.JsSdk;

/// <summary>Supplies the account's jsapi_ticket, which signs <c>wx.config</c>.</summary>
public interface IWxJsApiTicketProvider
{
    /// <summary>The AppID the ticket belongs to (the <c>appId</c> of <c>wx.config</c>).</summary>
    string AppId { get; }

    /// <summary>Returns a ticket that is valid now.</summary>
    ValueTask<string> GetTicketAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Called when WeChat rejected <paramref name="rejectedTicket"/>: replaces it once, only if it is still the
    /// current one (so any number of callers reporting the same ticket cause one getticket call). Returns the ticket to
    /// use now, or null when no other ticket could be had.
    /// </summary>
    ValueTask<string?> RefreshRejectedTicketAsync(string rejectedTicket, CancellationToken cancellationToken);
}

/// <summary>
/// The account's jsapi_ticket from <c>cgi-bin/ticket/getticket</c>, with the guarantees of the access token
/// (<see cref="WxAccessTokenProvider"/>): one request however many callers need it at once (single flight), shared
/// between instances through the <see cref="IWxTokenStore"/> (Redis: a refresh lock and a re-read after taking it make
/// it one request across processes), replaced <see cref="WxJsSdkOptions.TicketRefreshMargin"/> before it expires, and
/// replaced once when reported rejected (compare-and-refresh).
/// </summary>
/// <remarks>
/// The ticket is asked for through the account's <see cref="IWxTransport"/>, so a rejected access token (40001, 42001)
/// is replaced once by the account's token provider. The ticket never appears in logs, exception messages or
/// <see cref="ToString"/>.
/// </remarks>
public sealed class WxJsApiTicketProvider : IWxJsApiTicketProvider, IDisposable
{
    private readonly WxApiClient _api;
    private readonly IWxTokenStore _store;
    private readonly WxJsSdkOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _key;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private WxCachedToken? _current;

    /// <summary>Creates the provider.</summary>
    /// <param name="transport">The account's transport (it adds the account's access token).</param>
    /// <param name="appId">The account's AppID: part of the store key and the <c>appId</c> of <c>wx.config</c>.</param>
    /// <param name="store">Where tickets are shared; null for this process only.</param>
    /// <param name="options">Margins and lock expiry; null for the defaults.</param>
    /// <param name="timeProvider">The clock; null for the system clock.</param>
    /// <param name="logger">Where to log; null for none.</param>
    public WxJsApiTicketProvider(IWxTransport transport, string appId, IWxTokenStore? store = null, WxJsSdkOptions? options = null, TimeProvider? timeProvider = null, ILogger<WxJsApiTicketProvider>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        if (string.IsNullOrWhiteSpace(appId))
        {
            throw new ArgumentException("The account's AppID is required for the jsapi_ticket.", nameof(appId));
        }

        _options = options ?? new WxJsSdkOptions();
        var problems = _options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        _api = new WxApiClient(transport);
        AppId = appId;
        _store = store ?? new InMemoryWxTokenStore();
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _key = _options.TicketCacheKey ?? $"wxcontracts:jsapi_ticket:{appId}";
    }

    /// <inheritdoc/>
    public string AppId { get; }

    /// <inheritdoc/>
    public ValueTask<string> GetTicketAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _current);
        return current is not null && current.IsFresh(_time.GetUtcNow())
            ? new ValueTask<string>(current.Value)
            : new ValueTask<string>(ObtainAsync(rejected: null, cancellationToken));
    }

    /// <inheritdoc/>
    public async ValueTask<string?> RefreshRejectedTicketAsync(string rejectedTicket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rejectedTicket);
        var ticket = await ObtainAsync(rejectedTicket, cancellationToken).ConfigureAwait(false);
        return ticket == rejectedTicket ? null : ticket;
    }

    private async Task<string> ObtainAsync(string? rejected, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another caller of this instance may have done the work while this one waited.
            var current = Volatile.Read(ref _current);
            if (IsUsable(current, rejected))
            {
                return current!.Value;
            }

            var ticket = await WxSharedRefresh.ObtainAsync(
                _store,
                _key,
                _options.TicketLockExpiry,
                _time,
                stored => IsUsable(stored, rejected),
                (stored, ct) => FetchAsync(rejected is null ? (stored is null ? "cold" : "expiring") : "rejected", ct),
                "the WeChat jsapi_ticket",
                null,
                cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _current, ticket);
            return ticket.Value;
        }
        finally
        {
            _gate.Release();
        }
    }

    private bool IsUsable(WxCachedToken? ticket, string? rejected) =>
        ticket is not null && ticket.IsFresh(_time.GetUtcNow()) && (rejected is null || ticket.Value != rejected);

    private async Task<WxCachedToken> FetchAsync(string reason, CancellationToken cancellationToken)
    {
        var response = await _api.JsSdk.GetTicketAsync(new GetJsApiTicketRequest { Type = JsApiTicketType.Jsapi }, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(response.Ticket) || response.ExpiresIn is not > 0)
        {
            throw new InvalidOperationException("WeChat's getticket answered without a ticket or expires_in.");
        }

        var now = _time.GetUtcNow();
        var lifetime = TimeSpan.FromSeconds(response.ExpiresIn.Value);
        var margin = TimeSpan.FromTicks(Math.Min(_options.TicketRefreshMargin.Ticks, lifetime.Ticks / 2));
        _logger.LogInformation("Fetched the jsapi_ticket of {AppId} ({Reason}); it expires in {ExpiresIn} s.", AppId, reason, response.ExpiresIn.Value);
        return new WxCachedToken(response.Ticket, now + lifetime, now + lifetime - margin);
    }

    /// <inheritdoc/>
    public void Dispose() => _gate.Dispose();

    /// <inheritdoc/>
    public override string ToString() => $"WxJsApiTicketProvider({AppId}, ticket: ***)";
}
