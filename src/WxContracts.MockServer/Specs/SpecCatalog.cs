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
/// The specs the mock serves, parsed by the generator's own parser: endpoints by path, and the error table that
/// gives each errcode its errmsg.
/// </summary>
internal sealed class SpecCatalog
{
    private const string ResourcePrefix = "specs/";
    private static readonly Regex s_englishInParentheses = new(@"\(([^()]+)\)\s*$", RegexOptions.CultureInvariant);

    private readonly Dictionary<string, EndpointSpec> _byPath;
    private readonly Dictionary<int, ErrorSpec> _global;

    private SpecCatalog(Dictionary<string, EndpointSpec> byPath, Dictionary<int, ErrorSpec> global)
    {
        _byPath = byPath;
        _global = global;
    }

    public IEnumerable<EndpointSpec> Endpoints => _byPath.Values.OrderBy(e => e.Call.Path, StringComparer.Ordinal);

    public bool TryGet(string path, out EndpointSpec spec) => _byPath.TryGetValue(path, out spec!);

    /// <summary>Loads the specs from a folder, or the ones built into this assembly when <paramref name="directory"/> is null.</summary>
    /// <exception cref="WxMockSpecException">A spec has errors, or two specs serve the same path.</exception>
    public static SpecCatalog Load(string? directory)
    {
        var files = directory is null ? ReadEmbedded() : ReadDirectory(directory);
        var problems = new List<string>();
        var byPath = new Dictionary<string, EndpointSpec>(StringComparer.Ordinal);
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
                if (byPath.TryGetValue(endpoint.Call.Path, out var other))
                {
                    problems.Add($"{endpoint.FilePath}: serves {endpoint.Call.Path}, which {other.FilePath} serves already");
                    continue;
                }

                byPath.Add(endpoint.Call.Path, endpoint);
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

        return new SpecCatalog(byPath, errors);
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
