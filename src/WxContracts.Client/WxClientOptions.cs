using System;
using System.Collections.Generic;

namespace WxContracts;

/// <summary>How the runtime obtains access tokens.</summary>
public enum WxTokenMode
{
    /// <summary><c>cgi-bin/stable_token</c> in normal mode (the default, as the docs recommend).</summary>
    Stable,

    /// <summary><c>cgi-bin/token</c>: every request issues a new token and ends the previous one within 5 minutes.</summary>
    Classic,
}

/// <summary>Settings of the WeChat client runtime. <see cref="ToString"/> never shows the AppSecret.</summary>
public sealed class WxClientOptions
{
    /// <summary>The account's AppID.</summary>
    public string? AppId { get; set; }

    /// <summary>The account's AppSecret. Keep it in configuration or a secret store, never in code.</summary>
    public string? AppSecret { get; set; }

    /// <summary>Which token endpoint to use (default <see cref="WxTokenMode.Stable"/>).</summary>
    public WxTokenMode TokenMode { get; set; } = WxTokenMode.Stable;

    /// <summary>A cached token is refreshed this long before WeChat says it expires (default 2 minutes; at most
    /// half of the token's lifetime is used, so a short-lived token is still used).</summary>
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>HTTP settings: base address, limits, timeouts, retries.</summary>
    public WxTransportOptions Transport { get; } = new();

    /// <summary>Key under which the token is shared in a distributed store (default <c>wxcontracts:token:{AppId}:{mode}</c>).</summary>
    public string? TokenCacheKey { get; set; }

    /// <summary>How long a distributed refresh lock lives if its holder dies (default 15 s).</summary>
    public TimeSpan TokenLockExpiry { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The key the token is stored under.</summary>
    public string EffectiveTokenCacheKey => TokenCacheKey ?? $"wxcontracts:token:{AppId}:{TokenMode.ToString().ToLowerInvariant()}";

    /// <summary>Lists what is wrong with these options; empty when they are usable.</summary>
    /// <param name="needsAppCredentials">Whether the runtime fetches tokens itself (false when tokens come from a caller's provider).</param>
    public IReadOnlyList<string> Validate(bool needsAppCredentials = true)
    {
        var problems = new List<string>();
        if (needsAppCredentials && string.IsNullOrWhiteSpace(AppId))
        {
            problems.Add("WxClientOptions.AppId is required (the account's AppID).");
        }

        if (needsAppCredentials && string.IsNullOrWhiteSpace(AppSecret))
        {
            problems.Add("WxClientOptions.AppSecret is required (the account's AppSecret, from configuration or a secret store).");
        }

        problems.AddRange(Transport.Validate());
        if (TokenRefreshMargin < TimeSpan.Zero || TokenLockExpiry <= TimeSpan.Zero)
        {
            problems.Add("WxClientOptions.TokenRefreshMargin and TokenLockExpiry must be positive.");
        }

        return problems;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"WxClientOptions(AppId: {AppId ?? "(none)"}, AppSecret: {(string.IsNullOrEmpty(AppSecret) ? "(none)" : "***")}, TokenMode: {TokenMode}, {Transport})";
}
