using System;
using System.Threading;
using System.Threading.Tasks;

namespace WxContracts;

/// <summary>
/// The cross-instance half of a shared credential's refresh (the access token, the jsapi_ticket): read the store;
/// if nothing usable is there, take the store's refresh lock, read again under it (the previous holder may have just
/// stored one), and only then fetch from WeChat and store the result. Without the lock, wait for the instance that
/// holds it, with backoff, and take over if its lock expires. Callers single-flight within their own instance.
/// </summary>
public static class WxSharedRefresh
{
    /// <summary>Returns a usable credential from the store, or a fetched one that is now stored.</summary>
    /// <param name="store">The shared store.</param>
    /// <param name="key">The credential's key in the store.</param>
    /// <param name="lockExpiry">How long a refresh lock lives; waiting gives up after twice this.</param>
    /// <param name="time">The clock.</param>
    /// <param name="isUsable">Whether a stored credential may be used (fresh, and not the one WeChat rejected).</param>
    /// <param name="fetch">Fetches a new credential; receives the stored one it replaces (null when there was none).</param>
    /// <param name="what">The credential's name, for the timeout message ("the WeChat access token").</param>
    /// <param name="onWaiting">Called each time another instance holds the lock (for logging).</param>
    /// <param name="cancellationToken">Cancels the wait, the store calls and the fetch.</param>
    public static async Task<WxCachedToken> ObtainAsync(
        IWxTokenStore store,
        string key,
        TimeSpan lockExpiry,
        TimeProvider time,
        Func<WxCachedToken?, bool> isUsable,
        Func<WxCachedToken?, CancellationToken, Task<WxCachedToken>> fetch,
        string what,
        Action? onWaiting,
        CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + lockExpiry + lockExpiry;
        var wait = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            var stored = await store.GetAsync(key, cancellationToken).ConfigureAwait(false);
            if (isUsable(stored))
            {
                return stored!;
            }

            var held = await store.TryAcquireRefreshLockAsync(key, lockExpiry, cancellationToken).ConfigureAwait(false);
            if (held is null)
            {
                // Another instance is refreshing: wait for its result, and take over if its lock expires.
                if (time.GetUtcNow() > deadline)
                {
                    throw new TimeoutException($"Timed out waiting for another instance to refresh {what}.");
                }

                onWaiting?.Invoke();
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
                wait = TimeSpan.FromMilliseconds(Math.Min(wait.TotalMilliseconds * 2, 500));
                continue;
            }

            try
            {
                // Re-read under the lock: the previous holder may have stored one just before releasing.
                stored = await store.GetAsync(key, cancellationToken).ConfigureAwait(false);
                if (isUsable(stored))
                {
                    return stored!;
                }

                var fresh = await fetch(stored, cancellationToken).ConfigureAwait(false);
                await store.SetAsync(key, fresh, cancellationToken).ConfigureAwait(false);
                return fresh;
            }
            finally
            {
                await held.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
