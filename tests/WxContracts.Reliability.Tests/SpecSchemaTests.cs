using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using Xunit;
using Xunit.Abstractions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace WxContracts.Reliability.Tests;

/// <summary>
/// Ties the three places the spec grammar lives together: <c>specs/spec.schema.json</c> (editors), the generator's
/// parser (authoritative) and the specs themselves. Every spec in <c>specs/</c> must pass the schema (JsonSchema.Net);
/// over a corpus of mutated specs the schema and the parser must accept and reject the same documents, except where
/// the parser applies a rule no JSON schema can state (listed in <see cref="BeyondSchema"/>).
/// <para>
/// YAML to JSON, as an editor's YAML language server does it (YAML 1.2 core schema), because that is what the schema
/// is for: a plain scalar that spells null (<c>~</c>, <c>null</c>, <c>Null</c>, <c>NULL</c>, nothing) becomes JSON
/// null, <c>true/True/TRUE/false/False/FALSE</c> a boolean, an integer or float a number; every quoted or block
/// scalar, and every other plain scalar, a string. The parser reads every value as text (docs/spec-format.md, "YAML
/// rules"), so the schema has to accept the typed and the quoted spelling wherever the parser does
/// (<c>code: 45009</c> and <c>code: '45009'</c>, <c>required: true</c> and <c>required: 'true'</c>). A document the
/// YAML loader refuses (syntax error, duplicate key, alias, second document) has no JSON form and counts as
/// rejected by the schema.
/// </para>
/// </summary>
public class SpecSchemaTests
{
    private readonly ITestOutputHelper _output;

    public SpecSchemaTests(ITestOutputHelper output) => _output = output;

    private static string SpecsDirectory => Path.Combine(AppContext.BaseDirectory, "specs");

    private static readonly Lazy<JsonSchema> s_schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(SpecsDirectory, "spec.schema.json"))));

    private static readonly EvaluationOptions s_options = new() { OutputFormat = OutputFormat.List };

    private static List<(string Path, string Text)> Seeds() =>
        Directory.EnumerateFiles(SpecsDirectory, "*.yaml", SearchOption.AllDirectories)
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => (Path.GetRelativePath(SpecsDirectory, p), File.ReadAllText(p)))
            .ToList();

    [Fact]
    public void Every_spec_in_the_repository_passes_the_schema_and_the_parser()
    {
        var seeds = Seeds();
        Assert.True(seeds.Count >= 10, $"only {seeds.Count} specs found under {SpecsDirectory}");
        var failures = new List<string>();
        foreach (var (path, text) in seeds)
        {
            var parser = Parser.Diagnostics(path, text);
            failures.AddRange(parser.Select(d => $"{path}: parser: {d}"));
            var schema = SchemaErrors(text);
            failures.AddRange(schema.Select(e => $"{path}: schema: {e}"));
        }

        _output.WriteLine($"{seeds.Count} specs checked against spec.schema.json and the parser");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <summary>The mutation corpus grows from the hand-reviewed seed specs and one spec per newer shape (union, map):
    /// every spec is checked as it is above, and mutating all of them would only repeat the same grammar, slower.</summary>
    private static readonly string[] s_mutationSeeds =
    {
        "autoreply/", "comment/", "global/", "media/uploadtempmedia.yaml", "menu/createcustommenu.yaml", "token/",
        "user/getfans.yaml", "message/sendcustommessage.yaml", "template/sendtemplatemessage.yaml",
    };

    [Fact]
    public void The_schema_and_the_parser_accept_and_reject_the_same_mutated_specs()
    {
        var seeds = Seeds().Where(s => s_mutationSeeds.Any(m => s.Path.Replace('\\', '/').StartsWith(m, StringComparison.Ordinal))).ToList();
        var compared = 0;
        var lossyCount = 0;
        var bothAccept = 0;
        var bothReject = 0;
        var noJson = 0;
        var beyondSchema = 0;
        var disagreements = new List<string>();
        foreach (var (path, text) in seeds)
        {
            foreach (var (mutation, mutated) in Corpus(text, Path.GetFileNameWithoutExtension(path)))
            {
                var parser = Parser.Diagnostics(path, mutated);
                var schema = SchemaErrors(mutated, out var lossy);
                if (lossy)
                {
                    // A spelling JSON cannot keep (see ToJson): the schema cannot judge it as the parser does.
                    lossyCount++;
                    continue;
                }

                compared++;
                if (schema.Count == 1 && schema[0].StartsWith("no JSON form", StringComparison.Ordinal))
                {
                    noJson++;
                }

                if (parser.Count == 0 && schema.Count == 0)
                {
                    bothAccept++;
                }
                else if (parser.Count > 0 && schema.Count > 0)
                {
                    bothReject++;
                }
                else if (parser.Count > 0 && parser.All(BeyondSchema))
                {
                    beyondSchema++;
                }
                else
                {
                    disagreements.Add(
                        $"{path} [{mutation}]: parser {(parser.Count == 0 ? "accepts" : "rejects: " + string.Join(" | ", parser))}; " +
                        $"schema {(schema.Count == 0 ? "accepts" : "rejects: " + string.Join(" | ", schema.Take(3)))}" +
                        Environment.NewLine + "    " + Diff(text, mutated));
                }
            }
        }

        _output.WriteLine(
            $"{compared + lossyCount} mutated documents, {lossyCount} left out for a spelling JSON cannot keep; {compared} compared: {bothAccept} accepted by both, {bothReject} rejected by both " +
            $"({noJson} of them not YAML the loader takes), {beyondSchema} rejected by the parser only for rules beyond a schema, " +
            $"{disagreements.Count} disagreements");
        Assert.True(compared >= 1000, $"only {compared} documents compared");
        Assert.True(bothAccept >= 100 && bothReject >= 100, $"a corpus that tests little: {bothAccept} accepted, {bothReject} rejected by both");
        Assert.True(disagreements.Count == 0, $"{disagreements.Count} disagreements:{Environment.NewLine}{string.Join(Environment.NewLine, disagreements.Take(Environment.GetEnvironmentVariable("WX_SCHEMA_ALL") is null ? 40 : int.MaxValue))}");
    }

    [Fact]
    public void The_conversion_types_plain_scalars_and_keeps_quoted_ones_as_text()
    {
        var json = ToJson("a: 12\nb: '12'\nc: true\nd: \"true\"\ne: ~\nf:\ng: text\nh: -1\ni: 1.5\nj: [x, 2]\nk: |\n  block\n")!.AsObject();

        Assert.Equal(12, json["a"]!.GetValue<int>());
        Assert.Equal("12", json["b"]!.GetValue<string>());
        Assert.True(json["c"]!.GetValue<bool>());
        Assert.Equal("true", json["d"]!.GetValue<string>());
        Assert.Null(json["e"]);
        Assert.True(json.ContainsKey("e") && json.ContainsKey("f"));
        Assert.Null(json["f"]);
        Assert.Equal("text", json["g"]!.GetValue<string>());
        Assert.Equal(-1, json["h"]!.GetValue<int>());
        Assert.Equal(1.5, json["i"]!.GetValue<double>());
        Assert.Equal("x", json["j"]![0]!.GetValue<string>());
        Assert.Equal(2, json["j"]![1]!.GetValue<int>());
        Assert.Equal("block\n", json["k"]!.GetValue<string>());
        Assert.Null(ToJson("a: 1\na: 2\n"));
    }

    /// <summary>
    /// Parser rules a JSON schema cannot state: uniqueness of a property across array items (wire names, error
    /// codes, enum values and member names), cross-references (a field's <c>enum:</c> names an enum of the spec),
    /// the examples' JSON text checked against the tables, C# names the generator derives from wire text
    /// (PascalCase of a field name or an enum value) and a C# member name colliding with a generated one.
    /// </summary>
    private static bool BeyondSchema(Diagnostic d) => d.Id switch
    {
        "WXC010" or "WXC011" => true,                                              // examples: JSON text vs tables
        "WXC006" => true,                                                          // a C# name twice in the spec
        "WXC005" => d.Message.Contains("is not defined under 'enums'", StringComparison.Ordinal)    // a reference to an enum
            || d.Message.Contains("appears twice", StringComparison.Ordinal),                      // a value twice in an enum
        "WXC008" => d.Message.Contains("does not give a valid C# property name", StringComparison.Ordinal) // a C# name derived
            || d.Message.Contains("is not a valid C# identifier here; add a name", StringComparison.Ordinal), // from wire text
        "WXC007" => d.Message.Contains("twice", StringComparison.OrdinalIgnoreCase), // the same code twice in a table
        "WXC014" => d.Message.StartsWith("Field '", StringComparison.Ordinal) || d.Message.Contains("wire name", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    private static List<string> SchemaErrors(string yaml) => SchemaErrors(yaml, out _);

    private static List<string> SchemaErrors(string yaml, out bool lossy)
    {
        JsonNode? json;
        lossy = false;
        try
        {
            json = ToJson(yaml, out lossy);
        }
        catch (Exception ex) when (ex is YamlException or InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // YamlDotNet throws the latter for some malformed input, as the parser's loader knows too.
            return ["no JSON form: " + ex.Message];
        }

        if (json is null)
        {
            return ["no JSON form: duplicate key or empty document"];
        }

        using var document = System.Text.Json.JsonDocument.Parse(json.ToJsonString());
        var result = s_schema.Value.Evaluate(document.RootElement, s_options);
        if (result.IsValid)
        {
            return [];
        }

        var errors = (result.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 } && !d.EvaluationPath.ToString().Contains("/if", StringComparison.Ordinal))
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))
            .Distinct()
            .ToList();
        return errors.Count > 0 ? errors : ["invalid"];
    }

    /// <summary>The YAML 1.2 core-schema JSON form of a spec, or null when it has none (see the class comment).</summary>
    internal static JsonNode? ToJson(string yaml) => ToJson(yaml, out _);

    /// <param name="yaml">The spec text.</param>
    /// <param name="lossy">
    /// The JSON form lost a spelling the parser tells apart: <c>True</c>/<c>TRUE</c>/<c>False</c>/<c>FALSE</c>
    /// (booleans to the schema, text to the parser) or a float equal to an integer (<c>1e3</c>, <c>5.0</c>).
    /// </param>
    internal static JsonNode? ToJson(string yaml, out bool lossy)
    {
        t_lossy = false;
        lossy = false;
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml.Length > 0 && yaml[0] == '\uFEFF' ? yaml.Substring(1) : yaml));
        }
        catch (YamlException ex) when (ex.InnerException is ArgumentException || ex.Message.Contains("Duplicate key", StringComparison.Ordinal))
        {
            return null;
        }

        if (stream.Documents.Count != 1)
        {
            return null;
        }

        var json = Convert(stream.Documents[0].RootNode);
        lossy = t_lossy;
        return json;
    }

    private static JsonNode? Convert(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode map:
            {
                var obj = new JsonObject();
                foreach (var entry in map.Children)
                {
                    if (entry.Key is not YamlScalarNode key || obj.ContainsKey(key.Value ?? string.Empty))
                    {
                        throw new YamlException(entry.Key.Start, entry.Key.End, "complex or duplicate key");
                    }

                    obj[key.Value ?? string.Empty] = Convert(entry.Value);
                }

                return obj;
            }

            case YamlSequenceNode seq:
            {
                var array = new JsonArray();
                foreach (var item in seq.Children)
                {
                    array.Add(Convert(item));
                }

                return array;
            }

            case YamlScalarNode scalar:
                return Scalar(scalar.Value ?? string.Empty, scalar.Style);
            default:
                throw new YamlException(node.Start, node.End, "aliases have no JSON form");
        }
    }

    [ThreadStatic]
    private static bool t_lossy;

    private static readonly Regex s_int = new(@"^[-+]?[0-9]+$", RegexOptions.CultureInvariant);
    private static readonly Regex s_float = new(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant);

    private static JsonNode? Scalar(string value, ScalarStyle style)
    {
        if (style is not (ScalarStyle.Plain or ScalarStyle.Any))
        {
            return JsonValue.Create(value);
        }

        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "false":
                return JsonValue.Create(value == "true");
            case "True" or "TRUE" or "False" or "FALSE":
                // JSON keeps no spelling: the parser reads 'True' as text (a valid C# name, say), the schema sees true.
                t_lossy = true;
                return JsonValue.Create(value[0] is 'T' or 't');
        }

        // Decimal numbers only: the parser reads 0x10 or 0o7 as text, not as an integer (YAML 1.2 core would not).
        if (s_int.IsMatch(value))
        {
            return JsonNode.Parse(BigInteger.Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
        }

        if (s_float.IsMatch(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
        {
            // 1e3 and 1000 are one JSON number; the parser reads '1e3' as text that is no integer.
            t_lossy |= d == Math.Floor(d);
            return JsonValue.Create(d);
        }

        // .inf, .nan and floats beyond double have no JSON number: the text stands for them.
        return JsonValue.Create(value);
    }

    // ---------------------------------------------------------------- the corpus

    /// <summary>
    /// Mutations of one spec, reproducible (seeded): the spec fuzzer's kinds at line level (delete, duplicate, swap
    /// lines, rename a key, a random scalar, a swapped type) and schema-directed ones (a value from the grammar's
    /// vocabulary, a key the grammar knows inserted into a mapping, a value emptied or quoted).
    /// </summary>
    private static IEnumerable<(string Mutation, string Text)> Corpus(string text, string name)
    {
        var lines = text.Split('\n');
        var seed = name.Aggregate(17, (h, c) => unchecked((h * 31) + c));
        var rng = new Random(seed);
        var keyLines = Enumerable.Range(0, lines.Length).Where(i => KeyValue(lines[i]) is not null).ToList();
        if (keyLines.Count == 0)
        {
            yield break;
        }

        int AnyKeyLine() => keyLines[rng.Next(keyLines.Count)];

        for (var n = 0; n < 160; n++)
        {
            var copy = lines.ToList();
            string mutation;
            switch (n % 8)
            {
                case 0:
                {
                    var i = AnyKeyLine();
                    mutation = $"delete line {i + 1}";
                    copy.RemoveAt(i);
                    break;
                }

                case 1:
                {
                    var i = AnyKeyLine();
                    var (indent, key, _) = KeyValue(copy[i])!.Value;
                    mutation = $"rename key '{key}' on line {i + 1}";
                    copy[i] = copy[i].Substring(0, indent) + copy[i].Substring(indent).Replace(key + ":", key + (rng.Next(2) == 0 ? "x:" : "_:"));
                    break;
                }

                case 2:
                case 3:
                case 4:
                {
                    var i = AnyKeyLine();
                    var (indent, key, _) = KeyValue(copy[i])!.Value;
                    var value = Vocabulary[rng.Next(Vocabulary.Length)];
                    mutation = $"'{key}' on line {i + 1} set to {value}";
                    copy[i] = SetValue(copy[i], indent, key, value);
                    break;
                }

                case 5:
                {
                    var i = AnyKeyLine();
                    var (indent, key, value) = KeyValue(copy[i])!.Value;
                    var quoted = value.Length == 0 ? "\"\"" : rng.Next(2) == 0 ? "'" + value.Replace("'", "''") + "'" : string.Empty;
                    mutation = $"'{key}' on line {i + 1} {(quoted.Length == 0 ? "emptied" : "quoted")}";
                    copy[i] = SetValue(copy[i], indent, key, quoted);
                    break;
                }

                case 6:
                {
                    // A key the grammar knows, inserted next to a key of the same mapping.
                    var i = AnyKeyLine();
                    var (indent, _, _) = KeyValue(copy[i])!.Value;
                    var inserted = Insertable[rng.Next(Insertable.Length)];
                    var prefix = copy[i].Substring(0, indent).Replace("-", " ");
                    mutation = $"inserted '{inserted}' before line {i + 1}";
                    copy.Insert(i, prefix + inserted);
                    break;
                }

                default:
                {
                    var i = AnyKeyLine();
                    var j = rng.Next(copy.Count);
                    if (rng.Next(2) == 0)
                    {
                        mutation = $"line {i + 1} duplicated";
                        copy.Insert(i, copy[i]);
                    }
                    else
                    {
                        mutation = $"lines {i + 1} and {j + 1} swapped";
                        (copy[i], copy[j]) = (copy[j], copy[i]);
                    }

                    break;
                }
            }

            yield return (mutation, string.Join("\n", copy));
        }
    }

    /// <summary>Values from the grammar and around its edges.</summary>
    private static readonly string[] Vocabulary =
    [
        "~", "null", "''", "'  '", "true", "'true'", "True", "yes", "false", "0", "1", "'7'", "-1", "2147483647", "2147483648",
        "-2147483649", "1.5", "1e3", "[]", "[7]", "[0, 7]", "[7, 7]", "{}", "x y", "GET", "get", "POST", "PUT", "none", "json", "multipart",
        "not_supported", "access_token", "none", "endpoint", "global_errors", "int32", "int64", "uint64", "double", "int",
        "string", "number", "boolean", "object", "objarray", "array", "file", "ReplyComment", "class", "1abc", "Value", "_x",
        "allowed", "certified_only", "https://api.weixin.qq.com/cgi-bin/x", "http://a/b?c=1", "'{}'", "'{\"a\": 1}'", "not json",
        "名字", "0x10",
    ];

    /// <summary>Keys (with a value) the grammar knows somewhere; where they land decides whether they are allowed.</summary>
    private static readonly string[] Insertable =
    [
        "format: int64", "format: double", "items: string", "items: number", "number_or_string: true", "min_length: 1",
        "max_length: 5", "minimum: 0", "maximum: 9", "enum: Missing", "type_name: Thing", "property_name: Thing",
        "required: true", "description: more", "example: x", "fields: []", "kind: global_errors", "kind: endpoint",
        "operation: Other", "summary: s", "notes: [a]", "body: multipart", "credential: none", "idempotent: true",
        "cloud_call: not_supported", "third_party: not_supported", "errmsg: ok", "name: Other", "code: 1", "solution: s",
        "note: n", "value: 3", "scope: {}", "unknown_key: 1",
    ];

    private static (int Indent, string Key, string Value)? KeyValue(string line)
    {
        var m = Regex.Match(line, @"^(?<indent>[ -]*)(?<key>[A-Za-z_][A-Za-z0-9_]*):(?: (?<value>.*))?$");
        if (!m.Success || line.TrimStart().StartsWith('#'))
        {
            return null;
        }

        var value = m.Groups["value"].Value;
        if (value is "|" or ">-" or ">" || value.StartsWith('|'))
        {
            return null;
        }

        return (m.Groups["indent"].Length, m.Groups["key"].Value, value);
    }

    private static string SetValue(string line, int indent, string key, string value) =>
        line.Substring(0, indent) + key + ":" + (value.Length == 0 ? string.Empty : " " + value);

    private static string Diff(string before, string after)
    {
        var a = before.Split('\n');
        var b = after.Split('\n');
        var sb = new StringBuilder();
        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i])
        {
            i++;
        }

        sb.Append(CultureInfo.InvariantCulture, $"line {i + 1}: ");
        sb.Append(i < a.Length ? $"'{a[i].Trim()}'" : "(end)").Append(" -> ").Append(i < b.Length ? $"'{b[i].Trim()}'" : "(end)");
        return sb.ToString();
    }

    // ---------------------------------------------------------------- the parser

    internal sealed record Diagnostic(string Id, string Message, string Text)
    {
        public override string ToString() => Text;
    }

    /// <summary>The spec parser of WxContracts.Specs, the library the generator, the CLI and the mock share.</summary>
    private static class Parser
    {
        public static List<Diagnostic> Diagnostics(string path, string text) =>
            WxContracts.Specs.Parsing.SpecParser.Parse(path, text).Diagnostics
                .Select(d => new Diagnostic(d.Id, d.Message, d.ToString()))
                .ToList();
    }
}
