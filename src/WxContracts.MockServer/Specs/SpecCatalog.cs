using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using WxContracts.Specs.Model;
using WxContracts.Specs.Parsing;

namespace WxContracts.MockServer.Specs;

/// <summary>
/// The specs the mock serves, parsed by the generator's own parser: endpoints by path (several specs may share a path
/// when a query parameter with a one-value enum, such as <c>action</c>, tells them apart), and the error table that
/// gives each errcode its errmsg.
/// </summary>
internal sealed class SpecCatalog
{
    private const string ResourcePrefix = "specs/";
    private static readonly Regex s_englishInParentheses = new(@"\(([^()]+)\)\s*$", RegexOptions.CultureInvariant);

    private readonly Dictionary<string, SpecRoute> _byPath;
    private readonly Dictionary<int, ErrorSpec> _global;

    private SpecCatalog(Dictionary<string, SpecRoute> byPath, Dictionary<int, ErrorSpec> global)
    {
        _byPath = byPath;
        _global = global;
    }

    /// <summary>Every spec served, by path (specs that share a path by their selector value).</summary>
    public IEnumerable<EndpointSpec> Endpoints => _byPath.Values.OrderBy(r => r.Path, StringComparer.Ordinal).SelectMany(r => r.Specs);

    /// <summary>Whether a spec serves <paramref name="path"/>; <paramref name="spec"/> is the first of them.</summary>
    public bool TryGet(string path, out EndpointSpec spec)
    {
        spec = null!;
        if (!_byPath.TryGetValue(path, out var route))
        {
            return false;
        }

        spec = route.Specs[0];
        return true;
    }

    /// <summary>
    /// The spec that answers a request: the one spec of the path, or, where several share it, the one whose selector
    /// parameter (a query parameter whose enum has exactly one value, such as <c>action</c>) has the value the request
    /// carries. <paramref name="problem"/> says why none was chosen when the path is served but the value is missing
    /// or unknown; both are null for a path no spec serves.
    /// </summary>
    public EndpointSpec? Find(string path, Func<string, string?> queryValue, out string? problem)
    {
        problem = null;
        if (!_byPath.TryGetValue(path, out var route))
        {
            return null;
        }

        if (route.Selector is null)
        {
            return route.Specs[0];
        }

        var value = queryValue(route.Selector);
        if (value is not null && route.BySelector.TryGetValue(value, out var spec))
        {
            return spec;
        }

        var expected = string.Join(", ", route.BySelector.Keys.OrderBy(k => k, StringComparer.Ordinal));
        problem = value is null
            ? $"{path} serves several endpoints, chosen by the query parameter {route.Selector}, which is missing (expected one of {expected})"
            : $"{path} serves no endpoint with {route.Selector}={value} (expected one of {expected})";
        return null;
    }

    /// <summary>Loads the specs from a folder, or the ones built into this assembly when <paramref name="directory"/> is null.</summary>
    /// <exception cref="WxMockSpecException">A spec has errors, or specs that share a path cannot be told apart by a one-value query parameter.</exception>
    public static SpecCatalog Load(string? directory)
    {
        var files = directory is null ? ReadEmbedded() : ReadDirectory(directory);
        var problems = new List<string>();
        var byPath = new Dictionary<string, List<EndpointSpec>>(StringComparer.Ordinal);
        GlobalErrorsSpec? global = null;
        foreach (var (path, text) in files)
        {
            var parsed = SpecParser.Parse(path, text);
            problems.AddRange(parsed.Diagnostics.Where(d => d.IsError).Select(d => d.ToString()));
            if (parsed.GlobalErrors is not null)
            {
                global = parsed.GlobalErrors;
            }

            if (parsed.Endpoint is { } endpoint)
            {
                if (!byPath.TryGetValue(endpoint.Call.Path, out var shared))
                {
                    byPath.Add(endpoint.Call.Path, shared = new List<EndpointSpec>());
                }

                shared.Add(endpoint);
            }
        }

        var routes = new Dictionary<string, SpecRoute>(StringComparer.Ordinal);
        foreach (var pair in byPath)
        {
            if (SpecRoute.Create(pair.Key, pair.Value, out var problem) is { } route)
            {
                routes.Add(pair.Key, route);
            }
            else
            {
                problems.Add(problem!);
            }
        }

        if (problems.Count > 0)
        {
            throw new WxMockSpecException("The mock server cannot serve these specs:" + Environment.NewLine + string.Join(Environment.NewLine, problems));
        }

        if (global is null && directory is not null)
        {
            global = ReadEmbedded()
                .Select(f => SpecParser.Parse(f.Path, f.Text).GlobalErrors)
                .FirstOrDefault(g => g is not null);
        }

        var errors = new Dictionary<int, ErrorSpec>();
        foreach (var error in global?.Errors ?? EquatableArray<ErrorSpec>.Empty)
        {
            errors[error.Code] = error;
        }

        return new SpecCatalog(routes, errors);
    }

    /// <summary>
    /// The errmsg of a code: the endpoint's table, then the global table; where neither gives an English
    /// errmsg, the English explanation of the global table in lower case; else the code's name.
    /// </summary>
    public string ErrMsg(int code, EndpointSpec? endpoint)
    {
        var own = endpoint?.Errors.FirstOrDefault(e => e.Code == code);
        if (own?.ErrMsg is { Length: > 0 } ownMsg)
        {
            return ownMsg;
        }

        if (_global.TryGetValue(code, out var global))
        {
            if (global.ErrMsg is { Length: > 0 } msg)
            {
                return msg;
            }

            var english = global.Description is null ? null : s_englishInParentheses.Match(global.Description);
            if (english is { Success: true })
            {
                var text = english.Groups[1].Value.Trim().TrimEnd('.');
                return char.ToLowerInvariant(text[0]) + text.Substring(1);
            }

            return global.MemberName;
        }

        return own?.MemberName ?? "error " + code;
    }

    /// <summary>The code whose errmsg is exactly <paramref name="errmsg"/>, in the endpoint's table or the global one.</summary>
    public int? CodeOf(string errmsg, EndpointSpec endpoint)
    {
        var own = endpoint.Errors.FirstOrDefault(e => e.ErrMsg == errmsg);
        if (own is not null)
        {
            return own.Code;
        }

        foreach (var pair in _global)
        {
            if (pair.Value.ErrMsg == errmsg)
            {
                return pair.Key;
            }
        }

        return null;
    }

    private static List<(string Path, string Text)> ReadEmbedded()
    {
        var assembly = typeof(SpecCatalog).Assembly;
        var result = new List<(string, string)>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).OrderBy(n => n, StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            result.Add((name, reader.ReadToEnd()));
        }

        return result;
    }

    private static List<(string Path, string Text)> ReadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new WxMockSpecException($"The specs folder '{directory}' does not exist");
        }

        return Directory.EnumerateFiles(directory, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => (f, File.ReadAllText(f)))
            .ToList();
    }
}
