using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using WxContracts.MockServer;
using Xunit;

namespace WxContracts.Web.Tests;

/// <summary>The sign-in handler hop by hop over HTTP (no browser): challenge URL, state and correlation, snapshot users, bad codes.</summary>
public sealed class SignInTests
{
    [Fact]
    public async Task The_challenge_sends_WeChat_s_authorize_URL_with_a_short_state_and_sets_the_state_cookie()
    {
        await using var site = await DemoSite.StartAsync();
        var (client, cookies) = site.NewClient();

        var challenge = await client.GetAsync(new Uri(site.Address, "signin"));

        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var location = challenge.Headers.Location!.ToString();
        Assert.StartsWith(site.Mock.BaseAddress + "connect/oauth2/authorize?appid=wxdemo0000000001&redirect_uri=" + Uri.EscapeDataString(site.Address + "signin-wechat") + "&response_type=code&scope=snsapi_userinfo&state=", location);
        Assert.EndsWith("#wechat_redirect", location);
        var state = QueryValue(location.Split('#')[0], "state");
        Assert.Matches("^[A-Za-z0-9]{32}$", state);
        var names = cookies.GetCookies(new Uri(site.Address, "signin-wechat")).Select(c => c.Name).ToList();
        Assert.Contains(".AspNetCore.WeChatState." + state, names);
        Assert.Contains(names, n => n.StartsWith(".AspNetCore.Correlation.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_callback_with_a_state_this_browser_did_not_start_is_refused_before_the_code_is_exchanged()
    {
        await using var site = await DemoSite.StartAsync();
        var (client, _) = site.NewClient();
        var callback = await ConsentAsync(site, client);

        // Another browser (no cookies) presents the same callback: login CSRF.
        var (stranger, _) = site.NewClient();
        var refused = await stranger.GetAsync(callback);
        Assert.Equal("/signin-failed?reason=StateOrCorrelation", refused.Headers.Location!.ToString());

        // A state that was changed on the way.
        var tampered = await client.GetAsync(callback.Replace("state=", "state=X", StringComparison.Ordinal));
        Assert.Equal("/signin-failed?reason=StateOrCorrelation", tampered.Headers.Location!.ToString());
        Assert.Equal(0, site.CallsTo("/sns/oauth2/access_token"));
    }

    [Fact]
    public async Task A_missing_correlation_cookie_or_a_forged_state_cookie_is_refused()
    {
        await using var site = await DemoSite.StartAsync();

        // Correlation cookie gone (the state cookie alone is not enough).
        var (client, cookies) = site.NewClient();
        var callback = await ConsentAsync(site, client);
        foreach (Cookie cookie in cookies.GetCookies(new Uri(site.Address, "signin-wechat")))
        {
            if (cookie.Name.StartsWith(".AspNetCore.Correlation.", StringComparison.Ordinal))
            {
                cookie.Expired = true;
            }
        }

        var refused = await client.GetAsync(callback);
        Assert.Equal("/signin-failed?reason=StateOrCorrelation", refused.Headers.Location!.ToString());

        // The state cookie's protected value replaced by another.
        var (second, secondCookies) = site.NewClient();
        var secondCallback = await ConsentAsync(site, second);
        var state = QueryValue(secondCallback, "state");
        secondCookies.Add(new Uri(site.Address, "signin-wechat"), new Cookie(".AspNetCore.WeChatState." + state, "CfDJ8forged", "/signin-wechat"));
        var forged = await second.GetAsync(secondCallback);
        Assert.Equal("/signin-failed?reason=StateOrCorrelation", forged.Headers.Location!.ToString());
        Assert.Equal(0, site.CallsTo("/sns/oauth2/access_token"));

        // The untouched flow of the same browser still signs in.
        var (third, _) = site.NewClient();
        var ok = await third.GetAsync(await ConsentAsync(site, third));
        Assert.Equal("/", ok.Headers.Location!.ToString());
    }

    [Fact]
    public async Task An_unknown_code_fails_the_sign_in_with_InvalidCode_and_is_not_retried()
    {
        await using var site = await DemoSite.StartAsync();
        var (client, _) = site.NewClient();
        var callback = await ConsentAsync(site, client);
        var code = QueryValue(callback, "code");

        var answer = await client.GetAsync(callback.Replace("code=" + Uri.EscapeDataString(code), "code=not-a-code", StringComparison.Ordinal));

        Assert.Equal("/signin-failed?reason=InvalidCode", answer.Headers.Location!.ToString());
        Assert.Equal(1, site.CallsTo("/sns/oauth2/access_token"));
    }

    [Fact]
    public async Task A_snapshot_user_is_signed_in_with_the_claim_and_no_profile()
    {
        await using var site = await DemoSite.StartAsync();
        site.Mock.Web.CurrentUser = WxMockWeb.SnapshotUser;
        var (client, _) = site.NewClient();

        var signedIn = await client.GetAsync(await ConsentAsync(site, client, expectConsentPage: false));
        Assert.Equal("/", signedIn.Headers.Location!.ToString());
        var home = await client.GetStringAsync(site.Address);

        Assert.Contains(WxMockWeb.SnapshotUser.OpenId, home, StringComparison.Ordinal);
        Assert.Contains("id=\"snapshot\"", home, StringComparison.Ordinal);
        Assert.Equal(0, site.CallsTo("/sns/userinfo"));
    }

    [Fact]
    public async Task A_snapshot_user_is_refused_when_the_application_says_so()
    {
        await using var site = await DemoSite.StartAsync("--WeChat:RefuseSnapshotUsers", "true");
        site.Mock.Web.CurrentUser = WxMockWeb.SnapshotUser;
        var (client, _) = site.NewClient();

        var answer = await client.GetAsync(await ConsentAsync(site, client, expectConsentPage: false));

        Assert.Equal("/signin-failed?reason=SnapshotUser", answer.Headers.Location!.ToString());

        // A real user of the same application is still welcome.
        site.Mock.Web.CurrentUser = WxMockWeb.DefaultUser;
        var (other, _) = site.NewClient();
        Assert.Equal("/", (await other.GetAsync(await ConsentAsync(site, other))).Headers.Location!.ToString());
    }

    [Fact]
    public async Task Snsapi_base_signs_in_silently_with_the_openid_only()
    {
        await using var site = await DemoSite.StartAsync("--WeChat:Scope", "snsapi_base");
        var (client, _) = site.NewClient();

        var signedIn = await client.GetAsync(await ConsentAsync(site, client, expectConsentPage: false));
        Assert.Equal("/", signedIn.Headers.Location!.ToString());
        var home = await client.GetStringAsync(site.Address);

        Assert.Contains(WxMockWeb.DefaultUser.OpenId, home, StringComparison.Ordinal);
        Assert.DoesNotContain(WxMockWeb.DefaultUser.Nickname, home, StringComparison.Ordinal);
        Assert.Equal(0, site.CallsTo("/sns/userinfo"));
    }

    [Fact]
    public async Task Saved_tokens_are_renewed_with_the_refresh_token_and_written_back_to_the_cookie()
    {
        await using var site = await DemoSite.StartAsync();
        var (client, _) = site.NewClient();
        Assert.Equal("/", (await client.GetAsync(await ConsentAsync(site, client))).Headers.Location!.ToString());

        var first = await client.PostAsync(new Uri(site.Address, "tokens/refresh"), null);
        var second = await client.PostAsync(new Uri(site.Address, "tokens/refresh"), null);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.StartsWith("renewed until ", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var refreshes = site.Mock.Journal.For("/sns/oauth2/refresh_token");
        Assert.Equal(2, refreshes.Count);
        Assert.All(refreshes, e => Assert.Equal(0, e.ErrCode));
        Assert.All(refreshes, e => Assert.Contains("refresh_token=***", e.Query, StringComparison.Ordinal)); // redacted in the journal

        // Without a signed-in user there is nothing to renew.
        var (anonymous, _) = site.NewClient();
        Assert.Equal(HttpStatusCode.Conflict, (await anonymous.PostAsync(new Uri(site.Address, "tokens/refresh"), null)).StatusCode);
    }

    /// <summary>Challenge, then the mock's authorize page (and its consent link): returns the callback URL with the code.</summary>
    internal static async Task<string> ConsentAsync(DemoSite site, HttpClient client, bool expectConsentPage = true)
    {
        var challenge = await client.GetAsync(new Uri(site.Address, "signin"));
        var authorize = challenge.Headers.Location!.ToString().Split('#')[0];
        var page = await client.GetAsync(authorize);
        if (!expectConsentPage)
        {
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            return page.Headers.Location!.ToString();
        }

        var html = await page.Content.ReadAsStringAsync();
        var href = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(html, "id=\"allow\" class=\"button\" href=\"([^\"]+)\"").Groups[1].Value);
        var allowed = await client.GetAsync(new Uri(site.Mock.BaseAddress, href));
        Assert.Equal(HttpStatusCode.Redirect, allowed.StatusCode);
        return allowed.Headers.Location!.ToString();
    }

    internal static string QueryValue(string url, string name) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(url).Query)[name].ToString();
}
