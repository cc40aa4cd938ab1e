using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using WxContracts.Benchmarks.Json;

namespace WxContracts.Benchmarks.Generator;

/// <summary>One spec file in memory.</summary>
public sealed record SpecText(string Path, string Text);

/// <summary>
/// Synthetic specs for the generator benchmarks: the repository's endpoint specs (autoreply, comment, two token
/// specs) taken in turn, each copy renamed so that no two define the same C# name: spec name, interface, group,
/// nested type names and enum names get the copy's number. The wire format, fields and tables stay as they are.
/// </summary>
public static class SyntheticSpecs
{
    private static readonly Lazy<IReadOnlyList<SpecText>> s_seeds = new(LoadSeeds);

    /// <summary>The seed specs (not the global error table, which the runtime library ships), ordered by path.</summary>
    public static IReadOnlyList<SpecText> Seeds => s_seeds.Value;

    /// <summary>The first <paramref name="count"/> synthetic specs; spec i is seed i mod 4, renamed with copy i / 4.</summary>
    public static IReadOnlyList<SpecText> Make(int count)
    {
        var specs = new List<SpecText>(count);
        for (var i = 0; i < count; i++)
        {
            var seed = Seeds[i % Seeds.Count];
            var copy = i / Seeds.Count;
            var name = Path.GetFileNameWithoutExtension(seed.Path);
            specs.Add(new SpecText($"/synthetic/{copy:D4}/{name}.yaml", Rename(seed.Text, "V" + copy.ToString("D4", System.Globalization.CultureInfo.InvariantCulture))));
        }

        return specs;
    }

    /// <summary>The same spec with a changed title: what a developer editing one spec does.</summary>
    public static SpecText EditOne(SpecText spec) =>
        spec with { Text = Regex.Replace(spec.Text, "^title: (.*)$", "title: $1 (edited)", RegexOptions.Multiline) };

    /// <summary>The same spec with its first response field's description changed: touches the models only, not the client.</summary>
    public static SpecText EditOneFieldDescription(SpecText spec)
    {
        var response = spec.Text.IndexOf("\nresponse:", StringComparison.Ordinal);
        var at = spec.Text.IndexOf("    description: ", response, StringComparison.Ordinal);
        return spec with { Text = spec.Text.Insert(at + "    description: ".Length, "Edited. ") };
    }

    /// <summary>Gives every C# name a spec defines the suffix <paramref name="suffix"/>.</summary>
    public static string Rename(string yaml, string suffix)
    {
        var text = Regex.Replace(yaml, @"^(name|interface|group): (\w+)\s*$", m => $"{m.Groups[1].Value}: {m.Groups[2].Value}{suffix}", RegexOptions.Multiline);
        text = Regex.Replace(text, @"\b(type_name|enum): (\w+)\s*$", m => $"{m.Groups[1].Value}: {m.Groups[2].Value}{suffix}", RegexOptions.Multiline);

        // Enum definitions: the "- name:" entries directly under the top-level "enums:" key.
        var lines = text.Split('\n');
        var inEnums = false;
        var sb = new StringBuilder(text.Length + 64);
        foreach (var line in lines)
        {
            if (line.Length > 0 && !char.IsWhiteSpace(line[0]) && line[0] != '#')
            {
                inEnums = line.StartsWith("enums:", StringComparison.Ordinal);
            }

            var renamed = inEnums ? Regex.Replace(line, @"^  - name: (\w+)\s*$", m => $"  - name: {m.Groups[1].Value}{suffix}") : line;
            sb.Append(renamed).Append('\n');
        }

        return sb.ToString(0, sb.Length - 1);
    }

    /// <summary>The 14 wave-1 specs: the workload stays the one earlier figures were measured on, whatever else
    /// specs/ holds.</summary>
    private static readonly string[] s_seedFolders = { "autoreply", "comment", "media", "menu", "token", "user" };

    private static readonly string[] s_seedFiles =
    {
        "getcurrentautoreplyinfo", "closecomment", "deletecomment", "deletereplycomment", "listcomment", "markelectcomment",
        "opencomment", "replycomment", "unmarkelectcomment", "uploadtempmedia", "createcustommenu", "getaccesstoken",
        "getstableaccesstoken", "getfans",
    };

    private static IReadOnlyList<SpecText> LoadSeeds()
    {
        var root = Payloads.SpecsDirectory;
        return Directory.EnumerateFiles(root, "*.yaml", SearchOption.AllDirectories)
            .Where(p => s_seedFolders.Contains(Path.GetFileName(Path.GetDirectoryName(p)!)) && s_seedFiles.Contains(Path.GetFileNameWithoutExtension(p)))
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => new SpecText(p, File.ReadAllText(p).Replace("\r\n", "\n", StringComparison.Ordinal)))
            .ToList();
    }
}
