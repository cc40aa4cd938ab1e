using System;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.Http;

namespace WxContracts.AspNetCore.Authentication;

/// <summary>Which page WeChat shows, and so what the application learns about the user.</summary>
public enum WeChatAuthorizationScope
{
    /// <summary><c>snsapi_base</c>: no consent page, only the openid.</summary>
    Base,

    /// <summary><c>snsapi_userinfo</c>: a consent page, then nickname, avatar and unionid through <c>sns/userinfo</c>.</summary>
    UserInfo,
}

/// <summary>
/// Settings of the WeChat Official Account web sign-in. <see cref="AppId"/> and <see cref="AppSecret"/> are the
/// account's (the same as the API client's); the AppSecret is only sent server to server.
/// </summary>
/// <remarks>
/// The sns API calls (code exchange, user information, refresh) go to the scheme and host of
/// <see cref="OAuthOptions.TokenEndpoint"/>; point <see cref="OAuthOptions.AuthorizationEndpoint"/> and
/// <see cref="OAuthOptions.TokenEndpoint"/> at a mock to test without WeChat.
/// </remarks>
public sealed class WeChatOfficialAccountOptions : OAuthOptions
{
    /// <summary>Creates the options with WeChat's endpoints and the claim mappings.</summary>
    public WeChatOfficialAccountOptions()
    {
        CallbackPath = WeChatOfficialAccountDefaults.CallbackPath;
        AuthorizationEndpoint = WeChatOfficialAccountDefaults.AuthorizationEndpoint;
        TokenEndpoint = WeChatOfficialAccountDefaults.TokenEndpoint;
        UserInformationEndpoint = WeChatOfficialAccountDefaults.UserInformationEndpoint;

        ClaimActions.MapJsonKey(ClaimTypes.NameIdentifier, "openid");
        ClaimActions.MapJsonKey(WeChatClaimTypes.OpenId, "openid");
        ClaimActions.MapJsonKey(WeChatClaimTypes.UnionId, "unionid");
        ClaimActions.MapJsonKey(ClaimTypes.Name, "nickname");
        ClaimActions.MapJsonKey(WeChatClaimTypes.Nickname, "nickname");
        ClaimActions.MapJsonKey(WeChatClaimTypes.HeadImgUrl, "headimgurl");
        ClaimActions.MapJsonKey(WeChatClaimTypes.Scope, "scope");
        ClaimActions.MapCustomJson(WeChatClaimTypes.IsSnapshotUser, user =>
            user.TryGetProperty("is_snapshotuser", out var flag) && flag.ValueKind == System.Text.Json.JsonValueKind.Number && flag.GetInt32() == 1 ? "true" : null);
    }

    /// <summary>The account's AppID (the same as <see cref="OAuthOptions.ClientId"/>).</summary>
    public string AppId
    {
        get => ClientId;
        set => ClientId = value;
    }

    /// <summary>The account's AppSecret (the same as <see cref="OAuthOptions.ClientSecret"/>). Never logged.</summary>
    public string AppSecret
    {
        get => ClientSecret;
        set => ClientSecret = value;
    }

    /// <summary>
    /// The scope asked for (default <see cref="WeChatAuthorizationScope.UserInfo"/>). A single challenge can ask for
    /// another with <c>OAuthChallengeProperties.SetScope("snsapi_base")</c>.
    /// </summary>
    public WeChatAuthorizationScope AuthorizationScope { get; set; } = WeChatAuthorizationScope.UserInfo;

    /// <summary>The <c>lang</c> of <c>sns/userinfo</c>: <c>zh_CN</c> (default), <c>zh_TW</c> or <c>en</c>.</summary>
    public string Language { get; set; } = "zh_CN";

    /// <summary>
    /// Refuse snapshot-page virtual accounts (<c>is_snapshotuser</c> = 1, a user who opened the page from a shared
    /// snapshot without authorizing): the sign-in then fails with <see cref="WeChatAuthenticationFailure.SnapshotUser"/>.
    /// Off by default: such users get the <see cref="WeChatClaimTypes.IsSnapshotUser"/> claim and no profile.
    /// </summary>
    public bool RefuseSnapshotUsers { get; set; }

    /// <summary>HTTP settings of the sns calls (attempt timeout, retries of the idempotent ones, response size).</summary>
    public WxTransportOptions Transport { get; } = new();

    /// <summary>The scheme and host the sns calls go to: that of <see cref="OAuthOptions.TokenEndpoint"/>.</summary>
    internal Uri ApiBaseAddress => new(new Uri(TokenEndpoint, UriKind.Absolute).GetLeftPart(UriPartial.Authority) + "/");

    /// <summary>The sns client, made once per options instance (per scheme).</summary>
    internal Contracts.WxApiClient? Api { get; set; }

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        if (!Uri.TryCreate(TokenEndpoint, UriKind.Absolute, out var token) || (token.Scheme != Uri.UriSchemeHttps && token.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException("WeChatOfficialAccountOptions.TokenEndpoint must be an absolute http(s) URL; the sns calls go to its host.", nameof(TokenEndpoint));
        }

        if (Language is not ("zh_CN" or "zh_TW" or "en"))
        {
            throw new ArgumentException($"WeChatOfficialAccountOptions.Language must be zh_CN, zh_TW or en, not '{Language}'.", nameof(Language));
        }

        var problems = Transport.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(Transport));
        }
    }

    /// <summary>The cookie that carries the sign-in's protected state while WeChat's <c>state</c> carries only a short key.</summary>
    internal CookieOptions StateCookieOptions(HttpContext context, DateTimeOffset now)
    {
        var options = CorrelationCookie.Build(context, now);
        options.Expires = now + RemoteAuthenticationTimeout;
        return options;
    }

    /// <inheritdoc/>
    public override string ToString() => $"WeChatOfficialAccountOptions(AppId: {AppId}, AppSecret: ***, Scope: {AuthorizationScope}, RefuseSnapshotUsers: {RefuseSnapshotUsers})";
}
