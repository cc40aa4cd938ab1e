using System;
using System.IO;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace WxContracts.MockServer.Web;

/// <summary>
/// The pages WeChat serves to the browser (not the API): <c>/connect/oauth2/authorize</c> with its consent page, and
/// the stand-in <c>/open/js/jweixin-1.6.0.js</c> with the <c>wx.config</c> check it calls.
/// </summary>
internal sealed class WebRoutes
{
    public const string AuthorizePath = "/connect/oauth2/authorize";
    public const string ConfirmPath = "/connect/oauth2/authorize/confirm";
    public const string ScriptPrefix = "/open/js/";
    public const string VerifyPath = "/__mockweb/jsapi/verify";

    private readonly WxMockOptions _options;
    private readonly WxMockWeb _web;

    public WebRoutes(WxMockOptions options, WxMockWeb web)
    {
        _options = options;
        _web = web;
    }

    /// <summary>Whether the path is one of these pages.</summary>
    public static bool Owns(PathString path) =>
        path.StartsWithSegments(AuthorizePath, StringComparison.Ordinal)
        || path.StartsWithSegments("/open/js", StringComparison.Ordinal)
        || path.StartsWithSegments("/__mockweb", StringComparison.Ordinal);

    public Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        if (path == AuthorizePath && HttpMethods.IsGet(context.Request.Method))
        {
            return AuthorizeAsync(context);
        }

        if (path == ConfirmPath && HttpMethods.IsGet(context.Request.Method))
        {
            return ConfirmAsync(context);
        }

        if (path.StartsWith(ScriptPrefix + "jweixin", StringComparison.Ordinal) && path.EndsWith(".js", StringComparison.Ordinal))
        {
            context.Response.ContentType = "application/javascript; charset=utf-8";
            context.Response.Headers.CacheControl = "no-store";
            return context.Response.WriteAsync(JWeixinScript.Source);
        }

        if (path == VerifyPath)
        {
            return VerifyAsync(context);
        }

        return Page(context, 404, "Not found", "<p>The mock serves no page at this path.</p>");
    }

    private Task AuthorizeAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var appId = query["appid"].ToString();
        var redirect = query["redirect_uri"].ToString();
        var scope = query["scope"].ToString();
        var state = query["state"].ToString();
        if (appId != _options.AppId)
        {
            return Page(context, 400, "Error", "<p class=\"error\">appid 参数错误 (the appid is not the mock account's)</p>");
        }

        if (!Uri.TryCreate(redirect, UriKind.Absolute, out var target) || (target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps))
        {
            return Page(context, 400, "Error", "<p class=\"error\">redirect_uri 参数错误 (redirect_uri must be an absolute http(s) URL)</p>");
        }

        if (query["response_type"] != "code" || scope is not ("snsapi_base" or "snsapi_userinfo"))
        {
            return Page(context, 400, "Error", "<p class=\"error\">scope 参数错误或没有 scope 权限 (response_type must be code, scope snsapi_base or snsapi_userinfo)</p>");
        }

        if (state.Length > 128)
        {
            return Page(context, 400, "Error", "<p class=\"error\">state 参数过长 (state is at most 128 bytes)</p>");
        }

        var user = _web.CurrentUser;
        if (scope == "snsapi_base" || user.IsSnapshotUser)
        {
            // No consent page: silent authorization, or a snapshot page where the user cannot consent.
            return RedirectWithCode(context, redirect, appId, scope, state, user);
        }

        var confirm = ConfirmPath + "?appid=" + Uri.EscapeDataString(appId) + "&redirect_uri=" + Uri.EscapeDataString(redirect)
            + "&scope=" + scope + "&state=" + Uri.EscapeDataString(state);
        var body = new StringBuilder()
            .Append("<p id=\"app\">").Append(Html(appId)).Append(" 申请获得以下权限 (asks for):</p>")
            .Append("<p>获得你的公开信息（昵称、头像等）(your nickname and avatar)</p>")
            .Append("<p>当前用户 (signed in as): <strong id=\"nickname\">").Append(Html(user.Nickname)).Append("</strong></p>")
            .Append("<p><a id=\"allow\" class=\"button\" href=\"").Append(Html(confirm)).Append("\">允许 Allow</a> ")
            .Append("<a id=\"deny\" class=\"button\" href=\"").Append(Html(ConfirmPath + "?deny=1")).Append("\">拒绝 Deny</a></p>")
            .ToString();
        return Page(context, 200, "微信授权 WeChat authorization", body);
    }

    private Task ConfirmAsync(HttpContext context)
    {
        var query = context.Request.Query;
        if (query.ContainsKey("deny"))
        {
            return Page(context, 200, "微信授权 WeChat authorization", "<p id=\"denied\">You denied the authorization.</p>");
        }

        var redirect = query["redirect_uri"].ToString();
        if (query["appid"] != _options.AppId || !Uri.TryCreate(redirect, UriKind.Absolute, out _))
        {
            return Page(context, 400, "Error", "<p class=\"error\">The consent link is broken.</p>");
        }

        return RedirectWithCode(context, redirect, _options.AppId, query["scope"].ToString(), query["state"].ToString(), _web.CurrentUser);
    }

    private Task RedirectWithCode(HttpContext context, string redirect, string appId, string scope, string state, WxMockWebUser user)
    {
        var code = _web.IssueCode(appId, scope, user);
        var separator = redirect.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        context.Response.StatusCode = 302;
        context.Response.Headers.Location = redirect + separator + "code=" + Uri.EscapeDataString(code) + "&state=" + Uri.EscapeDataString(state);
        return Task.CompletedTask;
    }

    private async Task VerifyAsync(HttpContext context)
    {
        // The stand-in script posts as text/plain, so a page on another origin needs no CORS preflight.
        context.Response.Headers.AccessControlAllowOrigin = "*";
        if (HttpMethods.IsOptions(context.Request.Method))
        {
            context.Response.Headers.AccessControlAllowMethods = "POST";
            context.Response.Headers.AccessControlAllowHeaders = "Content-Type";
            context.Response.StatusCode = 204;
            return;
        }

        string message;
        try
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var text = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
            using var json = JsonDocument.Parse(text.Length > 16_384 ? "null" : text);
            var root = json.RootElement;
            var appId = root.GetProperty("appId").GetString() ?? string.Empty;
            var timestamp = root.GetProperty("timestamp") is { ValueKind: JsonValueKind.Number } n ? n.GetInt64() : long.Parse(root.GetProperty("timestamp").GetString() ?? "x", System.Globalization.CultureInfo.InvariantCulture);
            var nonce = root.GetProperty("nonceStr").GetString() ?? string.Empty;
            var signature = root.GetProperty("signature").GetString() ?? string.Empty;
            var url = root.GetProperty("url").GetString() ?? string.Empty;
            message = appId != _options.AppId ? "config:invalid appid"
                : _web.CheckConfig(appId, timestamp, nonce, signature, url) ? "config:ok"
                : "config:invalid signature";
        }
        catch (Exception ex) when (ex is JsonException or System.Collections.Generic.KeyNotFoundException or InvalidOperationException or FormatException or OverflowException)
        {
            message = "config:invalid arguments";
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("errMsg", message);
            writer.WriteEndObject();
        }

        await context.Response.Body.WriteAsync(buffer.ToArray(), context.RequestAborted).ConfigureAwait(false);
    }

    private static Task Page(HttpContext context, int status, string title, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>" + Html(title) + "</title>"
            + "<style>body{font-family:sans-serif;margin:2em}.button{display:inline-block;padding:.5em 1em;border:1px solid #07c160;margin:.5em}.error{color:#c00}</style>"
            + "</head><body><h1>" + Html(title) + "</h1>" + body + "</body></html>");
    }

    private static string Html(string text) => WebUtility.HtmlEncode(text);
}
