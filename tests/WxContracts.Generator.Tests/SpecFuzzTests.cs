using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.CodeAnalysis;
using WxContracts.Specs.Parsing;
using Xunit;
using Xunit.Abstractions;

namespace WxContracts.Generator.Tests;

/// <summary>
/// Mutation-based and property-based fuzzing of the generator with inputs derived from the real specs. Properties:
/// the generator never throws (no CS8785, no WXC017), every invalid spec gets a located diagnostic, a valid sibling
/// still generates, a mutated spec that passes the checks generates code that compiles, and no case takes long.
/// WXC_FUZZ_CASES sets the number of cases (default 600 for the test suite; see docs/reliability.md for the full run).
/// </summary>
public class SpecFuzzTests
{
    private readonly ITestOutputHelper _output;

    public SpecFuzzTests(ITestOutputHelper output) => _output = output;

    private static int Cases => int.TryParse(Environment.GetEnvironmentVariable("WXC_FUZZ_CASES"), out var n) ? n : 600;

    private static readonly Lazy<List<string>> s_seeds = new(() =>
        Directory.EnumerateFiles(Harness.SpecsDirectory, "*.yaml", SearchOption.AllDirectories)
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(File.ReadAllText)
            .ToList());

    /// <summary>A valid spec with names no mutation produces: it must generate whatever its sibling does.</summary>
    private static readonly Lazy<InMemoryText> s_sibling = new(() => new InMemoryText(
        "/fuzz/sibling.yaml",
        File.ReadAllText(Harness.SeedSpec("replycomment.yaml").Path)
            .Replace("name: ReplyComment", "name: FuzzSibling")
            .Replace("group: Comment", "group: FuzzSiblingGroup")
            .Replace("operation: Reply", "operation: Sibling")));

    internal enum MutationKind
    {
        DeleteLine,
        DuplicateLine,
        RenameKey,
        SwapType,
        RandomScalar,
        InsertRandomChars,
        Truncate,
        TabIndent,
        ByteOrderMark,
        InvalidUtf8,
        SwapLines,
        DeepNesting,
    }

    internal static string Mutate(string text, MutationKind kind, int seed)
    {
        var rng = new Random(seed);
        var lines = text.Split('\n').ToList();
        int Line() => rng.Next(lines.Count);
        switch (kind)
        {
            case MutationKind.DeleteLine:
                lines.RemoveAt(Line());
                break;
            case MutationKind.DuplicateLine:
            {
                var i = Line();
                lines.Insert(i, lines[i]);
                break;
            }

            case MutationKind.RenameKey:
            {
                var i = Line();
                var colon = lines[i].IndexOf(':');
                if (colon > 0)
                {
                    lines[i] = lines[i].Insert(colon, rng.Next(2) == 0 ? "x" : "_");
                }

                break;
            }

            case MutationKind.SwapType:
            {
                var types = new[] { "number", "string", "boolean", "object", "objarray", "array", "file", "int", "" };
                var candidates = lines.Select((l, i) => (l, i)).Where(x => x.l.TrimStart().StartsWith("type:", StringComparison.Ordinal) || x.l.TrimStart().StartsWith("format:", StringComparison.Ordinal) || x.l.TrimStart().StartsWith("method:", StringComparison.Ordinal)).ToList();
                if (candidates.Count > 0)
                {
                    var (l, i) = candidates[rng.Next(candidates.Count)];
                    lines[i] = l.Substring(0, l.IndexOf(':') + 1) + " " + types[rng.Next(types.Length)];
                }

                break;
            }

            case MutationKind.RandomScalar:
            {
                var values = new[] { "~", "''", "-1", "2147483648", "99999999999999999999", "true", "[]", "{}", "\"\\u0000\"", "&a x", "*a", "!!binary AAAA", "|", ">-", "'unterminated", "名字", "@", "`", "%", "- x", "? x", "0x10", "1e400", "NaN" };
                var i = Line();
                var colon = lines[i].IndexOf(':');
                if (colon > 0)
                {
                    lines[i] = lines[i].Substring(0, colon + 1) + " " + values[rng.Next(values.Length)];
                }

                break;
            }

            case MutationKind.InsertRandomChars:
            {
                var sb = new StringBuilder(string.Join("\n", lines));
                var count = rng.Next(1, 8);
                for (var k = 0; k < count; k++)
                {
                    var pos = rng.Next(sb.Length + 1);
                    sb.Insert(pos, (char)rng.Next(0, 0x800));
                }

                return sb.ToString();
            }

            case MutationKind.Truncate:
            {
                var all = string.Join("\n", lines);
                return all.Substring(0, rng.Next(all.Length + 1));
            }

            case MutationKind.TabIndent:
            {
                var i = Line();
                lines[i] = "\t" + lines[i].TrimStart(' ');
                break;
            }

            case MutationKind.ByteOrderMark:
                return "\uFEFF" + string.Join("\n", lines);
            case MutationKind.InvalidUtf8:
            {
                // Random bytes decoded as UTF-8, as a file with broken encoding arrives: U+FFFD and friends.
                var bytes = Encoding.UTF8.GetBytes(string.Join("\n", lines));
                for (var k = 0; k < 4 && bytes.Length > 0; k++)
                {
                    bytes[rng.Next(bytes.Length)] = (byte)rng.Next(0x80, 0x100);
                }

                return Encoding.UTF8.GetString(bytes) + (rng.Next(2) == 0 ? "\uD800" : string.Empty);
            }

            case MutationKind.SwapLines:
            {
                var a = Line();
                var b = Line();
                (lines[a], lines[b]) = (lines[b], lines[a]);
                break;
            }

            case MutationKind.DeepNesting:
            {
                var depth = rng.Next(50, 3000);
                var i = Line();
                lines.Insert(i, "deep: " + new string('[', depth) + new string(']', depth));
                break;
            }
        }

        return string.Join("\n", lines);
    }

    private sealed class Stats
    {
        public int Cases;
        public int Invalid;
        public int Valid;
        public int Compiled;
        public double MaxMs;
    }

    private static void CheckCase(string mutated, Stats stats, int compileBudget)
    {
        const string path = "/fuzz/mutated.yaml";
        var watch = Stopwatch.StartNew();
        var result = Harness.Run(new[] { new InMemoryText(path, mutated), s_sibling.Value }, out var output);
        var ms = watch.Elapsed.TotalMilliseconds;
        stats.Cases++;
        stats.MaxMs = Math.Max(stats.MaxMs, ms);

        Assert.Null(result.Exception);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id is "CS8785" or "WXC017");
        Assert.Contains(result.GeneratedSources, s => s.HintName == "FuzzSibling.Endpoint.g.cs");
        Assert.True(ms < 10_000, $"a case took {ms:F0} ms");

        var parsed = SpecParser.Parse(path, mutated);
        if (parsed.Diagnostics.Any(d => d.IsError))
        {
            stats.Invalid++;
            var lineCount = mutated.Count(c => c == '\n') + 1;
            Assert.Contains(result.Diagnostics, d =>
                d.Location.GetLineSpan().Path == path
                && d.Location.GetLineSpan().StartLinePosition.Line <= lineCount
                && d.Id.StartsWith("WXC0", StringComparison.Ordinal));
            return;
        }

        stats.Valid++;
        if (stats.Compiled < compileBudget && parsed.Endpoint is not null)
        {
            stats.Compiled++;
            var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
            Assert.True(errors.Count == 0, "a spec that passed every check generated code that does not compile:\n" + string.Join("\n", errors.Take(5)) + "\n--- spec ---\n" + mutated);
        }
    }

    [Fact]
    public void Mutated_real_specs_never_crash_the_generator_and_invalid_ones_are_located()
    {
        var stats = new Stats();
        var kinds = Enum.GetValues<MutationKind>();
        var gen =
            from spec in Gen.Choose(0, s_seeds.Value.Count - 1)
            from kind in Gen.Elements(kinds)
            from seed in Gen.Choose(0, int.MaxValue - 1)
            from rounds in Gen.Choose(1, 3)
            select (spec, kind, seed, rounds);

        Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var text = s_seeds.Value[c.spec];
            for (var r = 0; r < c.rounds; r++)
            {
                text = Mutate(text, (MutationKind)(((int)c.kind + r) % kinds.Length), c.seed + r);
            }

            CheckCase(text, stats, compileBudget: 40);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(Cases).WithQuietOnSuccess(true));

        _output.WriteLine($"spec fuzz: {stats.Cases} cases, {stats.Invalid} invalid (all located), {stats.Valid} valid ({stats.Compiled} compiled clean), slowest {stats.MaxMs:F0} ms");
        Assert.True(stats.Invalid > stats.Cases / 4, "the mutations should mostly produce invalid specs");
    }

    [Fact]
    public void Random_yaml_built_by_FsCheck_never_crashes_the_generator()
    {
        var stats = new Stats();
        var scalar = Gen.Elements("name", "type", "fields", "number", "objarray", "x", "1", "-", "~", "true", "[", "]", "{", "}", ":", "&a", "*a", "'", "\"", "#", "|", "\t", "名");
        var line = from indent in Gen.Choose(0, 6) from parts in Gen.ListOf(scalar, 4) select new string(' ', indent) + string.Join(" ", parts);
        var doc = Gen.ListOf(line).Select(l => string.Join("\n", l));
        Prop.ForAll(doc.ToArbitrary(), text => CheckCase(text, stats, compileBudget: 0))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(Math.Max(100, Cases / 3)).WithQuietOnSuccess(true));
        _output.WriteLine($"random yaml: {stats.Cases} cases, {stats.Invalid} invalid, slowest {stats.MaxMs:F0} ms");
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("ten-megabytes")]
    [InlineData("nesting-10000-flow")]
    [InlineData("nesting-1000-block")]
    [InlineData("billion-laughs")]
    [InlineData("duplicate-keys")]
    [InlineData("nul-bytes")]
    public void Hostile_inputs_are_refused_quickly_with_a_located_diagnostic(string name)
    {
        var valid = s_seeds.Value[0];
        var text = name switch
        {
            "empty" => string.Empty,
            "ten-megabytes" => valid + "\n# " + new string('x', 10 * 1024 * 1024),
            "nesting-10000-flow" => "name: " + new string('{', 10_000) + new string('}', 10_000),
            "nesting-1000-block" => string.Concat(Enumerable.Range(0, 1_000).Select(i => new string(' ', i) + "a:\n")),
            "billion-laughs" => "a: &a [x,x,x,x,x,x,x,x,x,x]\n" + string.Concat(Enumerable.Range(1, 9).Select(i => $"{(char)('a' + i)}: &{(char)('a' + i)} [{string.Join(",", Enumerable.Repeat("*" + (char)('a' + i - 1), 10))}]\n")),
            "duplicate-keys" => valid + "\nname: Again\n",
            _ => valid.Replace("title:", "title: \u0000"),
        };
        var stats = new Stats();
        var watch = Stopwatch.StartNew();
        CheckCase(text, stats, 0);
        _output.WriteLine($"{name}: {watch.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal(1, stats.Invalid);
    }

    [Fact]
    public void A_byte_order_mark_does_not_change_the_meaning_of_a_spec()
    {
        var text = File.ReadAllText(Harness.SeedSpec("replycomment.yaml").Path);
        var plain = SpecParser.Parse("/a.yaml", text);
        var bom = SpecParser.Parse("/a.yaml", "\uFEFF" + text);
        Assert.Empty(bom.Diagnostics);
        Assert.Equal(plain.Endpoint!.Errors, bom.Endpoint!.Errors);
        Assert.Equal(plain.Endpoint.Request, bom.Endpoint.Request);

        var broken = SpecParser.Parse("/a.yaml", "\uFEFFcolour: red\n" + text);
        var d = Assert.Single(broken.Diagnostics, x => x.Id == "WXC003");
        Assert.Equal((0, 1), (d.Location.Line, d.Location.Column)); // column counts the BOM, as editors do
    }
}
