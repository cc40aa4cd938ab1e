using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace WxContracts.Cli.Import;

/// <summary>
/// A request example that is the call URL (<c>GET https://api.weixin.qq.com/cgi-bin/user/get?access_token=ACCESS_TOKEN&amp;next_openid=NEXT_OPENID</c>),
/// as GET pages give it. Its query string is the example of the query parameters: they are checked against the
/// query table (a parameter the table lists as required but the URL lacks, or one the URL passes but the table
/// does not list, gets a review mark). The JSON request example is then the body: <c>{}</c> when there is none.
/// </summary>
internal static class RequestUrlExample
{
    private static readonly Regex s_urlLine = new(@"^(?:(GET|POST)\s+)?(https?://\S+)$", RegexOptions.IgnoreCase);

    /// <summary>When the first line is a call URL, records its query and returns the lines after it (a body, if
    /// any; null when there are none). Otherwise returns the lines unchanged.</summary>
    public static List<PageLine>? Read(List<PageLine> lines, ImportedSpec spec)
    {
        var m = s_urlLine.Match(lines[0].Text.Trim());
        if (!m.Success || !Uri.TryCreate(m.Groups[2].Value, UriKind.Absolute, out var url))
        {
            return lines;
        }

        spec.RequestUrlQuery = Parse(url.Query);
        spec.RequestUrl = lines[0].Text.Trim();
        if (spec.Url is not null && Uri.TryCreate(spec.Url, UriKind.Absolute, out var call) && !string.Equals(call.AbsolutePath, url.AbsolutePath, StringComparison.Ordinal))
        {
            spec.Reviews.Add($"the request example calls {url.AbsolutePath}, the call line {call.AbsolutePath}; the call line was used");
        }

        if (m.Groups[1].Success && spec.Method is not null && !m.Groups[1].Value.Equals(spec.Method, StringComparison.OrdinalIgnoreCase))
        {
            spec.Reviews.Add($"the request example is a {m.Groups[1].Value.ToUpperInvariant()}, the call line a {spec.Method}; the call line was used");
        }

        var rest = lines.Skip(1).ToList();
        return rest.Count == 0 ? null : rest;
    }

    private static List<(string, string)> Parse(string query)
    {
        var pairs = new List<(string, string)>();
        foreach (var part in query.TrimStart('?').Split(new[] { '&' }, StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            var name = Uri.UnescapeDataString(eq < 0 ? part : part.Substring(0, eq));
            var value = eq < 0 ? string.Empty : Uri.UnescapeDataString(part.Substring(eq + 1));
            if (name.Length > 0)
            {
                pairs.Add((name, value));
            }
        }

        return pairs;
    }

    /// <summary>The note for examples.normalized.</summary>
    public static string Note(ImportedSpec spec)
    {
        var body = spec.RequestExampleLines is not null
            ? "the lines after it are the body example"
            : spec.Request is null ? "the request has no body, so the JSON request example is {}" : "the page gives no body example";
        return $"The doc's request example is the call URL ({spec.RequestUrl}); its query parameters were checked against the query table and {body}.";
    }

    /// <summary>Compares the URL's query parameters with the query table.</summary>
    public static void CheckQuery(ImportedSpec spec)
    {
        if (spec.RequestUrlQuery is not { } passed)
        {
            return;
        }

        foreach (var field in spec.Query.Where(f => f.Required && !passed.Any(p => p.Name == f.Name)))
        {
            field.Reviews.Add("the query table says required, but the example URL does not pass it");
        }

        foreach (var (name, value) in passed.Where(p => !spec.Query.Any(f => f.Name == p.Name)))
        {
            if (name is "access_token" or "authorizer_access_token" or "component_access_token")
            {
                continue; // the credential: the call line already gave it
            }

            if (!Specs.Parsing.Naming.IsValidIdentifier(Specs.Parsing.Naming.ToPascalCase(name)))
            {
                spec.Reviews.Add($"the example URL passes '{name}', which the query table does not list and which is not a usable name; left out");
                continue;
            }

            // Evidence decides: the parameter is added (optional, string), and marked.
            var field = new ImportedField { Name = name, Type = "string", Path = "Query." + name, Example = value.Length == 0 ? null : value };
            field.Reviews.Add($"the query table does not list '{name}'; the example URL passes it ({name}={value}): added as an optional string");
            spec.Query.Add(field);
        }
    }
}
