using System;

namespace WxContracts.MockServer;

/// <summary>What an injected fault does to a request.</summary>
public enum WxMockFaultKind
{
    /// <summary>Reads the request, then waits <see cref="WxMockFault.Latency"/> before handling it (combines with the others).</summary>
    Latency,

    /// <summary>Answers <c>{"errcode":-1,"errmsg":"system error"}</c> without handling the request.</summary>
    SystemError,

    /// <summary>Resets the connection before the request body is read.</summary>
    ResetBeforeBody,

    /// <summary>Resets the connection after the request body is read, before the request is handled.</summary>
    ResetAfterBody,

    /// <summary>Answers HTTP <see cref="WxMockFault.StatusCode"/> (default 503) with an HTML page.</summary>
    HttpError,

    /// <summary>Answers HTTP 200 with an HTML page instead of JSON (as a captive portal or a proxy would).</summary>
    HtmlBody,

    /// <summary>Handles the request, then announces the full Content-Length, writes half the body and resets the connection.</summary>
    TruncatedBody,

    /// <summary>Handles the request, then sends a well-formed HTTP response whose JSON body is cut in half.</summary>
    CutJson,

    /// <summary>
    /// Revokes every access token issued so far, then handles the request normally: a call carrying a token answers
    /// 40001, and so do later calls with the revoked tokens until the client fetches a new one (as after a token
    /// leak, or a token replaced by another of the account's servers).
    /// </summary>
    RevokeTokens,
}

/// <summary>A fault to inject on one endpoint path, or on every endpoint (<c>Path = "*"</c>).</summary>
public sealed class WxMockFault
{
    /// <summary>What the fault does.</summary>
    public required WxMockFaultKind Kind { get; init; }

    /// <summary>The endpoint path, e.g. <c>/cgi-bin/comment/reply/add</c>; <c>*</c> (the default) for every endpoint.</summary>
    public string Path { get; init; } = "*";

    /// <summary>The chance, from 0 to 1, that the fault fires on a matching request (the mock's seeded random decides).</summary>
    public double Rate { get; init; } = 1.0;

    /// <summary>How many times the fault may fire; null for no limit.</summary>
    public int? Times { get; init; }

    /// <summary>The delay of a <see cref="WxMockFaultKind.Latency"/> fault.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>The HTTP status of an <see cref="WxMockFaultKind.HttpError"/> fault.</summary>
    public int StatusCode { get; init; } = 503;

    /// <summary>The wire name of the kind, as the admin route and the journal spell it.</summary>
    public string KindName => WxMockFaultNames.Of(Kind);

    /// <inheritdoc/>
    public override string ToString() =>
        $"{KindName} on {Path} (rate {Rate}{(Times is null ? string.Empty : ", " + Times + " times")}{(Kind == WxMockFaultKind.Latency ? ", " + Latency.TotalMilliseconds + " ms" : string.Empty)}{(Kind == WxMockFaultKind.HttpError ? ", HTTP " + StatusCode : string.Empty)})";
}

/// <summary>The snake_case names of the fault kinds used by the admin route.</summary>
internal static class WxMockFaultNames
{
    public static string Of(WxMockFaultKind kind) => kind switch
    {
        WxMockFaultKind.Latency => "latency",
        WxMockFaultKind.SystemError => "system_error",
        WxMockFaultKind.ResetBeforeBody => "reset_before_body",
        WxMockFaultKind.ResetAfterBody => "reset_after_body",
        WxMockFaultKind.HttpError => "http_error",
        WxMockFaultKind.HtmlBody => "html_body",
        WxMockFaultKind.TruncatedBody => "truncated_body",
        WxMockFaultKind.CutJson => "cut_json",
        WxMockFaultKind.RevokeTokens => "revoke_tokens",
        _ => kind.ToString(),
    };

    public static bool TryParse(string name, out WxMockFaultKind kind)
    {
        foreach (var candidate in Enum.GetValues<WxMockFaultKind>())
        {
            if (Of(candidate) == name)
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }
}
