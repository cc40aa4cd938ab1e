using System;
using System.Collections.Concurrent;

namespace WxContracts.MockServer.State;

/// <summary>Daily call counts per endpoint path. A day starts at 00:00 Beijing time (UTC+8), as WeChat's quotas do.</summary>
internal sealed class QuotaCounter
{
    private static readonly TimeSpan s_beijing = TimeSpan.FromHours(8);
    private readonly ConcurrentDictionary<(string Path, DateOnly Day), int> _counts = new();
    private readonly TimeProvider _clock;

    public QuotaCounter(TimeProvider clock) => _clock = clock;

    /// <summary>Counts one call; false when it is over <paramref name="limit"/> for today.</summary>
    public bool TryConsume(string path, int limit)
    {
        var day = DateOnly.FromDateTime(_clock.GetUtcNow().ToOffset(s_beijing).DateTime);
        var count = _counts.AddOrUpdate((path, day), 1, static (_, n) => n + 1);
        return count <= limit;
    }

    public void Reset() => _counts.Clear();
}
