using System;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Playwright;
using WxContracts.MockServer;
using Xunit;

namespace WxContracts.Web.Tests;

/// <summary>samples/WebDemo and the mock WeChat in headless chromium: sign-in, a replayed code, the JS-SDK config.</summary>
[Collection("browser")]
public sealed class BrowserTests : IClassFixture<ChromiumFixture>
{
    private static readonly LocatorAssertionsToHaveTextOptions s_wait = new() { Timeout = 20_000 };
    private readonly ChromiumFixture _chromium;

    public BrowserTests(ChromiumFixture chromium) => _chromium = chromium;

    [Fact]
    public async Task Sign_in_goes_through_consent_and_shows_the_nickname_and_openid()
    {
        await using var site = await DemoSite.StartAsync();
        await using var context = await _chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(site.Address.ToString());
        await page.ClickAsync("#signin");

        // The mock's consent page (another origin), for the user holding the phone.
        await Assertions.Expect(page.Locator("#nickname")).ToHaveTextAsync(WxMockWeb.DefaultUser.Nickname, s_wait);
        Assert.StartsWith(site.Mock.BaseAddress + "connect/oauth2/authorize", page.Url);
        await page.ClickAsync("#allow");

        await Assertions.Expect(page.Locator("#nickname")).ToHaveTextAsync(WxMockWeb.DefaultUser.Nickname, s_wait);
        await Assertions.Expect(page.Locator("#openid")).ToHaveTextAsync(WxMockWeb.DefaultUser.OpenId, s_wait);
        Assert.Equal(site.Address.ToString(), page.Url);
        Assert.Equal(1, site.CallsTo("/sns/oauth2/access_token"));
        Assert.Equal(1, site.CallsTo("/sns/userinfo"));
    }

    [Fact]
    public async Task A_code_that_was_already_used_shows_a_sign_in_failure_not_an_exception_page()
    {
        await using var site = await DemoSite.StartAsync();
        await using var context = await _chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        // Hold the redirect back to the app (the consent's answer is fetched aside, its 302 not followed): the browser
        // keeps its state and correlation cookies. Playwright does not route redirect hops, so the consent is routed.
        string? callback = null;
        await page.RouteAsync(url => url.Contains("/connect/oauth2/authorize/confirm", StringComparison.Ordinal), async route =>
        {
            var answer = await route.FetchAsync(new() { MaxRedirects = 0 });
            callback = answer.Headers["location"];
            await route.FulfillAsync(new() { Status = 200, ContentType = "text/html", Body = "<p>held</p>" });
        });
        await page.GotoAsync(site.Address + "signin");
        await page.ClickAsync("#allow");
        await WaitUntilAsync(() => callback is not null);

        // The first leg of a double redirect already exchanged the code.
        var code = new Uri(callback!).Query.Split('&', '?')[1].Split('=')[1];
        using (var http = new HttpClient())
        {
            var first = await http.GetStringAsync($"{site.Mock.BaseAddress}sns/oauth2/access_token?appid=wxdemo0000000001&secret=demo-secret&code={code}&grant_type=authorization_code");
            Assert.Contains("access_token", first, StringComparison.Ordinal);
        }

        await page.UnrouteAllAsync();
        var response = await page.GotoAsync(callback!);

        await Assertions.Expect(page.Locator("#failure")).ToContainTextAsync("CodeAlreadyUsed", new() { Timeout = 20_000 });
        Assert.Equal(200, response!.Status);
        Assert.Equal(2, site.CallsTo("/sns/oauth2/access_token")); // ours and the app's one attempt: no retry
        Assert.Equal(0, site.CallsTo("/sns/userinfo"));
    }

    [Fact]
    public async Task Reloading_the_callback_after_signing_in_is_a_sign_in_failure()
    {
        await using var site = await DemoSite.StartAsync();
        await using var context = await _chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        string? callback = null;
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/signin-wechat?", StringComparison.Ordinal))
            {
                callback = request.Url;
            }
        };

        await page.GotoAsync(site.Address + "signin");
        await page.ClickAsync("#allow");
        await Assertions.Expect(page.Locator("#openid")).ToHaveTextAsync(WxMockWeb.DefaultUser.OpenId, s_wait);

        var response = await page.GotoAsync(callback!);
        await Assertions.Expect(page.Locator("#failure")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        Assert.Equal(200, response!.Status);
        Assert.Equal(1, site.CallsTo("/sns/oauth2/access_token")); // the replayed state is refused before any exchange
    }

    [Fact]
    public async Task The_JS_SDK_page_configures_wx_and_keeps_its_query_string()
    {
        await using var site = await DemoSite.StartAsync();
        await using var context = await _chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        // A query as WeChat adds it to shared links, and a fragment that must not be signed.
        await page.GotoAsync(site.Address + "jssdk?from=singlemessage&isappinstalled=0#section");

        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("config ok", s_wait);
        Assert.Equal((1, 1), site.Mock.Web.ConfigChecks);
        Assert.Equal(1, site.CallsTo("/cgi-bin/ticket/getticket"));
    }

    [Fact]
    public async Task Signing_another_URL_than_the_page_s_gives_invalid_signature()
    {
        // The classic bug: the app signs the page's URL without its query.
        await using var site = await DemoSite.StartAsync("--WeChat:SignedUrl", "without-query");
        await using var context = await _chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(site.Address + "jssdk?from=singlemessage");

        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("config:invalid signature", s_wait);
        Assert.Equal((1, 0), site.Mock.Web.ConfigChecks);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(20);
        }
    }
}
