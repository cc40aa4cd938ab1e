using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace WxContracts;

/// <summary>
/// The one list of names that carry a WeChat secret (AppSecret, access and refresh tokens, EncodingAESKey), and the
/// one text redactor built on it. Compiled into WxContracts.Specs (the generator's <c>[WxSecret]</c>, the analyzer
/// WXC1003, the mock server's journal) and into the runtime (previews in exceptions and logs) from this single file.
/// </summary>
/// <remarks>
/// Names are compared without case and without underscores, so the wire name <c>access_token</c>, the C# names
/// <c>AccessToken</c>/<c>accessToken</c> and the query key <c>ACCESS_TOKEN</c> all match.
/// </remarks>
#if WX_SPECS
public
#else
internal
#endif
static class WxSecretFields
{
    /// <summary>What a secret value is replaced with.</summary>
    public const string Mask = "***";

    /// <summary>The wire names of the fields and query parameters that carry a secret.</summary>
    public static readonly IReadOnlyList<string> WireNames = new[]
    {
        "secret", "appsecret", "component_appsecret",
        "access_token", "authorizer_access_token", "component_access_token",
        "refresh_token", "authorizer_refresh_token",
        "encoding_aes_key",
    };

    private static readonly HashSet<string> s_normalized = new(WireNames.Select(Normalize), StringComparer.Ordinal)
    {
        // Identifiers that say the same thing in another word order.
        "appsecret", "secretkey", "aeskey", "encodingaeskey",
    };

    // name=value (query, form), "name":"value" and "name": value (JSON, also when the JSON is broken or cut).
    private static readonly Regex s_pairs = new(
        "(?<key>[\"']?(?:" + string.Join("|", WireNames.Select(n => n.Replace("_", "_?"))) + ")[\"']?\\s*[:=]\\s*[\"']?)(?<value>[^\"'&,}\\s]+)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>Whether a wire name, query key or C# identifier names a secret.</summary>
    public static bool IsSecret(string? name) => name is { Length: > 0 } && s_normalized.Contains(Normalize(name));

    /// <summary>
    /// Replaces the values of secret names in any text — a query string, a JSON or form body, or a part of one —
    /// with <see cref="Mask"/>. Text without such names comes back unchanged.
    /// </summary>
    public static string Redact(string text) =>
        string.IsNullOrEmpty(text) ? text : s_pairs.Replace(text, m => m.Groups["key"].Value + Mask);

    private static string Normalize(string name)
    {
        var chars = new char[name.Length];
        var n = 0;
        foreach (var c in name)
        {
            if (c != '_' && c != '-')
            {
                chars[n++] = char.ToLowerInvariant(c);
            }
        }

        return new string(chars, 0, n);
    }
}
