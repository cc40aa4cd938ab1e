using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WxContracts.Api;
using WxContracts.MockServer;
using Xunit;
using Xunit.Abstractions;

namespace WxContracts.Reliability.Tests;

/// <summary>The soak measures process-wide things (memory, unobserved task exceptions): it runs alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultSoakCollection
{
    public const string Name = "Fault soak";
}

/// <summary>
/// Mixed calls from 32 concurrent callers through the generated client and the real runtime (DI, stable_token,
/// retries) against the mock server on 127.0.0.1, with faults injected on every path called: 5% errcode -1, 1%
/// connection reset after the body was read, 1% HTTP 502 with an HTML page, 1% revocation of every token, and
/// latency (a few of them past the attempt timeout). WXC_SOAK_CALLS sets the number of calls (default 2,000 for the
/// test suite; docs/reliability.md reports a 10,000-call run).
/// </summary>
[Collection(FaultSoakCollection.Name)]
public class FaultSoakTests
{
    private const string AppId = "wxsoak0123456789";
    private const string AppSecret = "soak-app-secret-5c1e9b7d";
    private const int Callers = 32;
    private const int Seed = 8_2025;
    private const long MemoryBoundBytes = 20 * 1024 * 1024;

    private const string ReplyPath = "/cgi-bin/comment/reply/add";
    private const string TokenPath = "/cgi-bin/stable_token";

    private static readonly string[] s_soakedPaths =
    {
        ReplyPath, "/cgi-bin/get_current_autoreply_info", "/cgi-bin/comment/list", "/cgi-bin/user/get", "/cgi-bin/comment/markelect",
    };

    private readonly ITestOutputHelper _output;

    public FaultSoakTests(ITestOutputHelper output) => _output = output;

    private static int Calls => int.TryParse(Environment.GetEnvironmentVariable("WXC_SOAK_CALLS"), out var n) && n > 0 ? n : 2_000;

    /// <summary>What a call does: a reply (not idempotent) or one of four idempotent reads and marks.</summary>
    internal enum CallKind
    {
        Reply,
        AutoReplyInfo,
        ListComments,
        GetFans,
        MarkElect,
    }

    /// <summary>The kind of call number <paramref name="index"/>: 30% replies, the rest idempotent; seeded.</summary>
    internal static CallKind KindOf(int index)
    {
        var roll = new Random(unchecked((Seed * 397) ^ index)).Next(100);
        return roll switch
        {
            < 30 => CallKind.Reply,
            < 55 => CallKind.AutoReplyInfo,
            < 75 => CallKind.ListComments,
            < 90 => CallKind.GetFans,
            _ => CallKind.MarkElect,
        };
    }

    /// <summary>The comment reply number <paramref name="index"/> answers: each call its own (msg_data_id, index, user_comment_id).</summary>
    internal static ReplyCommentRequest ReplyFor(int index) => new()
    {
        MsgDataId = 1_000_000 + index,
        Index = index % 3,
        UserCommentId = 1 + index % 100, // the mock's comments 1-100 exist
        Content = "soak reply " + index,
    };

    private static void AddFaults(WxMockServer mock)
    {
        foreach (var path in s_soakedPaths)
        {
            // Latency: most calls a little, a few past the 1 s attempt timeout.
            mock.Faults.Add(new WxMockFault { Kind = WxMockFaultKind.Latency, Path = path, Rate = 0.20, Latency = TimeSpan.FromMilliseconds(2) });
            mock.Faults.Add(new WxMockFault { Kind = WxMockFaultKind.Latency, Path = path, Rate = 0.05, Latency = TimeSpan.FromMilliseconds(25) });
            mock.Faults.Add(new WxMockFault { Kind = WxMockFaultKind.Latency, Path = path, Rate = 0.01, Latency = TimeSpan.FromMilliseconds(150) });
            mock.Faults.Add(new WxMockFault { Kind = WxMockFaultKind.Latency, Path = path, Rate = 0.003, Latency = TimeSpan.FromMilliseconds(1_500) });

            // At most one of these fires per request: the first whose seeded draw succeeds.
            mock.Faults.Add(new WxMockFault { Kind = WxMockFaultKind.SystemError, Path = path, Rate = 0.05 });
            mock.Faults.Add(new WxMockFault { Kind = WxMockFaultKind.ResetAfterBody, Path = path, Rate = 0.01 });
            mock.Faults.Add(new WxMockFault { Kind = WxMockFaultKind.HttpError, Path = path, Rate = 0.01, StatusCode = 502 });
            mock.Faults.Add(new WxMockFault { Kind = WxMockFaultKind.RevokeTokens, Path = path, Rate = 0.01 });
        }

        // The token endpoint is not faulted (the token bound below counts its requests), but slow: a wide window
        // for callers that need a token at the same time.
        mock.Faults.Add(new WxMockFault { Kind = WxMockFaultKind.Latency, Path = TokenPath, Latency = TimeSpan.FromMilliseconds(20) });
    }

    private static Task CallAsync(WxApiClient client, int index, CancellationToken cancellationToken) => CallAsync(client, KindOf(index), index, cancellationToken);

    private static Task CallAsync(WxApiClient client, CallKind kind, int index, CancellationToken cancellationToken) => kind switch
    {
        CallKind.Reply => client.Comment.ReplyAsync(ReplyFor(index), cancellationToken),
        CallKind.AutoReplyInfo => client.AutoReply.GetCurrentInfoAsync(cancellationToken),
        CallKind.ListComments => client.Comment.ListAsync(new ListCommentRequest { MsgDataId = 2_000_000 + index, Begin = 0, Count = 20, Type = CommentListType.All }, cancellationToken),
        CallKind.GetFans => client.User.GetFansAsync(new GetFansRequest { NextOpenid = index % 2 == 0 ? null : "OPENID" + index }, cancellationToken),
        _ => client.Comment.MarkElectAsync(new MarkElectCommentRequest { MsgDataId = 3_000_000 + index, UserCommentId = 1 + index % 100 }, cancellationToken),
    };

    [Fact]
    public async Task FaultSoak_keeps_every_guarantee_under_injected_faults()
    {
        var unobserved = new ConcurrentQueue<string>();
        void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e) => unobserved.Enqueue(e.Exception.ToString());
        TaskScheduler.UnobservedTaskException += OnUnobserved;
        try
        {
            await SoakAsync(Calls);

            // (4) Tasks whose exceptions nobody observed are reported when they are finalised.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            _output.WriteLine($"unobserved task exceptions: {unobserved.Count}");
            Assert.True(unobserved.IsEmpty, "unobserved task exceptions:\n" + string.Join("\n", unobserved.Take(3)));
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= OnUnobserved;
        }
    }

    private async Task SoakAsync(int calls)
    {
        using var logs = new FileLogSink();
        var tokens = new RecordingTokenStore();
        await using var mock = await WxMockServer.StartAsync(new WxMockOptions
        {
            AppId = AppId,
            AppSecret = AppSecret,
            FaultSeed = Seed,
            DailyQuota = int.MaxValue, // the soak is about faults, not quotas
            JournalCapacity = 1_000_000,
        });

        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddSingleton<IWxTokenStore>(tokens);
        services.AddWxOfficialAccount(t => new WxApiClient(t), o =>
        {
            o.AppId = AppId;
            o.AppSecret = AppSecret;
            o.Transport.BaseAddress = mock.BaseAddress;
            o.Transport.AttemptTimeout = TimeSpan.FromSeconds(1);
        });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<WxApiClient>();

        // Warm-up without faults, then the memory baseline. First the server and the HTTP stack with calls that need
        // no token (a cold first request can take longer than the 1 s attempt timeout on a loaded machine), then the
        // client: connection pool, the first token, every kind of call.
        using (var raw = new System.Net.Http.HttpClient())
        {
            for (var i = 0; i < 5; i++)
            {
                (await raw.GetAsync(new Uri(mock.BaseAddress, "cgi-bin/get_current_autoreply_info"))).Dispose(); // 41001
            }
        }

        for (var i = 0; i < 40; i++)
        {
            await CallAsync(client, (CallKind)(i % 5), 10_000_000 + i, CancellationToken.None);
        }

        mock.Journal.Clear();
        var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        AddFaults(mock);

        var outcomes = new string[calls];
        var next = -1;
        var watch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, Callers).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < calls)
            {
                outcomes[index] = await OutcomeOfAsync(client, index, logs);
            }
        }));
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromMinutes(15));
        watch.Stop();
        mock.Faults.Clear();

        var report = Check(mock, outcomes, tokens, logs);
        var retries = logs.Count(nameof(WxHttpTransport), 5);
        var tokenRepeats = logs.Count(nameof(WxHttpTransport), 6);

        // (6) Memory: the journal and the log file are the test's records, not the client's; drop them first.
        mock.Journal.Clear();
        var memoryAfter = GC.GetTotalMemory(forceFullCollection: true);

        _output.WriteLine($"fault soak: {calls} calls from {Callers} callers in {watch.Elapsed.TotalSeconds:F1} s ({calls / watch.Elapsed.TotalSeconds:F0} calls/s), seed {Seed}");
        foreach (var line in report)
        {
            _output.WriteLine(line);
        }

        _output.WriteLine($"retries logged by the transport: {retries} (backoff retries), {tokenRepeats} (repeats after a rejected token)");
        _output.WriteLine($"log lines captured at Trace: {logs.Lines}");
        _output.WriteLine($"memory: before {memoryBefore / 1024.0 / 1024:F1} MB, after {memoryAfter / 1024.0 / 1024:F1} MB, growth {(memoryAfter - memoryBefore) / 1024.0 / 1024:F1} MB (bound {MemoryBoundBytes / 1024 / 1024} MB)");
        Assert.True(memoryAfter - memoryBefore < MemoryBoundBytes, $"memory grew by {(memoryAfter - memoryBefore) / 1024 / 1024} MB");
        Assert.True(retries > 0, "the faults should have caused retries");
    }

    /// <summary>Makes one call; returns "success", "api {errcode}" or "request {failure}"; anything else is reported as untyped.</summary>
    private static async Task<string> OutcomeOfAsync(WxApiClient client, int index, FileLogSink logs)
    {
        try
        {
            await CallAsync(client, index, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));
            return "success";
        }
        catch (WxApiException ex)
        {
            logs.Append("exception: " + ex);
            return "api " + ex.ErrorCode;
        }
        catch (WxRequestException ex)
        {
            logs.Append("exception: " + ex);
            return "request " + ex.Failure;
        }
        catch (Exception ex)
        {
            logs.Append("exception: " + ex);
            return "UNTYPED " + ex.GetType().Name + ": " + ex.Message;
        }
    }

    /// <summary>Checks properties 1, 2, 3 and 5 and returns the figures (synchronous: nothing it reads outlives it).</summary>
    private static List<string> Check(WxMockServer mock, string[] outcomes, RecordingTokenStore tokens, FileLogSink logs)
    {
        var report = new List<string>();
        var journal = mock.Journal.Entries;

        // (2) Every call ended in a success or a typed failure.
        foreach (var group in outcomes.Select((o, i) => (Kind: KindOf(i), Outcome: o)).GroupBy(x => x.Kind).OrderBy(g => g.Key))
        {
            report.Add($"  {group.Key}: {group.Count()} calls: " + string.Join(", ", group.GroupBy(x => x.Outcome).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}")));
        }

        var untyped = outcomes.Where(o => o is null || o.StartsWith("UNTYPED", StringComparison.Ordinal)).ToList();
        Assert.True(untyped.Count == 0, $"{untyped.Count} calls ended in something other than a success, WxApiException or WxRequestException: " + string.Join(" | ", untyped.Take(3)));

        // (1) Every reply reached the server at most once. A request WeChat refused for its token (40001, 40014,
        // 42001) was not acted on, and the transport repeats it once with a new token; every other arrival counts, a
        // reset one too. So: at most one arrival that was not refused for its token, at most two arrivals, and a
        // second arrival only after a refusal for the token.
        var tokenRejections = new[] { 40001, 40014, 42001 };
        bool RefusedForToken(WxMockJournalEntry e) => e.ErrCode is { } c && tokenRejections.Contains(c);
        var replies = journal.Where(e => e.Path == ReplyPath && e.Body is not null)
            .GroupBy(e => ReplyKey(e.Body!))
            .ToList();
        var duplicated = replies.Where(g =>
        {
            var arrivals = g.OrderBy(e => e.Sequence).ToList();
            return arrivals.Count(e => !RefusedForToken(e)) > 1 || arrivals.Count > 2 || (arrivals.Count == 2 && !RefusedForToken(arrivals[0]));
        }).ToList();
        Assert.True(duplicated.Count == 0, $"{duplicated.Count} replies reached the server more than once, e.g. {duplicated.FirstOrDefault()?.Key}: " + string.Join("; ", duplicated.FirstOrDefault()?.Select(e => e.ToString()) ?? Array.Empty<string>()));
        Assert.DoesNotContain(journal, e => e.Path == ReplyPath && e.Body is null); // the journal says which reply arrived
        Assert.DoesNotContain(journal, e => e.Path == ReplyPath && e.ErrCode == 88005);
        var replyIndexes = Enumerable.Range(0, outcomes.Length).Where(i => KindOf(i) == CallKind.Reply).ToList();
        Assert.DoesNotContain(replyIndexes, i => outcomes[i] == "api 88005");

        // A reply the client saw succeed was acted on exactly once.
        var acted = replies.ToDictionary(g => g.Key, g => g.Count(e => e.ErrCode == 0));
        foreach (var i in replyIndexes.Where(i => outcomes[i] == "success"))
        {
            var r = ReplyFor(i);
            Assert.Equal(1, acted.GetValueOrDefault((r.MsgDataId, r.Index ?? 0, r.UserCommentId)));
        }

        Assert.Equal(replyIndexes.Count, replies.Count); // on loopback every reply reaches the server (none fails to connect)
        report.Add($"  replies: {replyIndexes.Count} calls, {replies.Count} distinct comments reached the server, {replies.Sum(g => g.Count())} arrivals ({replies.Sum(g => g.Count(RefusedForToken))} refused for the token), 0 duplicates, 0 errcode 88005");

        // A call that failed with 40001 had used its one repeat with another token: two refused arrivals (checked on
        // the calls the journal can tell apart: replies, comment lists and marks carry their own msg_data_id).
        var byCall = journal.Where(e => e.Body is not null && e.Body.Contains("msg_data_id", StringComparison.Ordinal))
            .GroupBy(e => (e.Path, JsonNode.Parse(e.Body!)!["msg_data_id"]!.GetValue<long>()))
            .ToDictionary(g => g.Key, g => g.OrderBy(e => e.Sequence).ToList());
        var refusedTwice = 0;
        foreach (var i in Enumerable.Range(0, outcomes.Length).Where(i => outcomes[i] == "api 40001"))
        {
            var key = KindOf(i) switch
            {
                CallKind.Reply => (ReplyPath, 1_000_000L + i),
                CallKind.ListComments => ("/cgi-bin/comment/list", 2_000_000L + i),
                CallKind.MarkElect => ("/cgi-bin/comment/markelect", 3_000_000L + i),
                _ => default,
            };
            if (key.Item1 is null)
            {
                continue;
            }

            var refused = byCall[key].Where(RefusedForToken).ToList();
            Assert.True(refused.Count == 2, $"call {i} ({KindOf(i)}) failed with 40001 after {refused.Count} refused arrivals: " + string.Join("; ", byCall[key]));
            refusedTwice++;
        }

        report.Add($"  40001 failures told apart by the journal: {refusedTwice}, each refused twice: the one repeat with a new token was refused too (another revocation came first)");

        // (3) Token requests: one for the first token, at most one more per revocation.
        var revocations = journal.Count(e => e.Fault?.Contains("revoke_tokens", StringComparison.Ordinal) == true);
        var tokenRequests = mock.Stats.CallsTo(TokenPath);
        report.Add($"  token requests: {tokenRequests} (issued {mock.Stats.TokenIssues}) for {revocations} revocations; bound 1 + revocations = {1 + revocations}");
        Assert.True(tokenRequests <= 1 + revocations, $"{tokenRequests} token requests for {revocations} revocations");
        Assert.True(mock.Stats.TokenIssues <= 1 + revocations);
        Assert.Equal(mock.Stats.TokenIssues, tokens.Seen.Count); // the client stored every token the mock issued

        var faults = journal.Where(e => e.Fault is not null)
            .SelectMany(e => e.Fault!.Split('+'))
            .GroupBy(f => f)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} {g.Count()}");
        report.Add($"  requests received: {journal.Count(e => e.Path != TokenPath)} API, {journal.Count(e => e.Path == TokenPath)} token; faults fired: " + string.Join(", ", faults));
        report.Add("  errcodes answered: " + string.Join(", ", journal.Where(e => e.ErrCode is not null).GroupBy(e => e.ErrCode!.Value).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}")));

        // (5) Neither the AppSecret nor any token issued shows in a log line or an exception text.
        var secrets = tokens.Seen.Append(AppSecret).ToList();
        var lines = 0;
        foreach (var line in logs.ReadLines())
        {
            lines++;
            foreach (var secret in secrets)
            {
                Assert.False(line.Contains(secret, StringComparison.Ordinal), "a log line or exception text carries a secret: " + line.Replace(secret, "<SECRET>", StringComparison.Ordinal));
            }
        }

        report.Add($"  secrets: {secrets.Count - 1} tokens and the AppSecret searched in {lines} log lines and exception texts: none found");
        Assert.True(lines > outcomes.Length, "the logs should have been captured");
        return report;
    }

    private static (long MsgDataId, int Index, long UserCommentId) ReplyKey(string body)
    {
        var json = JsonNode.Parse(body)!;
        return (json["msg_data_id"]!.GetValue<long>(), json["index"]?.GetValue<int>() ?? 0, json["user_comment_id"]!.GetValue<long>());
    }

    /// <summary>The in-memory store, remembering every token the runtime stored (to search the logs for them).</summary>
    private sealed class RecordingTokenStore : IWxTokenStore
    {
        private readonly InMemoryWxTokenStore _inner = new();

        public ConcurrentDictionary<string, bool> SeenSet { get; } = new(StringComparer.Ordinal);

        public IReadOnlyCollection<string> Seen => SeenSet.Keys.ToList();

        public ValueTask<WxCachedToken?> GetAsync(string key, CancellationToken cancellationToken) => _inner.GetAsync(key, cancellationToken);

        public ValueTask SetAsync(string key, WxCachedToken token, CancellationToken cancellationToken)
        {
            SeenSet[token.Value] = true;
            return _inner.SetAsync(key, token, cancellationToken);
        }

        public ValueTask<IAsyncDisposable?> TryAcquireRefreshLockAsync(string key, TimeSpan expiry, CancellationToken cancellationToken) =>
            _inner.TryAcquireRefreshLockAsync(key, expiry, cancellationToken);
    }
}
