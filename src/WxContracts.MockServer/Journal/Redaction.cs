using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace WxContracts.MockServer;

/// <summary>Removes secrets from what the journal keeps: token and secret values in query strings and bodies.</summary>
internal static class Redaction
{
    public const string Mask = "***";

    private static readonly string[] s_secretNames =
    {
        "access_token", "authorizer_access_token", "component_access_token", "refresh_token",
        "authorizer_refresh_token", "secret", "appsecret", "component_appsecret",
    };

    // Catches secrets in bodies that are not valid JSON: "secret": "…", secret=…
    private static readonly Regex s_loose = new(
        "(?<key>\"?(?:" + string.Join("|", s_secretNames.Select(Regex.Escape)) + ")\"?\\s*[:=]\\s*\"?)(?<value>[^\"&,}\\s]*)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    public static bool IsSecretName(string name) => s_secretNames.Contains(name, StringComparer.OrdinalIgnoreCase);

    /// <summary>A query string ("?a=1&amp;secret=x") with secret values replaced.</summary>
    public static string Query(string query)
    {
        if (string.IsNullOrEmpty(query))
        {
            return string.Empty;
        }

        var sb = new StringBuilder();
        foreach (var pair in query.TrimStart('?').Split('&'))
        {
            sb.Append(sb.Length == 0 ? '?' : '&');
            var eq = pair.IndexOf('=');
            var name = eq < 0 ? pair : pair.Substring(0, eq);
            if (eq >= 0 && IsSecretName(Uri.UnescapeDataString(name)))
            {
                sb.Append(name).Append('=').Append(Mask);
            }
            else
            {
                sb.Append(pair);
            }
        }

        return sb.ToString();
    }

    /// <summary>A request body with secret values replaced: structurally for JSON, by pattern otherwise.</summary>
    public static string? Body(string? body)
    {
        if (string.IsNullOrEmpty(body))
        {
            return body;
        }

        try
        {
            var node = JsonNode.Parse(body);
            if (node is not null && Scrub(node))
            {
                return node.ToJsonString();
            }

            return node is null ? body : body.Trim();
        }
        catch (JsonException)
        {
            return s_loose.Replace(body, m => m.Groups["key"].Value + Mask);
        }
    }

    /// <summary>Masks secret properties in place; true if anything was masked.</summary>
    private static bool Scrub(JsonNode node)
    {
        var changed = false;
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    if (IsSecretName(name))
                    {
                        obj[name] = Mask;
                        changed = true;
                    }
                    else if (obj[name] is { } child)
                    {
                        changed |= Scrub(child);
                    }
                }

                break;
            case JsonArray arr:
                foreach (var item in arr)
                {
                    if (item is not null)
                    {
                        changed |= Scrub(item);
                    }
                }

                break;
        }

        return changed;
    }
}
