using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Caching.Distributed;

namespace WxContracts;

/// <summary>Where tokens are kept between calls, and how refreshes are serialised across instances.</summary>
public interface IWxTokenStore
{
    /// <summary>Reads the token stored under <paramref name="key"/>, or null.</summary>
    ValueTask<WxCachedToken?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Stores a token under <paramref name="key"/>.</summary>
    ValueTask SetAsync(string key, WxCachedToken token, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the refresh lock for <paramref name="key"/>, which expires after <paramref name="expiry"/> if its holder
    /// dies. Returns null when another holder has it; disposing the result releases it.
    /// </summary>
    ValueTask<IAsyncDisposable?> TryAcquireRefreshLockAsync(string key, TimeSpan expiry, CancellationToken cancellationToken);
}

/// <summary>A lock shared by several processes (for example in Redis).</summary>
public interface IWxDistributedLock
{
    /// <summary>Takes the lock named <paramref name="name"/> for at most <paramref name="expiry"/>; null when it is held elsewhere.</summary>
    ValueTask<IAsyncDisposable?> TryAcquireAsync(string name, TimeSpan expiry, CancellationToken cancellationToken);
}

/// <summary>The default store: this process only. Refreshes are already single-flight inside the provider.</summary>
public sealed class InMemoryWxTokenStore : IWxTokenStore
{
    private readonly ConcurrentDictionary<string, WxCachedToken> _tokens = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public ValueTask<WxCachedToken?> GetAsync(string key, CancellationToken cancellationToken) =>
        new(_tokens.TryGetValue(key, out var token) ? token : null);

    /// <inheritdoc/>
    public ValueTask SetAsync(string key, WxCachedToken token, CancellationToken cancellationToken)
    {
        _tokens[key] = token;
        return default;
    }

    /// <inheritdoc/>
    public ValueTask<IAsyncDisposable?> TryAcquireRefreshLockAsync(string key, TimeSpan expiry, CancellationToken cancellationToken) =>
        new(NoLock.Instance);

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();

        public ValueTask DisposeAsync() => default;
    }
}

/// <summary>
/// Shares tokens between instances through an <see cref="IDistributedCache"/> (Redis, for example) and serialises
/// refreshes with an <see cref="IWxDistributedLock"/>, so N processes with a cold cache make one token request.
/// </summary>
public sealed class DistributedWxTokenStore : IWxTokenStore
{
    private readonly IDistributedCache _cache;
    private readonly IWxDistributedLock _lock;

    /// <summary>Creates the store.</summary>
    public DistributedWxTokenStore(IDistributedCache cache, IWxDistributedLock distributedLock)
    {
        _cache = cache ?? throw new ArgumentNullException(nameof(cache));
        _lock = distributedLock ?? throw new ArgumentNullException(nameof(distributedLock));
    }

    /// <inheritdoc/>
    public async ValueTask<WxCachedToken?> GetAsync(string key, CancellationToken cancellationToken) =>
        WxCachedToken.Deserialize(await _cache.GetStringAsync(key, cancellationToken).ConfigureAwait(false));

    /// <inheritdoc/>
    public async ValueTask SetAsync(string key, WxCachedToken token, CancellationToken cancellationToken) =>
        await _cache.SetStringAsync(
            key,
            token.Serialize(),
            new DistributedCacheEntryOptions { AbsoluteExpiration = token.ExpiresAt },
            cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public ValueTask<IAsyncDisposable?> TryAcquireRefreshLockAsync(string key, TimeSpan expiry, CancellationToken cancellationToken) =>
        _lock.TryAcquireAsync(key + ":refresh-lock", expiry, cancellationToken);
}
