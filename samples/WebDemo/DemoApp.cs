using System;
using System.Net;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WebDemo.WeChat;
using WxContracts.AspNetCore.Authentication;
using WxContracts.MockServer;

namespace WebDemo;

/// <summary>
/// The demo: "Sign in with WeChat" and a JS-SDK page. Settings (configuration section <c>WeChat</c>):
/// <list type="bullet">
/// <item><c>AppId</c>, <c>AppSecret</c>: the account's.</item>
/// <item><c>Mock</c> (true): start the embedded mock WeChat and use it; <c>Server</c>: the base address of a mock
/// already running (tests); neither: the real WeChat.</item>
/// <item><c>Scope</c>: snsapi_userinfo (default) or snsapi_base; <c>RefuseSnapshotUsers</c>.</item>
/// <item><c>Redis</c>: a StackExchange.Redis configuration string to share the access token and jsapi_ticket.</item>
/// <item><c>SignedUrl</c>: <c>page</c> (default, the right URL) or <c>without-query</c> (the classic bug, for the test
/// that proves the check is real).</item>
/// </list>
/// </summary>
public static class DemoApp
{
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? customize = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        customize?.Invoke(builder);
        DemoCallback.ApplyEnvironment(builder.Configuration);
        var settings = builder.Configuration.GetSection("WeChat");
        var appId = settings["AppId"] ?? throw new InvalidOperationException("WeChat:AppId is not configured.");
        var appSecret = settings["AppSecret"] ?? throw new InvalidOperationException("WeChat:AppSecret is not configured.");

        WxMockServer? mock = null;
        var server = settings["Server"];
        if (server is null && settings.GetValue("Mock", false))
        {
            mock = await WxMockServer.StartAsync(new WxMockOptions { AppId = appId, AppSecret = appSecret });
            server = mock.BaseAddress.ToString();
        }

        Uri? serverUri = server is null ? null : new Uri(server.TrimEnd('/') + "/");

        // The API client of the account (its access token also fetches the jsapi_ticket).
        builder.Services.AddWxOfficialAccount(t => new WxApiClient(t), o =>
        {
            o.AppId = appId;
            o.AppSecret = appSecret;
            o.Transport.BaseAddress = serverUri;
        });
        if (settings["Redis"] is { Length: > 0 } redis)
        {
            builder.Services.AddWxRedisTokenStore(redis);
        }

        // Web sign-in: cookies for the session, WeChat for the sign-in.
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.LoginPath = "/signin";
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            })
            .AddWeChatOfficialAccount(o =>
            {
                o.AppId = appId;
                o.AppSecret = appSecret;
                o.AuthorizationScope = settings["Scope"] == "snsapi_base" ? WeChatAuthorizationScope.Base : WeChatAuthorizationScope.UserInfo;
                o.RefuseSnapshotUsers = settings.GetValue("RefuseSnapshotUsers", false);
                o.SaveTokens = true;
                if (serverUri is not null)
                {
                    o.AuthorizationEndpoint = new Uri(serverUri, "connect/oauth2/authorize").ToString();
                    o.TokenEndpoint = new Uri(serverUri, "sns/oauth2/access_token").ToString();
                }

                // The demo runs on http://127.0.0.1: the correlation and state cookies cannot be Secure there.
                o.CorrelationCookie.SameSite = SameSiteMode.Lax;
                o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.Events.OnRemoteFailure = context =>
                {
                    var reason = context.Failure is WeChatAuthenticationException wechat ? wechat.Reason.ToString() : "StateOrCorrelation";
                    context.Response.Redirect("/signin-failed?reason=" + Uri.EscapeDataString(reason));
                    context.HandleResponse();
                    return Task.CompletedTask;
                };
            });

        // JS-SDK: the jsapi_ticket and wx.config signatures of the account.
        builder.Services.AddWxJsSdk();

        // The callback URL (/wechat) for pushed messages and events.
        DemoCallback.Add(builder.Services, settings);

        var app = builder.Build();
        if (mock is not null)
        {
            app.Lifetime.ApplicationStopped.Register(() => mock.DisposeAsync().AsTask().GetAwaiter().GetResult());
        }

        var script = settings["JsSdkScript"] ?? (serverUri is null ? "https://res.wx.qq.com/open/js/jweixin-1.6.0.js" : new Uri(serverUri, "open/js/jweixin-1.6.0.js").ToString());
        var signedUrl = settings["SignedUrl"] == "without-query" ? "location.origin + location.pathname" : "location.href.split('#')[0]";

        app.UseAuthentication();
        app.MapWxJsSdkConfig("/wx/config");
        DemoCallback.Map(app);
        app.MapGet("/", (HttpContext context) => Page("WebDemo", Home(context)));
        app.MapGet("/signin", () => Results.Challenge(new AuthenticationProperties { RedirectUri = "/" }, new[] { WeChatOfficialAccountDefaults.AuthenticationScheme }));
        app.MapGet("/signout", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect("/");
        });
        // Renews the user's web-authorization token (sns/oauth2/refresh_token) and rewrites the sign-in cookie.
        app.MapPost("/tokens/refresh", async (HttpContext context) =>
        {
            try
            {
                var expiresAt = await context.RefreshWeChatTokensAsync();
                return Results.Text("renewed until " + expiresAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            }
            catch (Exception ex) when (ex is WeChatAuthenticationException or InvalidOperationException)
            {
                return Results.Text("not renewed: " + ex.Message, statusCode: StatusCodes.Status409Conflict);
            }
        });
        app.MapGet("/signin-failed", (string? reason) => Page("Sign-in failed",
            $"<p id=\"failure\">Sign-in with WeChat failed: {Html(reason ?? "unknown")}.</p><p><a id=\"signin\" href=\"/signin\">Try again</a></p>"));
        app.MapGet("/jssdk", () => Page("JS-SDK", $$"""
            <p>wx.config: <strong id="status">pending</strong></p>
            <script src="{{Html(script)}}"></script>
            <script>
              fetch('/wx/config?url=' + encodeURIComponent({{signedUrl}}))
                .then(function (r) { return r.json(); })
                .then(function (cfg) {
                  wx.config({ debug: false, appId: cfg.appId, timestamp: cfg.timestamp, nonceStr: cfg.nonceStr, signature: cfg.signature, jsApiList: ['updateAppMessageShareData'] });
                  wx.ready(function () { document.getElementById('status').textContent = 'config ok'; });
                  wx.error(function (res) { document.getElementById('status').textContent = res.errMsg; });
                });
            </script>
            """));
        return app;
    }

    private static string Home(HttpContext context)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            return "<p id=\"anonymous\">Not signed in.</p><p><a id=\"signin\" href=\"/signin\">Sign in with WeChat</a></p><p><a href=\"/jssdk\">JS-SDK page</a></p>";
        }

        var snapshot = user.FindFirst(WeChatClaimTypes.IsSnapshotUser)?.Value == "true";
        return $"<p>Signed in as <strong id=\"nickname\">{Html(user.FindFirst(WeChatClaimTypes.Nickname)?.Value ?? "(no nickname: snsapi_base)")}</strong></p>"
            + $"<p>openid: <code id=\"openid\">{Html(user.FindFirst(WeChatClaimTypes.OpenId)?.Value ?? string.Empty)}</code></p>"
            + (snapshot ? "<p id=\"snapshot\">Snapshot-page virtual account: not a real user.</p>" : string.Empty)
            + "<p><a href=\"/jssdk\">JS-SDK page</a> · <a id=\"signout\" href=\"/signout\">Sign out</a></p>";
    }

    private static IResult Page(string title, string body) => Results.Content(
        $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{Html(title)}</title></head><body><h1>{Html(title)}</h1>{body}</body></html>",
        "text/html; charset=utf-8");

    private static string Html(string text) => WebUtility.HtmlEncode(text);
}
