using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using WxContracts.AspNetCore.Push;
using WxContracts.Client.Tests;
using WxContracts.MockServer.Push;
using Xunit;

namespace WxContracts.Push.Tests;

/// <summary>Atomic claims: the same push arriving at the same moment, on one instance and on two sharing a redis-server.</summary>
public class DeduplicationTests
{
    private const int Deliveries = 50;
    private static readonly HttpClient s_http = new(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 100 });

    [Fact]
    public async Task Memory_claims_are_atomic_across_threads_and_expire_after_the_window()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(20000));
        var store = new MemoryWxPushDeduplicator(time);
        using var start = new Barrier(Deliveries);
        var results = await Task.WhenAll(Enumerable.Range(0, Deliveries).Select(_ => Task.Run(async () =>
        {
            start.SignalAndWait();
            return await store.TryClaimAsync("k", TimeSpan.FromSeconds(30), CancellationToken.None);
        })));
        Assert.Equal(1, results.Count(r => r));
        Assert.True(await store.TryClaimAsync("other", TimeSpan.FromSeconds(30), CancellationToken.None));

        time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(await store.TryClaimAsync("k", TimeSpan.FromSeconds(30), CancellationToken.None));
        time.Advance(TimeSpan.FromSeconds(2));
        var again = await Task.WhenAll(Enumerable.Range(0, Deliveries).Select(_ => Task.Run(() => store.TryClaimAsync("k", TimeSpan.FromSeconds(30), CancellationToken.None).AsTask())));
        Assert.Equal(1, again.Count(r => r));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.TryClaimAsync("k", TimeSpan.Zero, CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task Memory_store_sweeps_expired_keys()
    {
        var time = new FakeTimeProvider();
        var store = new MemoryWxPushDeduplicator(time);
        for (var i = 0; i < 1000; i++)
        {
            Assert.True(await store.TryClaimAsync("k" + i, TimeSpan.FromSeconds(30), CancellationToken.None));
        }

        time.Advance(TimeSpan.FromMinutes(1));
        for (var i = 0; i < 100; i++)
        {
            await store.TryClaimAsync("n" + i, TimeSpan.FromSeconds(30), CancellationToken.None);
        }

        Assert.InRange(store.Count, 100, 130); // the 1024th claim swept the 1000 expired keys
    }

    [Fact]
    public async Task Redis_claims_are_atomic_and_expire()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        await using var other = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var stores = new[] { new RedisWxPushDeduplicator(connection, new() { KeyPrefix = "app1:" }), new RedisWxPushDeduplicator(other, new() { KeyPrefix = "app1:" }) };
        var results = await Task.WhenAll(Enumerable.Range(0, Deliveries).Select(i => stores[i % 2].TryClaimAsync("k", TimeSpan.FromSeconds(30), CancellationToken.None).AsTask()));
        Assert.Equal(1, results.Count(r => r));
        var ttl = await connection.GetDatabase().KeyTimeToLiveAsync("app1:k");
        Assert.InRange(ttl!.Value, TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(30));

        Assert.True(await stores[0].TryClaimAsync("short", TimeSpan.FromMilliseconds(200), CancellationToken.None));
        Assert.False(await stores[1].TryClaimAsync("short", TimeSpan.FromMilliseconds(200), CancellationToken.None));
        await Task.Delay(400);
        Assert.True(await stores[1].TryClaimAsync("short", TimeSpan.FromSeconds(5), CancellationToken.None));
    }

    [Fact]
    public async Task Fifty_simultaneous_deliveries_across_two_instances_on_one_redis_are_handled_once()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var calls = new Calls();
        void UseRedis(IServiceCollection s) => s.AddSingleton<IConnectionMultiplexer>(connection).AddWxRedisPushDeduplicator();
        await using var a = await CallbackHost.StartAsync(o => CallbackTests.Options(o, WxCallbackMode.Safe), b => CallbackTests.Echo(b, calls), UseRedis);
        await using var b = await CallbackHost.StartAsync(o => CallbackTests.Options(o, WxCallbackMode.Safe), b => CallbackTests.Echo(b, calls), UseRedis);

        var replies = await DeliverConcurrentlyAsync(new[] { a, b }, CallbackTests.Text("hello", msgId: 9001));
        Assert.Equal(1, calls["text"]);
        Assert.Equal(1, replies.Count(r => r.StartsWith("<xml>", StringComparison.Ordinal))); // the encrypted "echo: hello"
        Assert.Equal(Deliveries - 1, replies.Count(r => r == "success"));

        // The same burst of an event (no MsgId) is claimed once as well.
        await DeliverConcurrentlyAsync(new[] { a, b }, CallbackTests.Subscribe("o_burst"));
        Assert.Equal(1, calls["subscribe"]);
    }

    [Fact]
    public async Task Without_a_shared_store_two_instances_each_handle_the_burst_once()
    {
        // The control: memory claims are per instance, so the same burst is handled once on each — the Redis store is
        // what makes the two-instance test above pass.
        var calls = new Calls();
        await using var a = await CallbackHost.StartAsync(o => CallbackTests.Options(o, WxCallbackMode.Safe), b => CallbackTests.Echo(b, calls));
        await using var b = await CallbackHost.StartAsync(o => CallbackTests.Options(o, WxCallbackMode.Safe), b => CallbackTests.Echo(b, calls));
        await DeliverConcurrentlyAsync(new[] { a, b }, CallbackTests.Text("hello", msgId: 9002));
        Assert.Equal(2, calls["text"]);
    }

    [Fact]
    public async Task When_redis_is_down_the_push_is_handled_and_the_failure_logged()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",abortConnect=false,connectTimeout=500,syncTimeout=500,asyncTimeout=500");
        var calls = new Calls();
        await using var host = await CallbackHost.StartAsync(
            o => CallbackTests.Options(o, WxCallbackMode.Safe),
            b => CallbackTests.Echo(b, calls),
            s => s.AddSingleton<IConnectionMultiplexer>(connection).AddWxRedisPushDeduplicator());
        redis.Stop();
        using var pusher = new WxMockPusher();
        var result = await pusher.PushAsync(new WxMockPushRequest { Url = host.Url, Xml = CallbackTests.Text("hello", msgId: 9003), Token = CryptoVectorTests.Token, EncodingAESKey = CryptoVectorTests.AesKey, AppId = CryptoVectorTests.AppId, Encrypt = true, Tries = 1 });
        Assert.Equal("echo: hello", Assert.IsType<TextReply>(WxPush.ParseReply(result.Reply!)).Content);
        Assert.Equal(1, calls["text"]);
        Assert.Contains(host.Logs.Lines, l => l.Level == LogLevel.Error && l.Text.Contains("de-duplication store failed", StringComparison.Ordinal) && l.Text.Contains(nameof(WxPushDeduplicationException), StringComparison.Ordinal));
        Assert.DoesNotContain("hello", host.Logs.All, StringComparison.Ordinal);
    }

    /// <summary>Posts the same encrypted push <see cref="Deliveries"/> times at once, alternating between the hosts.</summary>
    private static async Task<string[]> DeliverConcurrentlyAsync(IReadOnlyList<CallbackHost> hosts, string xml)
    {
        var ts = CallbackTests.Now();
        const string Nonce = "5678";
        var encrypt = WxMockPushCrypto.Encrypt(xml, CryptoVectorTests.AesKey, CryptoVectorTests.AppId);
        var body = "<xml><ToUserName><![CDATA[gh_account]]></ToUserName><Encrypt><![CDATA[" + encrypt + "]]></Encrypt></xml>";
        var query = $"?signature={WxMockPushCrypto.Signature(CryptoVectorTests.Token, ts, Nonce)}&timestamp={ts}&nonce={Nonce}&encrypt_type=aes&msg_signature={WxMockPushCrypto.Signature(CryptoVectorTests.Token, ts, Nonce, encrypt)}";
        using var go = new ManualResetEventSlim();
        var posts = Enumerable.Range(0, Deliveries).Select(i => Task.Run(async () =>
        {
            go.Wait();
            using var response = await s_http.PostAsync(hosts[i % hosts.Count].Url + query, new StringContent(body, Encoding.UTF8, "text/xml"));
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadAsStringAsync();
        })).ToArray();
        go.Set();
        return await Task.WhenAll(posts);
    }
}
