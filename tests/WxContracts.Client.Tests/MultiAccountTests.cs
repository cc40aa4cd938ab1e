using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using WxContracts.Api;
using Xunit;
using Xunit.Abstractions;

namespace WxContracts.Client.Tests;

/// <summary>Several Official Accounts in one application: keyed registration and the run-time client factory.</summary>
public sealed class MultiAccountTests : IAsyncLifetime
{
    private const string ReplyPath = "/cgi-bin/comment/reply/add";

    private readonly ITestOutputHelper _output;
    private FakeWeChat _wechat = null!;
    private string[] _apps = null!;

    public MultiAccountTests(ITestOutputHelper output) => _output = output;

    public async Task InitializeAsync()
    {
        _wechat = await FakeWeChat.StartAsync();
        _wechat.TokenDelay = TimeSpan.FromMilliseconds(200); // cold callers overlap the token request

        // Names unique to this test class: metrics are process-wide and other classes run at the same time.
        var run = Guid.NewGuid().ToString("N").Substring(0, 8);
        _apps = new[] { "wx-a-" + run, "wx-b-" + run, "wx-c-" + run };
        foreach (var app in _apps)
        {
            _wechat.Accounts[app] = "SECRET-" + app + "-do-not-log";
        }
    }

    public async Task DisposeAsync() => await _wechat.DisposeAsync();

    private static ReplyCommentRequest ReplyFor(string appId, int i) => new() { MsgDataId = 2247483664, UserCommentId = i, Content = "for:" + appId };

    /// <summary>300 concurrent cold calls per account, all released at once; then checks who sent what.</summary>
    private async Task RunColdCallsAsync(Func<string, WxApiClient> clientOf)
    {
        const int perAccount = 300;
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = _apps.SelectMany(app => Enumerable.Range(0, perAccount).Select(async i =>
        {
            var client = clientOf(app);
            await go.Task;
            await client.Comment.ReplyAsync(ReplyFor(app, i));
        })).ToList();
        go.SetResult();
        await Task.WhenAll(calls);

        var replies = _wechat.CallLog.Where(c => c.Path == ReplyPath).ToList();
        _output.WriteLine($"{_apps.Length} accounts x {perAccount} cold calls: token requests {string.Join(", ", _apps.Select(a => a + "=" + _wechat.TokenRequestsByApp.GetValueOrDefault(a)))}; replies {replies.Count}");
        Assert.All(_apps, app => Assert.Equal(1, _wechat.TokenRequestsByApp.GetValueOrDefault(app)));
        Assert.Equal(_apps.Length, _wechat.TokenRequests);
        Assert.Equal(_apps.Length * perAccount, replies.Count);

        // Every call arrived with a token of the account it was made for.
        var foreign = replies.Where(r => !r.Body.Contains("\"for:" + r.Owner + "\"", StringComparison.Ordinal)).ToList();
        Assert.True(foreign.Count == 0, $"{foreign.Count} calls carried another account's token, e.g. {foreign.FirstOrDefault()}");
    }

    [Fact]
    public async Task Three_keyed_accounts_with_300_concurrent_cold_calls_each_make_one_token_request_per_account()
    {
        var logs = new FakeLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        string Key(string app) => "brand-" + "abc"[Array.IndexOf(_apps, app)];
        foreach (var app in _apps)
        {
            services.AddWxOfficialAccount(Key(app), t => new WxApiClient(t), o =>
            {
                o.AppId = app;
                o.AppSecret = _wechat.Accounts[app];
                o.Transport.BaseAddress = _wechat.Address;
            });
        }

        services.AddSingleton<BrandAConsumer>();
        using var calls = new MetricCollector<long>(null, WxTelemetry.MeterName, WxTelemetry.CallsCounter);
        await using var provider = services.BuildServiceProvider();

        await RunColdCallsAsync(app => provider.GetRequiredKeyedService<WxApiClient>(Key(app)));

        // [FromKeyedServices] resolves the same client.
        Assert.Same(provider.GetRequiredKeyedService<WxApiClient>("brand-a"), provider.GetRequiredService<BrandAConsumer>().Client);

        // Metrics and logs say which account.
        foreach (var app in _apps)
        {
            Assert.Equal(300, calls.GetMeasurementSnapshot().Count(m => Equals(m.Tags.GetValueOrDefault("wx.account"), Key(app))));
            Assert.Contains(logs.Collector.GetSnapshot(), r => r.Message.StartsWith("Access token fetched", StringComparison.Ordinal)
                && r.Scopes.OfType<IEnumerable<KeyValuePair<string, object?>>>().Any(s => s.Any(p => p.Key == "wx.account" && Equals(p.Value, Key(app)))));
        }

        var texts = logs.Lines().ToList();
        Assert.All(_apps, app => Assert.DoesNotContain(texts, t => t.Contains(_wechat.Accounts[app], StringComparison.Ordinal)));
        Assert.All(_wechat.IssuedTokens, token => Assert.DoesNotContain(texts, t => t.Contains(token, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_client_factory_serves_accounts_known_at_run_time_with_one_token_request_each()
    {
        var accounts = new InMemoryWxAccountStore();
        foreach (var app in _apps)
        {
            accounts.Set(app, _wechat.Accounts[app]);
        }

        var services = new ServiceCollection();
        services.AddSingleton<IWxAccountStore>(accounts);
        services.AddWxClientFactory(t => new WxApiClient(t), o => o.Transport.BaseAddress = _wechat.Address);
        await using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IWxClientFactory<WxApiClient>>();

        await RunColdCallsAsync(factory.GetClient);
        Assert.Same(factory.GetClient(_apps[1]), factory.GetClient(_apps[1]));

        // Unknown or malformed AppIDs are typed errors; an account removed from the store stops getting tokens.
        await Assert.ThrowsAsync<WxAccountNotFoundException>(() => factory.GetClientAsync("wx-unknown").AsTask());
        var unknown = factory.GetClient("wx-unknown");
        var ex = await Assert.ThrowsAsync<WxAccountNotFoundException>(() => unknown.Comment.ReplyAsync(ReplyFor("wx-unknown", 1)));
        Assert.Equal("wx-unknown", ex.AppId);
        Assert.Throws<ArgumentException>(() => factory.GetClient("wx a/b"));
        Assert.Throws<ArgumentException>(() => factory.GetClient(""));
        Assert.Equal(_apps.Length, _wechat.TokenRequests);
    }

    [Fact]
    public async Task The_configuration_store_reads_secrets_per_AppID_and_sees_reloaded_values()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WeChat:Accounts:" + _apps[0] + ":AppSecret"] = _wechat.Accounts[_apps[0]],
            ["WeChat:Accounts:" + _apps[1] + ":AppSecret"] = "stale",
        }).Build();
        var store = new ConfigurationWxAccountStore(configuration.GetSection("WeChat:Accounts"));

        var found = await store.FindAsync(_apps[0], CancellationToken.None);
        Assert.Equal(_apps[0], found!.AppId);
        Assert.DoesNotContain(found.AppSecret, found.ToString());
        Assert.Null(await store.FindAsync(_apps[2], CancellationToken.None));

        configuration["WeChat:Accounts:" + _apps[1] + ":AppSecret"] = _wechat.Accounts[_apps[1]];
        using var http = new System.Net.Http.HttpClient();
        using var factory = new WxClientFactory<WxApiClient>(t => new WxApiClient(t), o => o.Transport.BaseAddress = _wechat.Address, store, () => http);
        await factory.GetClient(_apps[1]).Comment.ReplyAsync(ReplyFor(_apps[1], 1));
        Assert.Equal(1, _wechat.TokenRequestsByApp[_apps[1]]);
    }

    private sealed class BrandAConsumer
    {
        public BrandAConsumer([FromKeyedServices("brand-a")] WxApiClient client) => Client = client;

        public WxApiClient Client { get; }
    }
}
