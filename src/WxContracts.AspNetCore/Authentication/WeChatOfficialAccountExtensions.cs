using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WxContracts;
using WxContracts.AspNetCore.Authentication;
using WxContracts.AspNetCore.Contracts;

namespace Microsoft.Extensions.DependencyInjection
{
    /// <summary>Adds WeChat Official Account web sign-in to the authentication builder.</summary>
    public static class WeChatOfficialAccountAuthenticationExtensions
    {
        /// <summary>Adds WeChat web sign-in under the scheme <c>WeChat</c>.</summary>
        public static AuthenticationBuilder AddWeChatOfficialAccount(this AuthenticationBuilder builder, Action<WeChatOfficialAccountOptions> configure) =>
            builder.AddWeChatOfficialAccount(WeChatOfficialAccountDefaults.AuthenticationScheme, WeChatOfficialAccountDefaults.DisplayName, configure);

        /// <summary>Adds WeChat web sign-in under <paramref name="scheme"/> (one scheme per account).</summary>
        public static AuthenticationBuilder AddWeChatOfficialAccount(this AuthenticationBuilder builder, string scheme, string? displayName, Action<WeChatOfficialAccountOptions> configure)
        {
            ArgumentNullException.ThrowIfNull(builder);
            ArgumentNullException.ThrowIfNull(configure);
            return builder.AddOAuth<WeChatOfficialAccountOptions, WeChatOfficialAccountHandler>(scheme, displayName ?? scheme, configure);
        }
    }
}

namespace WxContracts.AspNetCore.Authentication
{
    /// <summary>The user's web-authorization tokens kept by <c>SaveTokens</c>, and their refresh.</summary>
    public static class WeChatUserTokenExtensions
    {
        /// <summary>
        /// Renews the signed-in user's web-authorization access_token with <c>sns/oauth2/refresh_token</c> and signs the
        /// user in again with the new tokens (the sign-in scheme's cookie is rewritten). Needs <c>SaveTokens = true</c>.
        /// Returns the new access_token's expiry.
        /// </summary>
        /// <exception cref="InvalidOperationException">No user is signed in, or no refresh_token was saved.</exception>
        /// <exception cref="WeChatAuthenticationException">WeChat refused the refresh_token (40030, 42002) or another error.</exception>
        public static async Task<DateTimeOffset> RefreshWeChatTokensAsync(this HttpContext context, string scheme = WeChatOfficialAccountDefaults.AuthenticationScheme, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(context);
            var options = context.RequestServices.GetRequiredService<IOptionsMonitor<WeChatOfficialAccountOptions>>().Get(scheme);
            var signInScheme = options.SignInScheme;
            var result = await context.AuthenticateAsync(signInScheme).ConfigureAwait(false);
            if (!result.Succeeded || result.Properties is null)
            {
                throw new InvalidOperationException("No user is signed in with the scheme " + (signInScheme ?? "(default)") + ".");
            }

            var refreshToken = result.Properties.GetTokenValue("refresh_token");
            if (string.IsNullOrEmpty(refreshToken))
            {
                throw new InvalidOperationException("No refresh_token was saved at sign-in: set SaveTokens = true on the WeChat options.");
            }

            var time = context.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System;
            RefreshOAuthAccessTokenResponse response;
            try
            {
                response = await WeChatOfficialAccountHandler.ApiOf(options, time).OAuth.RefreshAccessTokenAsync(
                    new RefreshOAuthAccessTokenRequest { Appid = options.AppId, GrantType = "refresh_token", RefreshToken = refreshToken },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (WxApiException ex)
            {
                throw WeChatOfficialAccountHandler.Translate(ex, "refreshing the user's access_token");
            }

            if (string.IsNullOrEmpty(response.AccessToken))
            {
                throw new WeChatAuthenticationException(WeChatAuthenticationFailure.WeChatError, null, "WeChat's refresh answered without an access_token.");
            }

            var expiresAt = time.GetUtcNow() + TimeSpan.FromSeconds(response.ExpiresIn ?? 7200);
            result.Properties.UpdateTokenValue("access_token", response.AccessToken);
            if (!string.IsNullOrEmpty(response.RefreshToken))
            {
                result.Properties.UpdateTokenValue("refresh_token", response.RefreshToken);
            }

            result.Properties.UpdateTokenValue("expires_at", expiresAt.ToString("o", CultureInfo.InvariantCulture));
            await context.SignInAsync(signInScheme, result.Principal!, result.Properties).ConfigureAwait(false);
            return expiresAt;
        }
    }
}
