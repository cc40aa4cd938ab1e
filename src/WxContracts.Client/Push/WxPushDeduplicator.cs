using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace WxContracts.Push;

/// <summary>
/// Claims a push for handling exactly once: WeChat retries an unanswered push three times and may deliver the same push
/// to several instances behind a load balancer, so the first claim of a key within its time to live wins and every later
/// one (on this instance or another sharing the store) loses. A claim is one atomic "add if absent".
/// </summary>
public interface IWxPushDeduplicator
{
    /// <summary>
    /// Records <paramref name="key"/> for <paramref name="ttl"/> if nobody has; true for the one caller that recorded it.
    /// A store failure throws <see cref="WxPushDeduplicationException"/> (never a silent "first").
    /// </summary>
    ValueTask<bool> TryClaimAsync(string key, TimeSpan ttl, CancellationToken cancellationToken);
}

/// <summary>The de-duplication store failed (for example, Redis was unreachable); whether the push is new is unknown.</summary>
public sealed class WxPushDeduplicationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WxPushDeduplicationException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>
/// Claims in this process's memory: atomic across the threads of one instance (a <see cref="ConcurrentDictionary{TKey, TValue}"/>
/// add, or a compare-and-swap over an expired entry). Instances do not see each other's claims: use a shared store (Redis,
/// <c>AddWxRedisPushDeduplicator</c>) when more than one instance receives the callback.
/// </summary>
public sealed class MemoryWxPushDeduplicator : IWxPushDeduplicator
{
    private const int SweepEvery = 1024;
    private readonly ConcurrentDictionary<string, long> _expiries = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private int _claims;

    /// <summary>Creates the store; <paramref name="timeProvider"/> measures the time to live (default the system clock).</summary>
    public MemoryWxPushDeduplicator(TimeProvider? timeProvider = null) => _time = timeProvider ?? TimeProvider.System;

    /// <summary>How many keys are held (expired ones until the next sweep).</summary>
    public int Count => _expiries.Count;

    /// <inheritdoc/>
    public ValueTask<bool> TryClaimAsync(string key, TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (ttl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ttl), ttl, "The time to live must be positive.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var now = _time.GetUtcNow().UtcTicks;
        if (Interlocked.Increment(ref _claims) % SweepEvery == 0)
        {
            Sweep(now);
        }

        var expiry = now + ttl.Ticks;
        while (true)
        {
            if (_expiries.TryAdd(key, expiry))
            {
                return new ValueTask<bool>(true);
            }

            if (!_expiries.TryGetValue(key, out var held))
            {
                continue; // swept meanwhile: try the add again
            }

            if (held > now)
            {
                return new ValueTask<bool>(false);
            }

            // Expired: only one caller swaps the old expiry for its own.
            if (_expiries.TryUpdate(key, expiry, held))
            {
                return new ValueTask<bool>(true);
            }
        }
    }

    private void Sweep(long now)
    {
        foreach (var entry in _expiries)
        {
            if (entry.Value <= now)
            {
                // Removes the pair only if it is still the expired one (a fresh claim is left alone).
                _expiries.TryRemove(entry);
            }
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"MemoryWxPushDeduplicator({_expiries.Count} keys)";
}
