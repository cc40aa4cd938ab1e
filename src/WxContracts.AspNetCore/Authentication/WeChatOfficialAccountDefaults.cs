namespace WxContracts.AspNetCore.Authentication;

/// <summary>Default values of the WeChat Official Account web sign-in (网页授权).</summary>
public static class WeChatOfficialAccountDefaults
{
    /// <summary>The default authentication scheme name.</summary>
    public const string AuthenticationScheme = "WeChat";

    /// <summary>The default display name.</summary>
    public const string DisplayName = "WeChat";

    /// <summary>WeChat's authorization page (opened inside WeChat).</summary>
    public const string AuthorizationEndpoint = "https://open.weixin.qq.com/connect/oauth2/authorize";

    /// <summary>The code exchange endpoint; the other sns endpoints are called on the same host.</summary>
    public const string TokenEndpoint = "https://api.weixin.qq.com/sns/oauth2/access_token";

    /// <summary>The user information endpoint (snsapi_userinfo only).</summary>
    public const string UserInformationEndpoint = "https://api.weixin.qq.com/sns/userinfo";

    /// <summary>The default callback path.</summary>
    public const string CallbackPath = "/signin-wechat";

    /// <summary>The silent scope: only the openid, no consent page.</summary>
    public const string ScopeBase = "snsapi_base";

    /// <summary>The scope with the user's consent: nickname, avatar and unionid as well.</summary>
    public const string ScopeUserInfo = "snsapi_userinfo";
}

/// <summary>The claim types the handler adds besides <c>ClaimTypes.NameIdentifier</c> (openid) and <c>ClaimTypes.Name</c> (nickname).</summary>
public static class WeChatClaimTypes
{
    /// <summary>The user's OpenID for this account.</summary>
    public const string OpenId = "urn:wechat:openid";

    /// <summary>The user's UnionID (when the account is bound to an Open Platform account).</summary>
    public const string UnionId = "urn:wechat:unionid";

    /// <summary>The nickname (snsapi_userinfo only).</summary>
    public const string Nickname = "urn:wechat:nickname";

    /// <summary>The avatar URL (snsapi_userinfo only).</summary>
    public const string HeadImgUrl = "urn:wechat:headimgurl";

    /// <summary>The scopes the user granted, comma-separated.</summary>
    public const string Scope = "urn:wechat:scope";

    /// <summary>"true" when the user is a snapshot-page virtual account (<c>is_snapshotuser</c> = 1): not a real user.</summary>
    public const string IsSnapshotUser = "urn:wechat:is_snapshotuser";
}
