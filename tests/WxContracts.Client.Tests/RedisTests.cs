using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
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

    private Process StartWorker(string key, int lockMs, bool waitForGo, string? appIds = null, string? secrets = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(WorkerPath());
        foreach (var a in new[] { "--redis", _redis.Configuration, "--base", _wechat.Address.ToString(), "--appid", appIds ?? FakeWeChat.AppId, "--secret-env", "WXC_TEST_SECRET", "--lock-ms", lockMs.ToString() })
        {
            info.ArgumentList.Add(a);
        }

        if (waitForGo)
        {
            info.ArgumentList.Add("--wait-for-go");
        }

        info.Environment["WXC_TEST_SECRET"] = secrets ?? FakeWeChat.AppSecret;
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
        await using var redisA = new RedisWxTokenStore(_redis.Configuration);
        await using var redisB = new RedisWxTokenStore(_redis.Configuration);
        using var http = new HttpClient();
        var options = new WxClientOptions { AppId = FakeWeChat.AppId, AppSecret = FakeWeChat.AppSecret, TokenCacheKey = "inproc:" + Guid.NewGuid() };
        options.Transport.BaseAddress = _wechat.Address;
        using var a = new WxAccessTokenProvider(http, options, redisA);
        using var b = new WxAccessTokenProvider(http, options, redisB);

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

    [Fact]
    public async Task Two_processes_serving_three_accounts_make_three_token_requests_in_all()
    {
        _wechat.TokenDelay = TimeSpan.FromMilliseconds(300);
        var apps = new[] { "wx-brand-a", "wx-brand-b", "wx-brand-c" };
        foreach (var app in apps)
        {
            _wechat.Accounts[app] = "SECRET-" + app + "-do-not-log";
        }

        var key = "accounts:" + Guid.NewGuid();
        var workers = Enumerable.Range(0, 2)
            .Select(_ => StartWorker(key, 15000, waitForGo: true, string.Join(",", apps), string.Join(",", apps.Select(a => _wechat.Accounts[a]))))
            .ToList();
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

            var perWorker = new List<List<string>>();
            foreach (var w in workers)
            {
                var lines = new List<string>();
                for (var i = 0; i < apps.Length; i++)
                {
                    lines.Add(await ReadLineAsync(w, TimeSpan.FromSeconds(60)));
                }

                Assert.True(w.WaitForExit(30_000));
                Assert.Equal(0, w.ExitCode);
                perWorker.Add(lines);
            }

            _output.WriteLine($"2 processes x 3 accounts: token requests = {_wechat.TokenRequests} ({string.Join(", ", apps.Select(a => a + ": " + _wechat.TokenRequestsByApp.GetValueOrDefault(a)))})");
            Assert.Equal(3, _wechat.TokenRequests);
            Assert.All(apps, a => Assert.Equal(1, _wechat.TokenRequestsByApp[a]));

            // Both processes hold the same token per account, and the three accounts' tokens differ.
            Assert.Equal(perWorker[0], perWorker[1]);
            Assert.Equal(3, perWorker[0].Distinct().Count());
        }
        finally
        {
            foreach (var w in workers.Where(w => !w.HasExited))
            {
                w.Kill(true);
            }
        }
    }

    private WxClientOptions Options(string key)
    {
        var options = new WxClientOptions { AppId = FakeWeChat.AppId, AppSecret = FakeWeChat.AppSecret, TokenCacheKey = key };
        options.Transport.BaseAddress = _wechat.Address;
        return options;
    }

    [Fact]
    public async Task A_server_with_requirepass_works_with_the_password_and_fails_clearly_with_a_wrong_one()
    {
        const string password = "redis-pass-6b1d0e";
        await using var server = await RedisServer.StartAsync(password);
        using var http = new HttpClient();

        await using (var store = new RedisWxTokenStore(server.Configuration))
        {
            using var provider = new WxAccessTokenProvider(http, Options("auth:" + Guid.NewGuid()), store);
            Assert.StartsWith("TOKEN-", await provider.GetAccessTokenAsync(default));
        }

        await using (var wrong = new RedisWxTokenStore($"127.0.0.1:{server.Port},password=not-the-password,connectTimeout=2000"))
        {
            using var provider = new WxAccessTokenProvider(http, Options("auth:" + Guid.NewGuid()), wrong);
            var ex = await Assert.ThrowsAsync<WxTokenStoreException>(() => provider.GetAccessTokenAsync(default).AsTask());
            _output.WriteLine(ex.Message);
            Assert.StartsWith("Redis failed", ex.Message);
            Assert.Contains("auth", ex.Message, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("not-the-password", ex.ToString());
        }

        await using (var none = new RedisWxTokenStore($"127.0.0.1:{server.Port},connectTimeout=2000"))
        {
            using var provider = new WxAccessTokenProvider(http, Options("auth:" + Guid.NewGuid()), none);
            var ex = await Assert.ThrowsAsync<WxTokenStoreException>(() => provider.GetAccessTokenAsync(default).AsTask());
            _output.WriteLine(ex.Message);
        }

        Assert.Equal(1, _wechat.TokenRequests);
    }

    [Fact]
    public async Task The_token_is_kept_in_the_database_the_configuration_names()
    {
        var key = "db:" + Guid.NewGuid();
        await using var store = new RedisWxTokenStore(_redis.Configuration + ",defaultDatabase=3");
        using var http = new HttpClient();
        using var provider = new WxAccessTokenProvider(http, Options(key), store);
        await provider.GetAccessTokenAsync(default);

        await using var check = await ConnectionMultiplexer.ConnectAsync(_redis.Configuration);
        Assert.True(await check.GetDatabase(3).KeyExistsAsync(key));
        Assert.False(await check.GetDatabase(0).KeyExistsAsync(key));
    }

    [Fact]
    public async Task The_applications_own_connection_is_used_from_the_container_and_left_open()
    {
        var services = new ServiceCollection();
        var connection = await ConnectionMultiplexer.ConnectAsync(_redis.Configuration);
        services.AddSingleton<IConnectionMultiplexer>(connection);
        services.AddWxRedisTokenStore(o => o.KeyPrefix = "app1:");
        services.AddWxOfficialAccount(t => new WxContracts.Api.WxApiClient(t), o =>
        {
            o.AppId = FakeWeChat.AppId;
            o.AppSecret = FakeWeChat.AppSecret;
            o.Transport.BaseAddress = _wechat.Address;
        });
        await using (var provider = services.BuildServiceProvider())
        {
            Assert.IsType<RedisWxTokenStore>(provider.GetRequiredService<IWxTokenStore>());
            await provider.GetRequiredService<WxContracts.Api.WxApiClient>().AutoReply.GetCurrentInfoAsync();
        }

        Assert.True(connection.IsConnected);
        Assert.True(await connection.GetDatabase().KeyExistsAsync("app1:wxcontracts:token:" + FakeWeChat.AppId + ":stable"));
        await connection.DisposeAsync();
    }

    [Fact]
    public async Task A_Redis_error_on_the_lock_is_a_store_error_not_a_lock_held_elsewhere()
    {
        await using var server = await RedisServer.StartAsync();
        await using var admin = await ConnectionMultiplexer.ConnectAsync(server.Configuration + ",allowAdmin=true");
        await using var store = new RedisWxTokenStore(server.Configuration);
        using var http = new HttpClient();
        using var provider = new WxAccessTokenProvider(http, Options("oom:" + Guid.NewGuid()), store);

        // Every write now fails with "-OOM command not allowed": SET NX included.
        var redisServer = admin.GetServer(admin.GetEndPoints()[0]);
        await redisServer.ConfigSetAsync("maxmemory-policy", "noeviction");
        await redisServer.ConfigSetAsync("maxmemory", "1");

        var stopwatch = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<WxTokenStoreException>(() => provider.GetAccessTokenAsync(default).AsTask());
        _output.WriteLine($"{stopwatch.ElapsedMilliseconds} ms: {ex.Message}");
        Assert.Contains("refresh lock", ex.Message);
        Assert.Contains("OOM", ex.Message);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), "failed fast, not after waiting for a lock");
        Assert.Equal(0, _wechat.TokenRequests);
    }

    [Fact]
    public async Task Redis_stopped_mid_run_gives_typed_errors_and_calls_recover_when_it_returns()
    {
        await using var server = await RedisServer.StartAsync();
        await using var store = new RedisWxTokenStore(server.Configuration + ",connectTimeout=1000,asyncTimeout=1000,connectRetry=1");
        using var http = new HttpClient();
        using var warm = new WxAccessTokenProvider(http, Options("stop:" + Guid.NewGuid()), store);
        var token = await warm.GetAccessTokenAsync(default);

        server.Stop();

        // A provider that already holds a token keeps serving it; one that has to go to Redis fails with a typed error.
        Assert.Equal(token, await warm.GetAccessTokenAsync(default));
        using var cold = new WxAccessTokenProvider(http, Options("stop:" + Guid.NewGuid()), store);
        for (var i = 0; i < 3; i++)
        {
            var ex = await Assert.ThrowsAsync<WxTokenStoreException>(() => cold.GetAccessTokenAsync(default).AsTask());
            _output.WriteLine(ex.Message.Split('\n')[0]);
            Assert.StartsWith("Redis failed", ex.Message);
        }

        await server.RestartAsync();
        var deadline = Stopwatch.StartNew();
        string? recovered = null;
        while (recovered is null)
        {
            try
            {
                recovered = await cold.GetAccessTokenAsync(default);
            }
            catch (WxTokenStoreException) when (deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(200);
            }
        }

        _output.WriteLine($"recovered {deadline.ElapsedMilliseconds} ms after Redis came back");
        Assert.StartsWith("TOKEN-", recovered);
    }
}
