using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using WxContracts.AspNetCore.Contracts;

namespace WxContracts.AspNetCore.Authentication;

/// <summary>
/// WeChat Official Account web sign-in (网页授权) on ASP.NET Core's <see cref="OAuthHandler{TOptions}"/>: the
/// authorize redirect, the code exchange on <c>sns/oauth2/access_token</c>, <c>sns/userinfo</c> for
/// snsapi_userinfo, and claims.
/// </summary>
/// <remarks>
/// <para>State: WeChat accepts a <c>state</c> of at most 128 characters of <c>[a-zA-Z0-9]</c>, far shorter than the
/// protected properties the OAuth handler normally sends. The handler sends a random 32-character key instead and
/// keeps the protected properties in a cookie named after it; the callback must come back to the browser that holds
/// that cookie and the correlation cookie, so a forged or replayed callback fails.</para>
/// <para>Errors: a used code (40163) or an unknown code (40029) fails the sign-in with a
/// <see cref="WeChatAuthenticationException"/>; the exchange is never retried (a code is single use).</para>
/// </remarks>
public class WeChatOfficialAccountHandler : OAuthHandler<WeChatOfficialAccountOptions>
{
    internal const string StateCookiePrefix = ".AspNetCore.WeChatState.";
    internal const int StateLength = 32;
    private const string StateAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static readonly object s_apiGate = new();

    /// <summary>Creates the handler.</summary>
    public WeChatOfficialAccountHandler(IOptionsMonitor<WeChatOfficialAccountOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : base(options, logger, encoder)
    {
    }

    /// <summary>The sns client over the handler's backchannel.</summary>
    internal static WxApiClient ApiOf(WeChatOfficialAccountOptions options, TimeProvider time)
    {
        if (options.Api is { } api)
        {
            return api;
        }

        lock (s_apiGate)
        {
            if (options.Api is null)
            {
                var transport = new WxTransportOptions
                {
                    BaseAddress = options.ApiBaseAddress,
                    MaxResponseBytes = options.Transport.MaxResponseBytes,
                    AttemptTimeout = options.Transport.AttemptTimeout,
                };
                transport.Retry.MaxAttempts = options.Transport.Retry.MaxAttempts;
                transport.Retry.BaseDelay = options.Transport.Retry.BaseDelay;
                transport.Retry.MaxDelay = options.Transport.Retry.MaxDelay;
                transport.ConfigureResilience = options.Transport.ConfigureResilience;
                options.Api = new WxApiClient(new WxHttpTransport(options.Backchannel, tokens: null, transport, time));
            }

            return options.Api;
        }
    }

    /// <inheritdoc/>
    protected override string BuildChallengeUrl(AuthenticationProperties properties, string redirectUri)
    {
        var scope = properties.GetParameter<ICollection<string>>(OAuthChallengeProperties.ScopeKey)?.FirstOrDefault()
            ?? (Options.AuthorizationScope == WeChatAuthorizationScope.Base ? WeChatOfficialAccountDefaults.ScopeBase : WeChatOfficialAccountDefaults.ScopeUserInfo);
        if (scope is not (WeChatOfficialAccountDefaults.ScopeBase or WeChatOfficialAccountDefaults.ScopeUserInfo))
        {
            throw new InvalidOperationException($"WeChat web sign-in knows the scopes snsapi_base and snsapi_userinfo, not '{scope}'.");
        }

        // The protected properties (with the correlation id) stay in the browser; WeChat carries only their key.
        var state = RandomNumberGenerator.GetString(StateAlphabet, StateLength);
        Response.Cookies.Append(StateCookiePrefix + state, Options.StateDataFormat.Protect(properties), Options.StateCookieOptions(Context, TimeProvider.GetUtcNow()));

        // WeChat wants these parameters in this order, and the #wechat_redirect fragment.
        return Options.AuthorizationEndpoint
            + (Options.AuthorizationEndpoint.Contains('?', StringComparison.Ordinal) ? "&" : "?")
            + "appid=" + Uri.EscapeDataString(Options.AppId)
            + "&redirect_uri=" + Uri.EscapeDataString(redirectUri)
            + "&response_type=code"
            + "&scope=" + scope
            + "&state=" + state
            + "#wechat_redirect";
    }

    /// <inheritdoc/>
    protected override async Task<HandleRequestResult> HandleRemoteAuthenticateAsync()
    {
        var state = Request.Query["state"].ToString();
        if (state.Length != StateLength || state.Any(c => !char.IsAsciiLetterOrDigit(c)))
        {
            return HandleRequestResult.Fail("The WeChat sign-in callback has no valid state parameter.");
        }

        var cookieName = StateCookiePrefix + state;
        var protectedState = Request.Cookies[cookieName];
        Response.Cookies.Delete(cookieName, Options.StateCookieOptions(Context, TimeProvider.GetUtcNow()));
        if (string.IsNullOrEmpty(protectedState))
        {
            return HandleRequestResult.Fail("The WeChat sign-in callback's state does not belong to a sign-in started in this browser.");
        }

        // The base handler unprotects the state, checks the correlation cookie, then exchanges the code.
        var query = new Dictionary<string, StringValues>(Request.Query, StringComparer.Ordinal)
        {
            ["state"] = protectedState,
        };
        Request.Query = new QueryCollection(query);
        return await base.HandleRemoteAuthenticateAsync().ConfigureAwait(false);
    }

    /// <inheritdoc/>
    protected override async Task<OAuthTokenResponse> ExchangeCodeAsync(OAuthCodeExchangeContext context)
    {
        GetOAuthAccessTokenResponse response;
        try
        {
            response = await ApiOf(Options, TimeProvider).OAuth.GetAccessTokenAsync(
                new GetOAuthAccessTokenRequest { Appid = Options.AppId, Secret = Options.AppSecret, Code = context.Code, GrantType = "authorization_code" },
                Context.RequestAborted).ConfigureAwait(false);
        }
        catch (WxApiException ex)
        {
            return OAuthTokenResponse.Failed(Translate(ex, "exchanging the code"));
        }
        catch (WxRequestException ex)
        {
            return OAuthTokenResponse.Failed(new WeChatAuthenticationException(WeChatAuthenticationFailure.WeChatError, null, "WeChat's code exchange gave no usable answer: " + ex.Message, ex));
        }

        if (string.IsNullOrEmpty(response.AccessToken) || string.IsNullOrEmpty(response.Openid))
        {
            return OAuthTokenResponse.Failed(new WeChatAuthenticationException(WeChatAuthenticationFailure.WeChatError, null, "WeChat's code exchange answered without access_token or openid."));
        }

        return OAuthTokenResponse.Success(ToJson(w =>
        {
            w.WriteString("access_token", response.AccessToken);
            w.WriteString("token_type", "Bearer");
            WriteIf(w, "refresh_token", response.RefreshToken);
            if (response.ExpiresIn is { } expiresIn)
            {
                w.WriteString("expires_in", expiresIn.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            w.WriteString("openid", response.Openid);
            WriteIf(w, "scope", response.Scope);
            WriteIf(w, "unionid", response.Unionid);
            if (response.IsSnapshotuser is { } snapshot)
            {
                w.WriteNumber("is_snapshotuser", snapshot);
            }
        }));
    }

    /// <inheritdoc/>
    protected override async Task<AuthenticationTicket> CreateTicketAsync(ClaimsIdentity identity, AuthenticationProperties properties, OAuthTokenResponse tokens)
    {
        var root = tokens.Response!.RootElement;
        var openid = root.GetProperty("openid").GetString()!;
        var snapshot = root.TryGetProperty("is_snapshotuser", out var flag) && flag.GetInt32() == 1;
        if (snapshot && Options.RefuseSnapshotUsers)
        {
            throw new WeChatAuthenticationException(WeChatAuthenticationFailure.SnapshotUser, null, "The user is a snapshot-page virtual account (is_snapshotuser = 1), which this application refuses.");
        }

        var scopes = (root.TryGetProperty("scope", out var s) ? s.GetString() ?? string.Empty : string.Empty)
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

        // A snapshot user has no profile: sns/userinfo is asked only for a real user who granted snsapi_userinfo.
        GetOAuthUserInfoResponse? user = null;
        if (!snapshot && scopes.Contains(WeChatOfficialAccountDefaults.ScopeUserInfo, StringComparer.Ordinal))
        {
            try
            {
                user = await ApiOf(Options, TimeProvider).OAuth.GetUserInfoAsync(
                    new GetOAuthUserInfoRequest { AccessToken = tokens.AccessToken!, Openid = openid, Lang = new GetOAuthUserInfoRequestLang(Options.Language) },
                    Context.RequestAborted).ConfigureAwait(false);
            }
            catch (WxApiException ex)
            {
                throw Translate(ex, "reading the user's profile");
            }
        }

        using var merged = ToJson(w =>
        {
            w.WriteString("openid", openid);
            WriteIf(w, "unionid", user?.Unionid ?? (root.TryGetProperty("unionid", out var u) ? u.GetString() : null));
            WriteIf(w, "scope", string.Join(",", scopes));
            if (snapshot)
            {
                w.WriteNumber("is_snapshotuser", 1);
            }

            WriteIf(w, "nickname", user?.Nickname);
            WriteIf(w, "headimgurl", string.IsNullOrEmpty(user?.Headimgurl) ? null : user!.Headimgurl);
        });

        var context = new OAuthCreatingTicketContext(new ClaimsPrincipal(identity), properties, Context, Scheme, Options, Backchannel, tokens, merged.RootElement);
        context.RunClaimActions();
        await Events.CreatingTicket(context).ConfigureAwait(false);
        return new AuthenticationTicket(context.Principal!, context.Properties, Scheme.Name);
    }

    internal static WeChatAuthenticationException Translate(WxApiException ex, string doing) => ex.GlobalError switch
    {
        WxGlobalError.OAuthCodeAlreadyUsed => new WeChatAuthenticationException(WeChatAuthenticationFailure.CodeAlreadyUsed, ex.ErrorCode, "WeChat sign-in failed: the authorization code was already used (40163). Start the sign-in again.", ex),
        WxGlobalError.InvalidOAuthCode => new WeChatAuthenticationException(WeChatAuthenticationFailure.InvalidCode, ex.ErrorCode, "WeChat sign-in failed: WeChat does not accept the authorization code (40029: expired, forged or for another AppID).", ex),
        WxGlobalError.InvalidRefreshToken or WxGlobalError.RefreshTokenExpired => new WeChatAuthenticationException(WeChatAuthenticationFailure.RefreshTokenRejected, ex.ErrorCode, $"WeChat refused the refresh_token ({ex.ErrorCode}); the user must sign in again.", ex),
        _ => new WeChatAuthenticationException(WeChatAuthenticationFailure.WeChatError, ex.ErrorCode, $"WeChat answered errcode {ex.ErrorCode} while {doing}: {ex.ErrorMessage}", ex),
    };

    private static void WriteIf(Utf8JsonWriter writer, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            writer.WriteString(name, value);
        }
    }

    private static JsonDocument ToJson(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return JsonDocument.Parse(buffer.ToArray());
    }
}
