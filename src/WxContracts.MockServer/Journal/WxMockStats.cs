using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using WxContracts.MockServer.State;

namespace WxContracts.MockServer;

/// <summary>Counters of the mock: calls per path, responses per errcode, faults, token issues. Thread-safe.</summary>
public sealed class WxMockStats
{
    private readonly ConcurrentDictionary<string, long> _calls = new(System.StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, long> _errcodes = new();
    private readonly TokenStore _tokens;
    private long _total;
    private long _faults;

    internal WxMockStats(TokenStore tokens) => _tokens = tokens;

    /// <summary>API requests received.</summary>
    public long TotalRequests => Interlocked.Read(ref _total);

    /// <summary>Access tokens issued (cgi-bin/token, stable_token and <see cref="WxMockServer.IssueAccessToken"/>).</summary>
    public long TokenIssues => _tokens.Issued;

    /// <summary>Faults that fired.</summary>
    public long FaultsApplied => Interlocked.Read(ref _faults);

    /// <summary>Requests per URL path.</summary>
    public IReadOnlyDictionary<string, long> CallsByPath => _calls.OrderBy(p => p.Key, System.StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value);

    /// <summary>Answers per errcode (answers without errcode are not counted).</summary>
    public IReadOnlyDictionary<int, long> ResponsesByErrCode => _errcodes.OrderBy(p => p.Key).ToDictionary(p => p.Key, p => p.Value);

    /// <summary>Requests to one path.</summary>
    public long CallsTo(string path) => _calls.TryGetValue(path, out var n) ? n : 0;

    internal void CountCall(string path)
    {
        Interlocked.Increment(ref _total);
        _calls.AddOrUpdate(path, 1, static (_, n) => n + 1);
    }

    internal void CountErrCode(int errcode) => _errcodes.AddOrUpdate(errcode, 1, static (_, n) => n + 1);

    internal void CountFault() => Interlocked.Increment(ref _faults);
}
