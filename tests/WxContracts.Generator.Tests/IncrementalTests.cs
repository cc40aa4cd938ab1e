using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using WxContracts.Specs.Parsing;
using Xunit;
using Xunit.Abstractions;

namespace WxContracts.Generator.Tests;

public class IncrementalTests
{
    private readonly ITestOutputHelper _output;

    public IncrementalTests(ITestOutputHelper output) => _output = output;

    private static readonly string[] TrackedSteps =
    {
        WxContractsGenerator.Steps.Parse,
        WxContractsGenerator.Steps.Endpoints,
        WxContractsGenerator.Steps.Bound,
        WxContractsGenerator.Steps.Groups,
        WxContractsGenerator.Steps.ContextEntries,
        WxContractsGenerator.Steps.Conflicts,
    };

    private static GeneratorRunResult RunTwice(Func<GeneratorDriver, Compilation, (GeneratorDriver, Compilation)> change) =>
        RunTwice(Harness.SeedSpecs(), change);

    private static GeneratorRunResult RunTwice(List<InMemoryText> specs, Func<GeneratorDriver, Compilation, (GeneratorDriver, Compilation)> change)
    {
        var compilation = Harness.Compilation("namespace App; public class Program { }");
        var driver = Harness.Driver(specs).RunGenerators(compilation);
        var (changedDriver, changedCompilation) = change(driver, compilation);
        return changedDriver.RunGenerators(changedCompilation).GetRunResult().Results.Single();
    }

    [Fact]
    public void An_unrelated_csharp_edit_leaves_every_step_cached_or_unchanged()
    {
        var result = RunTwice((driver, compilation) =>
            (driver, compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace App; public class Other { }", Harness.ParseOptions))));

        foreach (var name in TrackedSteps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(name), $"step {name} was not tracked");
            foreach (var step in result.TrackedSteps[name])
            {
                foreach (var (_, reason) in step.Outputs)
                {
                    Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name}: {reason}");
                }
            }
        }

        foreach (var output in result.TrackedOutputSteps.SelectMany(o => o.Value).SelectMany(s => s.Outputs))
        {
            Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, output.Reason.ToString());
        }
    }

    [Fact]
    public void Editing_one_spec_reruns_only_that_specs_outputs()
    {
        var specs = Harness.SeedSpecs();
        var reply = specs.Single(s => System.IO.Path.GetFileName(s.Path) == "replycomment.yaml");
        var edited = new InMemoryText(reply.Path, reply.GetText()!.ToString().Replace("description: Response content.", "description: The reply text."));
        var result = RunTwice(specs, (driver, compilation) => (driver.ReplaceAdditionalText(reply, edited), compilation));

        var generated = result.TrackedSteps[WxContractsGenerator.Steps.Bound];
        _output.WriteLine(string.Join("; ", result.TrackedSteps.Select(kv => kv.Key + ": " + string.Join(",", kv.Value.SelectMany(x => x.Outputs).Select(o => o.Reason)))));
        var reasons = generated.SelectMany(s => s.Outputs.Select(o => (Spec: ((WxContracts.Specs.Binding.BoundSpec)o.Value).Name, o.Reason))).ToList();
        Assert.Contains(reasons, r => r.Spec == "ReplyComment" && r.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(reasons, r => r.Spec == "GetCurrentAutoReplyInfo" && r.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
        Assert.DoesNotContain(reasons, r => r.Spec == "GetCurrentAutoReplyInfo" && r.Reason == IncrementalStepRunReason.Modified);

        // A description edit does not change what the JSON context needs: its input is unchanged.
        var contextEntries = result.TrackedSteps[WxContractsGenerator.Steps.ContextEntries].SelectMany(s => s.Outputs).ToList();
        Assert.All(contextEntries, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));

        // The client shell depends on the group names only: a spec edit does not re-emit it.
        var groups = result.TrackedSteps[WxContractsGenerator.Steps.Groups].SelectMany(s => s.Outputs).ToList();
        Assert.All(groups, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));

        // Only the edited spec's source output ran again (it writes that spec's files and nothing else).
        var hints = ModifiedSourceOutputs(result).SelectMany(HintNames).ToList();
        Assert.Contains("ReplyComment.Endpoint.g.cs", hints);
        Assert.All(hints, h => Assert.StartsWith("ReplyComment.", h));

        // And the edit is in the output.
        Assert.Contains("The reply text.", result.GeneratedSources.Single(s => s.HintName == "ReplyComment.Endpoint.g.cs").SourceText.ToString());
    }

    [Fact]
    public void Moving_a_specs_text_re_emits_no_source()
    {
        // A comment line added at the top shifts every position in the file; the models carry none, so nothing
        // downstream of the parse changes and no source output runs again.
        var specs = Harness.SeedSpecs();
        var reply = specs.Single(s => System.IO.Path.GetFileName(s.Path) == "replycomment.yaml");
        var moved = new InMemoryText(reply.Path, "# a comment that moves every line down\n" + reply.GetText()!.ToString());
        var result = RunTwice(specs, (driver, compilation) => (driver.ReplaceAdditionalText(reply, moved), compilation));

        var parse = result.TrackedSteps[WxContractsGenerator.Steps.Parse].SelectMany(s => s.Outputs).ToList();
        Assert.Contains(parse, o => o.Reason == IncrementalStepRunReason.Modified);
        foreach (var name in new[] { WxContractsGenerator.Steps.Endpoints, WxContractsGenerator.Steps.Bound, WxContractsGenerator.Steps.ContextEntries, WxContractsGenerator.Steps.Groups })
        {
            Assert.All(result.TrackedSteps[name].SelectMany(s => s.Outputs), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name}: {o.Reason}"));
        }

        Assert.Empty(ModifiedSourceOutputs(result));
    }

    [Fact]
    public void Editing_a_specs_notes_or_examples_re_emits_no_source()
    {
        // No generated code reads them (the mock server and the CLI do), so the generator's parsed model leaves them out.
        var specs = Harness.SeedSpecs();
        var reply = specs.Single(s => System.IO.Path.GetFileName(s.Path) == "replycomment.yaml");
        var text = reply.GetText()!.ToString();
        var edited = text
            .Replace("  - There are no special considerations for this interface.", "  - A note written later.\n  - And another.")
            .Replace("\"errmsg\": \"\"", "\"errmsg\": \"ok\"");
        Assert.NotEqual(text, edited);
        Assert.NotEqual(SpecParser.Parse(reply.Path, text).Endpoint!.Examples, SpecParser.Parse(reply.Path, edited).Endpoint!.Examples);
        var result = RunTwice(specs, (driver, compilation) => (driver.ReplaceAdditionalText(reply, new InMemoryText(reply.Path, edited)), compilation));

        foreach (var name in new[] { WxContractsGenerator.Steps.Parse, WxContractsGenerator.Steps.Endpoints, WxContractsGenerator.Steps.Bound })
        {
            Assert.All(result.TrackedSteps[name].SelectMany(s => s.Outputs), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name}: {o.Reason}"));
        }

        Assert.Empty(ModifiedSourceOutputs(result));
    }

    /// <summary>The hint names a source output step produced: its value is (sources, diagnostics), where each
    /// source is Roslyn's internal GeneratedSourceText with a HintName.</summary>
    private static IEnumerable<string> HintNames(object stepValue)
    {
        var sources = stepValue.GetType().GetField("Item1")?.GetValue(stepValue) as IEnumerable ?? Array.Empty<object>();
        foreach (var source in sources)
        {
            if (source.GetType().GetProperty("HintName")?.GetValue(source) is string hint)
            {
                yield return hint;
            }
        }
    }

    /// <summary>The inputs of the source outputs that ran again (New or Modified) in the last run.</summary>
    private static List<object> ModifiedSourceOutputs(GeneratorRunResult result) =>
        result.TrackedSteps.TryGetValue("SourceOutput", out var steps)
            ? steps.SelectMany(s => s.Outputs).Where(o => o.Reason is IncrementalStepRunReason.New or IncrementalStepRunReason.Modified).Select(o => o.Value).ToList()
            : new List<object>();

    [Fact]
    public void No_step_output_holds_a_compilation_symbol_or_syntax_node()
    {
        var result = RunTwice((driver, compilation) => (driver, compilation));
        var forbidden = new[] { typeof(Compilation), typeof(ISymbol), typeof(SyntaxNode), typeof(SemanticModel), typeof(SyntaxTree) };
        foreach (var step in result.TrackedSteps.Where(s => TrackedSteps.Contains(s.Key)).SelectMany(s => s.Value))
        {
            foreach (var (value, _) in step.Outputs)
            {
                AssertClean(value, forbidden, new HashSet<object>(ReferenceEqualityComparer.Instance), 0);
            }
        }
    }

    private static void AssertClean(object? value, Type[] forbidden, HashSet<object> seen, int depth)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || depth > 30)
        {
            return;
        }

        Assert.DoesNotContain(forbidden, f => f.IsInstanceOfType(value));
        if (!value.GetType().IsValueType && !seen.Add(value))
        {
            return;
        }

        if (value is IEnumerable items)
        {
            foreach (var item in items)
            {
                AssertClean(item, forbidden, seen, depth + 1);
            }
        }

        foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertClean(field.GetValue(value), forbidden, seen, depth + 1);
        }
    }

    [Fact]
    public void Generator_time_for_the_seed_specs()
    {
        // Reports the driver's own timing (cold run, then a warm re-run); no assertion on time: figures go to
        // the test log and docs, performance is proved by the benchmarks.
        var specs = Harness.SeedSpecs();
        var compilation = Harness.Compilation("namespace App; public class Program { }");
        var driver = Harness.Driver(specs).RunGenerators(compilation);
        var cold = driver.GetTimingInfo().ElapsedTime;
        driver = driver.RunGenerators(compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class X { }", Harness.ParseOptions)));
        var warm = driver.GetTimingInfo().ElapsedTime;
        _output.WriteLine($"generator timing: cold {cold.TotalMilliseconds:F2} ms, re-run after unrelated edit {warm.TotalMilliseconds:F2} ms");
        Assert.True(cold > TimeSpan.Zero);
    }

    [Fact]
    public void Generator_time_for_every_spec_of_the_repository()
    {
        // The driver's own timing over every spec in specs/ (the figure the coverage issue asks for); reported, not
        // asserted: the benchmarks prove performance.
        var specs = Harness.AllSpecs();
        var compilation = Harness.Compilation("namespace App; public class Program { }");
        var cold = Harness.Driver(specs).RunGenerators(compilation);
        var first = cold.GetTimingInfo().ElapsedTime;
        var again = Harness.Driver(specs).RunGenerators(compilation).GetTimingInfo().ElapsedTime; // templates parsed, JIT warm
        var sources = cold.GetRunResult().Results.Single().GeneratedSources;
        var lines = sources.Sum(s => s.SourceText.Lines.Count);
        _output.WriteLine($"generator timing over {specs.Count} specs: first cold run {first.TotalMilliseconds:F1} ms (includes JIT and template parsing), second cold run {again.TotalMilliseconds:F1} ms; {sources.Length} files, {lines} lines");
        var endpointSpecs = specs.Count(s => WxContracts.Specs.Parsing.SpecParser.Parse(s.Path, s.GetText()!.ToString()).Endpoint is not null);
        Assert.Equal(endpointSpecs, sources.Count(s => s.HintName.EndsWith(".Endpoint.g.cs", System.StringComparison.Ordinal)));
    }
}
