using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WxContracts.MockServer;

/// <summary>Removes secrets from what the journal keeps: token and secret values in query strings and bodies.</summary>
internal static class Redaction
{
    public const string Mask = WxSecretFields.Mask;

    public static bool IsSecretName(string name) => WxSecretFields.IsSecret(name);

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
            return WxSecretFields.Redact(body);
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
