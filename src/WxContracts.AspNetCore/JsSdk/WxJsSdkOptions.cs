using System;
using System.Collections.Generic;

namespace WxContracts.AspNetCore.JsSdk;

/// <summary>Settings of the JS-SDK support: the jsapi_ticket's cache and the pages that may be signed.</summary>
public sealed class WxJsSdkOptions
{
    /// <summary>A cached ticket is replaced this long before it expires (default 2 minutes; at most half its lifetime).</summary>
    public TimeSpan TicketRefreshMargin { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a distributed refresh lock lives if its holder dies (default 15 s).</summary>
    public TimeSpan TicketLockExpiry { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The key the ticket is shared under (default <c>wxcontracts:jsapi_ticket:{AppId}</c>).</summary>
    public string? TicketCacheKey { get; set; }

    /// <summary>
    /// The hosts whose pages may be signed (the account's JS interface safe domains, e.g. <c>m.example.com</c>); empty
    /// (the default) signs any host. Set it in production so the config endpoint cannot sign other sites' pages.
    /// </summary>
    public ISet<string> AllowedHosts { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Lists what is wrong with these options; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (TicketRefreshMargin < TimeSpan.Zero || TicketLockExpiry <= TimeSpan.Zero)
        {
            problems.Add("WxJsSdkOptions.TicketRefreshMargin and TicketLockExpiry must be positive.");
        }

        return problems;
    }

    /// <inheritdoc/>
    public override string ToString() => $"WxJsSdkOptions(TicketRefreshMargin: {TicketRefreshMargin}, AllowedHosts: {string.Join(",", AllowedHosts)})";
}
