using System;
using System.Collections.Concurrent;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace WxContracts;

/// <summary>
/// Clients for accounts known only at run time (an agency's or a SaaS's tenants): <c>factory.GetClient(appId)</c>.
/// Credentials come from the application's <see cref="IWxAccountStore"/>; each account has its own token provider
/// (own cache key, own refresh lock, own single flight), transport, metrics tag and log scope.
/// </summary>
/// <typeparam name="TClient">The generated client, for example <c>WxApiClient</c>.</typeparam>
public interface IWxClientFactory<TClient>
    where TClient : class
{
    /// <summary>
    /// The client of <paramref name="appId"/>, created at the first request and kept. The account store is asked at
    /// the first token request: an unknown AppID fails that call with <see cref="WxAccountNotFoundException"/>.
    /// </summary>
    TClient GetClient(string appId);

    /// <summary>Like <see cref="GetClient"/>, but checks the account store first: an unknown AppID throws here.</summary>
    ValueTask<TClient> GetClientAsync(string appId, CancellationToken cancellationToken = default);
}

/// <summary>The <see cref="IWxClientFactory{TClient}"/> registered by <c>AddWxClientFactory</c>.</summary>
public sealed class WxClientFactory<TClient> : IWxClientFactory<TClient>, IDisposable
    where TClient : class
{
    private readonly ConcurrentDictionary<string, Lazy<Entry>> _clients = new(StringComparer.Ordinal);
    private readonly Func<IWxTransport, TClient> _clientFactory;
    private readonly Action<WxClientOptions> _configure;
    private readonly IWxAccountStore _accounts;
    private readonly Func<HttpClient> _http;
    private readonly IWxTokenStore _tokenStore;
    private readonly TimeProvider? _time;
    private readonly ILoggerFactory? _loggers;

    /// <summary>Creates the factory.</summary>
    /// <param name="clientFactory">Makes the generated client over a transport (<c>t =&gt; new WxApiClient(t)</c>).</param>
    /// <param name="configure">Settings shared by all accounts (base address, token mode, retries...); AppId is set per account, AppSecret comes from <paramref name="accounts"/>.</param>
    /// <param name="accounts">Where credentials are found.</param>
    /// <param name="http">Supplies the HttpClient (one per account, from IHttpClientFactory under DI).</param>
    /// <param name="tokenStore">Where tokens are shared (keys are per AppID).</param>
    /// <param name="timeProvider">The clock; null for the system clock.</param>
    /// <param name="loggers">Where to log; null for none.</param>
    public WxClientFactory(Func<IWxTransport, TClient> clientFactory, Action<WxClientOptions>? configure, IWxAccountStore accounts, Func<HttpClient> http, IWxTokenStore? tokenStore = null, TimeProvider? timeProvider = null, ILoggerFactory? loggers = null)
    {
        _clientFactory = clientFactory ?? throw new ArgumentNullException(nameof(clientFactory));
        _configure = configure ?? (_ => { });
        _accounts = accounts ?? throw new ArgumentNullException(nameof(accounts));
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _tokenStore = tokenStore ?? new InMemoryWxTokenStore();
        _time = timeProvider;
        _loggers = loggers;
    }

    /// <inheritdoc/>
    public TClient GetClient(string appId)
    {
        if (string.IsNullOrWhiteSpace(appId) || appId.Length > 64 || appId.AsSpan().IndexOfAny(" \t\r\n/?&#%:") >= 0)
        {
            throw new ArgumentException($"'{appId}' is not an AppID.", nameof(appId));
        }

        return _clients.GetOrAdd(appId, id => new Lazy<Entry>(() => Create(id), LazyThreadSafetyMode.ExecutionAndPublication)).Value.Client;
    }

    /// <inheritdoc/>
    public async ValueTask<TClient> GetClientAsync(string appId, CancellationToken cancellationToken = default)
    {
        var client = GetClient(appId);
        _ = await _accounts.FindAsync(appId, cancellationToken).ConfigureAwait(false) ?? throw new WxAccountNotFoundException(appId);
        return client;
    }

    private Entry Create(string appId)
    {
        var options = new WxClientOptions();
        _configure(options);
        options.AppId = appId;
        options.AppSecret = null; // from the account store, at every token request
        var http = _http();
        var tokens = new WxAccessTokenProvider(
            http,
            options,
            _tokenStore,
            _time,
            _loggers?.CreateLogger<WxAccessTokenProvider>(),
            appId,
            async cancellationToken => (await _accounts.FindAsync(appId, cancellationToken).ConfigureAwait(false) ?? throw new WxAccountNotFoundException(appId)).AppSecret);
        var transport = new WxHttpTransport(http, tokens, options.Transport, _time, _loggers?.CreateLogger<WxHttpTransport>(), appId);
        return new Entry(_clientFactory(transport), tokens);
    }

    /// <summary>Releases the token providers.</summary>
    public void Dispose()
    {
        foreach (var entry in _clients.Values)
        {
            if (entry.IsValueCreated)
            {
                entry.Value.Tokens.Dispose();
            }
        }
    }

    private sealed record Entry(TClient Client, WxAccessTokenProvider Tokens);
}
