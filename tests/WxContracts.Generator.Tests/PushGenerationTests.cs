using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using WxContracts.Specs.Model;
using Xunit;

namespace WxContracts.Generator.Tests;

/// <summary>The push step: kind: push specs become WxContracts.Push classes and WxPush, once.</summary>
public class PushGenerationTests
{
    /// <summary>A compilation without the runtime: the push code is emitted (the runtime's own build is like this).</summary>
    private static GeneratorRunResult RunBare(params AdditionalText[] specs)
    {
        var bare = CSharpCompilation.Create("Bare", references: new[] { MetadataReference.CreateFromFile(typeof(object).Assembly.Location) });
        return Harness.Driver(specs).RunGenerators(bare).GetRunResult().Results.Single();
    }

    [Fact]
    public void Push_seeds_generate_one_class_each_and_the_dispatcher_matching_their_snapshots()
    {
        var result = RunBare(Harness.PushSeedSpecs().ToArray());
        Assert.Empty(result.Diagnostics);
        Assert.Equal(
            new[] { "MassSendJobFinishEvent.Push.g.cs", "NewsReply.Push.g.cs", "SubscribeEvent.Push.g.cs", "SubscribeMsgPopupEvent.Push.g.cs", "TextMessage.Push.g.cs", "WxPush.g.cs" },
            result.GeneratedSources.Select(s => s.HintName).OrderBy(n => n, StringComparer.Ordinal));
        foreach (var source in result.GeneratedSources)
        {
            Snapshot.Match(source.SourceText.ToString(), source.HintName.Replace(".g.cs", string.Empty, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Push_code_is_not_emitted_again_where_the_runtime_already_ships_it()
    {
        // The harness compilation references WxContracts.Client, whose build generated WxContracts.Push.WxPush.
        var result = Harness.Run(Harness.PushSeedSpecs(), out _);
        Assert.Empty(result.Diagnostics);
        Assert.Empty(result.GeneratedSources);
    }

    [Fact]
    public void Push_specs_leave_the_endpoint_outputs_alone()
    {
        var endpoints = Harness.SeedSpecs();
        var alone = Harness.Run(endpoints, out _).GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())).ToList();
        var mixed = Harness.Run(endpoints.Concat(Harness.PushSeedSpecs()), out _).GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())).ToList();
        Assert.Equal(alone, mixed);
    }

    [Fact]
    public void Two_push_specs_for_one_event_are_both_skipped_with_a_diagnostic()
    {
        var path = Path.Combine(Harness.SpecsDirectory, "push", "clickevent.yaml");
        var text = File.ReadAllText(path);
        var copy = new InMemoryText(Path.Combine(Path.GetTempPath(), "clickagain.yaml"), text.Replace("name: ClickEvent", "name: ClickAgainEvent", StringComparison.Ordinal));
        var result = RunBare(new InMemoryText(path, text), copy);
        Assert.Equal(2, result.Diagnostics.Count(d => d.Id == DiagnosticCatalog.DuplicateName));
        Assert.DoesNotContain(result.GeneratedSources, s => s.HintName.StartsWith("Click", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bad_push_spec_reports_located_diagnostics_and_generates_nothing()
    {
        var bad = new InMemoryText(Path.Combine(Path.GetTempPath(), "bad.yaml"), "kind: push\nname: Bad\ntitle: t\ndirection: message\nmsg_type: text\nfields:\n  - name: ToUserName\n    type: string\n  - name: Count\n    type: number\n    format: int16\n");
        var result = RunBare(bad);
        Assert.Contains(result.Diagnostics, d => d.Id == DiagnosticCatalog.InvalidValue && d.Location.GetLineSpan().StartLinePosition.Line == 6);
        Assert.Contains(result.Diagnostics, d => d.Id == DiagnosticCatalog.UnknownType && d.Location.GetLineSpan().StartLinePosition.Line == 10);
        Assert.Empty(result.GeneratedSources);
    }
}
