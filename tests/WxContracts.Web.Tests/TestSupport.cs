using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using WxContracts.MockServer;
using Xunit;

namespace WxContracts.Web.Tests;

/// <summary>The mock WeChat and samples/WebDemo on Kestrel (127.0.0.1, free ports), pointed at each other.</summary>
public sealed class DemoSite : IAsyncDisposable
{
    private DemoSite(WxMockServer mock, WebApplication app, Uri address)
    {
        Mock = mock;
        App = app;
        Address = address;
    }

    public WxMockServer Mock { get; }

    public WebApplication App { get; }

    public Uri Address { get; }

    public static async Task<DemoSite> StartAsync(params string[] settings)
    {
        var mock = await WxMockServer.StartAsync(new WxMockOptions { AppId = "wxdemo0000000001", AppSecret = "demo-secret" });
        var args = new List<string>
        {
            "--urls", "http://127.0.0.1:0",
            "--WeChat:AppId", "wxdemo0000000001", "--WeChat:AppSecret", "demo-secret",
            "--WeChat:Mock", "false", "--WeChat:Server", mock.BaseAddress.ToString(),
        };
        args.AddRange(settings);
        var app = await WebDemo.DemoApp.BuildAsync(args.ToArray(), b => b.Logging.ClearProviders());
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new DemoSite(mock, app, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>A client that follows no redirect and keeps cookies, as a browser would, for tests that look at each hop.</summary>
    public (HttpClient Client, CookieContainer Cookies) NewClient()
    {
        var cookies = new CookieContainer();
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies, UseCookies = true });
        return (client, cookies);
    }

    public int CallsTo(string path) => Mock.Journal.Entries.Count(e => e.Path == path);

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        await Mock.DisposeAsync();
    }
}

/// <summary>Headless chromium from Debian (/usr/bin/chromium) driven by Playwright; nothing is downloaded.</summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!System.IO.File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException("chromium is not installed at /usr/bin/chromium; ./test.sh installs it (apt-get install chromium) when tests/*/.browser-tests exists.");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run" },
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}
