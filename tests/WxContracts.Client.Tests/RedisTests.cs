using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace WxContracts.Client.Tests;

/// <summary>
/// The access token shared through a real redis-server between separate OS processes: N processes with a cold
/// cache make one token request; a lock holder that dies mid-refresh does not block the others for longer than
/// the lock's expiry.
/// </summary>
public sealed class RedisTests : IClassFixture<RedisServer>, IAsyncLifetime
{
    private readonly RedisServer _redis;
    private readonly ITestOutputHelper _output;
    private FakeWeChat _wechat = null!;

    public RedisTests(RedisServer redis, ITestOutputHelper output)
    {
        _redis = redis;
        _output = output;
    }

    public async Task InitializeAsync() => _wechat = await FakeWeChat.StartAsync();

    public async Task DisposeAsync() => await _wechat.DisposeAsync();

    private static string WorkerPath()
    {
        // tests/WxContracts.Client.Tests/bin/<Configuration>/net10.0/ → tests/WxContracts.TokenWorker/bin/<Configuration>/net10.0/
        var baseDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = baseDir.Parent!.Name;
        var path = Path.GetFullPath(Path.Combine(baseDir.FullName, "..", "..", "..", "..", "WxContracts.TokenWorker", "bin", configuration, baseDir.Name, "WxContracts.TokenWorker.dll"));
        Assert.True(File.Exists(path), "worker not built: " + path);
        return path;
    }

    private Process StartWorker(string key, int lockMs, bool waitForGo)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(WorkerPath());
        foreach (var a in new[] { "--redis", _redis.Configuration, "--base", _wechat.Address.ToString(), "--appid", FakeWeChat.AppId, "--secret-env", "WXC_TEST_SECRET", "--lock-ms", lockMs.ToString() })
        {
            info.ArgumentList.Add(a);
        }

        if (waitForGo)
        {
            info.ArgumentList.Add("--wait-for-go");
        }

        info.Environment["WXC_TEST_SECRET"] = FakeWeChat.AppSecret;
        info.Environment["WXC_TOKEN_KEY"] = key;
        return Process.Start(info)!;
    }

    private static async Task<string> ReadLineAsync(Process process, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        return await process.StandardOutput.ReadLineAsync(cts.Token) ?? throw new InvalidOperationException("worker ended early: " + await process.StandardError.ReadToEndAsync());
    }

    [Fact]
    public async Task Two_providers_in_one_process_with_a_cold_shared_cache_make_one_token_request()
    {
        _wechat.TokenDelay = TimeSpan.FromMilliseconds(300);
        await using var redisA = new RedisWxCache(_redis.Configuration);
        await using var redisB = new RedisWxCache(_redis.Configuration);
        using var http = new HttpClient();
        var options = new WxClientOptions { AppId = FakeWeChat.AppId, AppSecret = FakeWeChat.AppSecret, TokenCacheKey = "inproc:" + Guid.NewGuid() };
        options.Transport.BaseAddress = _wechat.Address;
        using var a = new WxAccessTokenProvider(http, options, new DistributedWxTokenStore(redisA, redisA));
        using var b = new WxAccessTokenProvider(http, options, new DistributedWxTokenStore(redisB, redisB));

        var tokens = await Task.WhenAll(a.GetAccessTokenAsync(default).AsTask(), b.GetAccessTokenAsync(default).AsTask());

        Assert.Equal(tokens[0], tokens[1]);
        Assert.Equal(1, _wechat.TokenRequests);
    }

    [Fact]
    public async Task Four_processes_with_a_cold_cache_make_exactly_one_token_request()
    {
        _wechat.TokenDelay = TimeSpan.FromMilliseconds(300);
        var key = "procs:" + Guid.NewGuid();
        var workers = Enumerable.Range(0, 4).Select(_ => StartWorker(key, 15000, waitForGo: true)).ToList();
        try
        {
            foreach (var w in workers)
            {
                Assert.Equal("ready", await ReadLineAsync(w, TimeSpan.FromSeconds(30)));
            }

            foreach (var w in workers)
            {
                await w.StandardInput.WriteLineAsync("go");
                await w.StandardInput.FlushAsync();
            }

            var results = new List<string>();
            foreach (var w in workers)
            {
                results.Add(await ReadLineAsync(w, TimeSpan.FromSeconds(60)));
                Assert.True(w.WaitForExit(30_000));
                Assert.Equal(0, w.ExitCode);
            }

            _output.WriteLine($"4 processes: token requests seen by the server = {_wechat.TokenRequests}");
            Assert.All(results, r => Assert.StartsWith("token-sha256:", r));
            Assert.Single(results.Distinct());
            Assert.Equal(1, _wechat.TokenRequests);
        }
        finally
        {
            foreach (var w in workers.Where(w => !w.HasExited))
            {
                w.Kill(true);
            }
        }
    }

    [Fact]
    public async Task A_lock_holder_killed_mid_refresh_does_not_block_the_others_beyond_the_lock_expiry()
    {
        var hang = new TaskCompletionSource();
        _wechat.TokenGate = hang.Task;
        var key = "killed:" + Guid.NewGuid();
        var holder = StartWorker(key, 2000, waitForGo: false);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            Assert.Equal("ready", await ReadLineAsync(holder, TimeSpan.FromSeconds(30)));
            while (_wechat.TokenRequests == 0)
            {
                Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30), "the first worker never asked for a token");
                await Task.Delay(20);
            }

            // The holder has the lock and waits for WeChat: kill it there.
            holder.Kill(entireProcessTree: true);
            Assert.True(holder.WaitForExit(10_000));
            _wechat.TokenGate = null;

            var next = StartWorker(key, 2000, waitForGo: false);
            Assert.Equal("ready", await ReadLineAsync(next, TimeSpan.FromSeconds(30)));
            var result = await ReadLineAsync(next, TimeSpan.FromSeconds(30));
            Assert.True(next.WaitForExit(30_000));
            _output.WriteLine($"second worker: {result}; token requests = {_wechat.TokenRequests}; total {stopwatch.Elapsed.TotalSeconds:F1} s");
            Assert.StartsWith("token-sha256:", result);
            Assert.Equal(0, next.ExitCode);
            Assert.Equal(2, _wechat.TokenRequests);
        }
        finally
        {
            hang.TrySetResult();
            if (!holder.HasExited)
            {
                holder.Kill(true);
            }
        }
    }
}
