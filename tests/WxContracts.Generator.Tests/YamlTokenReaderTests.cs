using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using WxContracts.Specs.Model;
using WxContracts.Specs.Parsing;
using Xunit;
using Xunit.Abstractions;

namespace WxContracts.Generator.Tests;

/// <summary>
/// The token reader (the fast way in) against YamlDotNet's parser events (the reference): wherever the token reader
/// returns a tree, the event loader returns the same tree, node for node and mark for mark, with nothing to report.
/// Every spec in the repository must take the fast way; fuzzed and random YAML exercise both ways.
/// </summary>
public class YamlTokenReaderTests
{
    private readonly ITestOutputHelper _output;

    public YamlTokenReaderTests(ITestOutputHelper output) => _output = output;

    private static readonly Lazy<List<(string Path, string Text)>> s_specs = new(() =>
        Directory.EnumerateFiles(Harness.SpecsDirectory, "*.yaml", SearchOption.AllDirectories)
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => (p, File.ReadAllText(p)))
            .ToList());

    /// <summary>Null when the token reader gave up (allowed) or agrees with the events; otherwise the difference.</summary>
    private static string? Disagreement(string text, out bool fast)
    {
        var fromTokens = YamlTokenReader.Read(text);
        fast = fromTokens is not null;
        if (fromTokens is null)
        {
            return null;
        }

        var diagnostics = new List<SpecDiagnostic>();
        var fromEvents = YamlTreeLoader.LoadFromEvents(text, "/t.yaml", diagnostics);
        if (diagnostics.Count > 0)
        {
            return "the token reader returned a tree where the event loader reports: " + string.Join("; ", diagnostics.Select(d => d.Message));
        }

        return fromEvents is null ? "the event loader returned no tree" : Difference(fromTokens, fromEvents, "$");
    }

    private static string? Difference(YNode a, YNode b, string path)
    {
        if (a.GetType() != b.GetType())
        {
            return $"{path}: {a.KindName} from tokens, {b.KindName} from events";
        }

        if (!a.Start.Equals(b.Start) || !a.End.Equals(b.End))
        {
            return $"{path}: marks {a.Start}–{a.End} from tokens, {b.Start}–{b.End} from events";
        }

        switch (a)
        {
            case YScalar sa:
            {
                var sb = (YScalar)b;
                return sa.Value == sb.Value && sa.Style == sb.Style ? null : $"{path}: '{sa.Value}' ({sa.Style}) from tokens, '{sb.Value}' ({sb.Style}) from events";
            }

            case YSeq qa:
            {
                var qb = (YSeq)b;
                if (qa.Items.Count != qb.Items.Count)
                {
                    return $"{path}: {qa.Items.Count} items from tokens, {qb.Items.Count} from events";
                }

                return Enumerable.Range(0, qa.Items.Count).Select(i => Difference(qa.Items[i], qb.Items[i], $"{path}[{i}]")).FirstOrDefault(d => d is not null);
            }

            default:
            {
                var ma = (YMap)a;
                var mb = (YMap)b;
                if (ma.Entries.Count != mb.Entries.Count)
                {
                    return $"{path}: {ma.Entries.Count} entries from tokens, {mb.Entries.Count} from events";
                }

                for (var i = 0; i < ma.Entries.Count; i++)
                {
                    var d = Difference(ma.Entries[i].Key, mb.Entries[i].Key, $"{path}.<key {i}>")
                        ?? Difference(ma.Entries[i].Value, mb.Entries[i].Value, $"{path}.{ma.Entries[i].Key.Value}");
                    if (d is not null)
                    {
                        return d;
                    }
                }

                return null;
            }
        }
    }

    [Fact]
    public void Every_spec_in_the_repository_is_read_from_tokens_into_the_tree_the_events_give()
    {
        Assert.True(s_specs.Value.Count > 100, "the specs were not copied next to the tests");
        foreach (var (path, original) in s_specs.Value)
        {
            // As written, with Windows line ends, and with a byte order mark.
            foreach (var text in new[] { original, original.Replace("\n", "\r\n"), "\uFEFF" + original })
            {
                var difference = Disagreement(text, out var fast);
                Assert.True(fast, $"{path} did not take the token reader");
                Assert.True(difference is null, $"{path}: {difference}");
            }
        }
    }

    [Theory]
    [InlineData("a: 1\nb: [x, y, ]\nc: {d: 1, e: , f}\n", true)]
    [InlineData("---\na:\n- x\n-\n- {}\nb: c\n...\n", true)]
    [InlineData("a:\n  b:\n  c: |\n    text\n    more\n  d: >-\n    folded\n    lines\n  e: 'single'\n  f: \"double\\n\"\n", true)]
    [InlineData("list:\n  - a: 1\n    b:\n  -\n  - - x\n    - y\nlast:\n", true)]
    [InlineData("# comment\na: 1 # trailing\n\n\nb: [ [1, 2], {x: [3]} ]\n", true)]
    [InlineData("a: {b: {c: {d: []}}}\n", true)]
    [InlineData("- a\n- b: c\n  d: e\n", true)]
    [InlineData("a: &x 1\nb: *x\n", false)]
    [InlineData("a: !!str 1\n", false)]
    [InlineData("%YAML 1.2\n---\na: 1\n", false)]
    [InlineData("a: 1\na: 2\n", false)]
    [InlineData("? [a, b]\n: c\n", false)]
    [InlineData("a: [b: c]\n", false)]
    [InlineData("a: 1\n---\nb: 2\n", false)]
    [InlineData("", false)]
    [InlineData("~\n", false)]
    [InlineData("a: [1, 2\n", false)]
    [InlineData("a: 'open\n", false)]
    [InlineData("a:\n\t- b\n", false)]
    [InlineData(": x\n", true)] // an empty key, as the events have it too
    public void Handwritten_yaml_takes_the_expected_way_and_agrees_with_the_events(string text, bool expectFast)
    {
        var difference = Disagreement(text, out var fast);
        Assert.True(difference is null, difference);
        Assert.Equal(expectFast, fast);
    }

    [Fact]
    public void Mutated_specs_read_from_tokens_agree_with_the_events()
    {
        var kinds = Enum.GetValues<SpecFuzzTests.MutationKind>();
        var gen =
            from spec in Gen.Choose(0, s_specs.Value.Count - 1)
            from kind in Gen.Elements(kinds)
            from seed in Gen.Choose(0, int.MaxValue - 1)
            select (spec, kind, seed);
        int fastCount = 0, slowCount = 0;
        Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var text = SpecFuzzTests.Mutate(s_specs.Value[c.spec].Text, c.kind, c.seed);
            var difference = Disagreement(text, out var fast);
            Assert.True(difference is null, $"{c.kind} of {s_specs.Value[c.spec].Path} (seed {c.seed}): {difference}");
            _ = fast ? fastCount++ : slowCount++;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(3000).WithQuietOnSuccess(true));

        _output.WriteLine($"mutated specs: {fastCount} read from tokens, {slowCount} left to the events");
        Assert.True(fastCount > 300 && slowCount > 300, $"both ways should be exercised ({fastCount} fast, {slowCount} slow)");
    }

    [Fact]
    public void Random_yaml_read_from_tokens_agrees_with_the_events()
    {
        // Documents built from YAML's structural pieces, so that many are well-formed and take the fast way.
        var scalar = Gen.Elements("a", "b", "x y", "1", "''", "\"q\"", "~", "", "-1", "|", ">", "[]", "{}", "[a, b]", "{a: b}", "{a, b: }", "[a, [b, ], {c: d}]", "'multi word'", "&a x", "*a", "? k", "- z");
        var key = Gen.Elements("a", "b", "c", "d", "name", "type", "'q'", "\"k\"", "-", "?", "[k]");
        var line = from indent in Gen.Elements(0, 0, 2, 2, 4, 6)
                   from dash in Gen.Elements(false, false, true)
                   from k in key
                   from hasValue in Gen.Elements(true, true, false)
                   from value in scalar
                   from comment in Gen.Elements("", "", " # note")
                   select new string(' ', indent) + (dash ? "- " : string.Empty) + k + ":" + (hasValue ? " " + value : string.Empty) + comment;
        var doc = Gen.ListOf(line).Select(l => string.Join("\n", l) + "\n");
        int fastCount = 0, slowCount = 0;
        Prop.ForAll(doc.ToArbitrary(), text =>
        {
            var difference = Disagreement(text, out var fast);
            Assert.True(difference is null, $"{difference}\n--- yaml ---\n{text}");
            _ = fast ? fastCount++ : slowCount++;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(3000).WithQuietOnSuccess(true));

        _output.WriteLine($"random yaml: {fastCount} read from tokens, {slowCount} left to the events");
        Assert.True(fastCount > 40 && slowCount > 100, $"both ways should be exercised ({fastCount} fast, {slowCount} slow)");
    }

    [Fact]
    public void Near_the_limits_the_events_decide()
    {
        static string Nested(int depth) => "a: " + new string('[', depth) + new string(']', depth) + "\n";

        // Deeper than the token reader goes but within the limit: the events read it, with nothing to report.
        var diagnostics = new List<SpecDiagnostic>();
        Assert.Null(YamlTokenReader.Read(Nested(YamlTreeLoader.MaxDepth * 3 / 4)));
        Assert.IsType<YMap>(YamlTreeLoader.Load(Nested(YamlTreeLoader.MaxDepth * 3 / 4), "/deep.yaml", diagnostics));
        Assert.Empty(diagnostics);

        // Past the limit: refused by the events, with the diagnostic.
        Assert.Null(YamlTreeLoader.Load(Nested(YamlTreeLoader.MaxDepth + 5), "/deep.yaml", diagnostics));
        Assert.Contains(diagnostics, d => d.Id == DiagnosticCatalog.LimitExceeded);

        var wide = new StringBuilder("a: [");
        for (var i = 0; i < YamlTreeLoader.MaxNodes / 2; i++)
        {
            wide.Append("1,");
        }

        Assert.Null(YamlTokenReader.Read(wide.Append("1]\n").ToString()));
    }
}
