using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace WxContracts.Cli.List;

/// <summary>One endpoint of the catalog: its family, HTTP method, path and, where one path serves several, a variant;
/// <see cref="Part"/> names the catalog file it came from (<c>core</c> for <c>core-endpoints.tsv</c>).</summary>
internal sealed record CatalogEndpoint(string Family, string Method, string Path, string Variant, string Part = "");

/// <summary>Why a catalog endpoint has no spec; <see cref="Variant"/> empty means every endpoint of the path.</summary>
internal sealed record CoverageReason(string Method, string Path, string Variant, string Reason);

/// <summary>Reads the catalog list (tab-separated) and the reasons file (YAML), turning every problem into a message.</summary>
internal static class CoverageInputs
{
    /// <summary>The part of the catalog a file holds: its name without <c>-endpoints.tsv</c> (<c>core</c>, <c>more</c>).</summary>
    public static string PartOf(string path)
    {
        var name = System.IO.Path.GetFileNameWithoutExtension(path);
        return name.EndsWith("-endpoints", StringComparison.Ordinal) ? name.Substring(0, name.Length - "-endpoints".Length) : name;
    }

    /// <summary>Lines: <c>family, method, path, variant</c> separated by tabs; <c>#</c> comments and the header line are skipped.</summary>
    public static List<CatalogEndpoint>? ReadCatalog(string path, List<string> problems)
    {
        var text = InputFiles.ReadText(path, out var problem);
        if (text is null)
        {
            problems.Add(problem!);
            return null;
        }

        var rows = new List<CatalogEndpoint>();
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Trim().Length == 0 || line.StartsWith("#", StringComparison.Ordinal) || line.StartsWith("family\t", StringComparison.Ordinal))
            {
                continue;
            }

            var cells = line.Split('\t');
            if (cells.Length is < 3 or > 4 || cells.Take(3).Any(c => c.Trim().Length == 0) || !cells[2].StartsWith("/", StringComparison.Ordinal))
            {
                problems.Add($"{path}({i + 1}): expected 'family<TAB>method<TAB>/path[<TAB>variant]', got '{line}'");
                continue;
            }

            rows.Add(new CatalogEndpoint(cells[0].Trim(), cells[1].Trim().ToUpperInvariant(), cells[2].Trim(), cells.Length > 3 ? cells[3].Trim() : string.Empty, PartOf(path)));
        }

        if (rows.Count == 0)
        {
            problems.Add($"{path}: lists no endpoints");
        }

        return rows;
    }

    /// <summary>A YAML list of mappings with <c>method</c>, <c>path</c>, optional <c>variant</c> and <c>reason</c>.</summary>
    public static List<CoverageReason>? ReadReasons(string path, List<string> problems)
    {
        var text = InputFiles.ReadText(path, out var problem);
        if (text is null)
        {
            problems.Add(problem!);
            return null;
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            problems.Add($"{path}({ex.Start.Line},{ex.Start.Column}): not valid YAML: {ex.Message}");
            return null;
        }

        if (stream.Documents.Count == 0)
        {
            return new List<CoverageReason>();
        }

        if (stream.Documents[0].RootNode is not YamlSequenceNode list)
        {
            problems.Add($"{path}: expected a list of reasons");
            return null;
        }

        var reasons = new List<CoverageReason>();
        foreach (var item in list)
        {
            var at = $"{path}({item.Start.Line},{item.Start.Column})";
            if (item is not YamlMappingNode map)
            {
                problems.Add($"{at}: expected a mapping with method, path and reason");
                continue;
            }

            string? Get(string key) => map.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s ? s.Value : null;
            var unknown = map.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value).Where(k => k is not ("method" or "path" or "variant" or "reason")).ToList();
            var (method, endpointPath, reason) = (Get("method"), Get("path"), Get("reason"));
            if (unknown.Count > 0 || string.IsNullOrWhiteSpace(method) || string.IsNullOrWhiteSpace(endpointPath) || string.IsNullOrWhiteSpace(reason))
            {
                problems.Add($"{at}: a reason needs method, path and reason (and may have variant)" + (unknown.Count > 0 ? "; unknown key(s): " + string.Join(", ", unknown) : string.Empty));
                continue;
            }

            reasons.Add(new CoverageReason(method!.Trim().ToUpperInvariant(), endpointPath!.Trim(), Get("variant")?.Trim() ?? string.Empty, reason!.Trim()));
        }

        return reasons;
    }
}
