using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using WxContracts.Specs.Binding;
using WxContracts.Specs.Model;
using Xunit;

namespace WxContracts.Generator.Tests;

/// <summary>Marks every additional file as a spec, and those under /pkg/ as shipped in the package, as the packaged
/// .props does for its own specs/ folder; carries the MSBuild property WxContractsInclude when given.</summary>
internal sealed class SelectionOptionsProvider : AnalyzerConfigOptionsProvider
{
    private static readonly TestOptions s_empty = new(ImmutableDictionary<string, string>.Empty);
    private static readonly TestOptions s_own = new(ImmutableDictionary<string, string>.Empty.Add(WxContractsGenerator.SpecMetadata, "true"));
    private static readonly TestOptions s_shipped = new(ImmutableDictionary<string, string>.Empty
        .Add(WxContractsGenerator.SpecMetadata, "true")
        .Add(SpecSelection.ShippedMetadata, "true"));

    public SelectionOptionsProvider(string? include)
    {
        var global = ImmutableDictionary<string, string>.Empty;
        if (include is not null)
        {
            global = global.Add(SpecSelection.IncludeProperty, include);
        }

        GlobalOptions = new TestOptions(global);
    }

    public override AnalyzerConfigOptions GlobalOptions { get; }

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => s_empty;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
        textFile.Path.StartsWith(SelectionTests.ShippedRoot, StringComparison.Ordinal) ? s_shipped : s_own;
}

/// <summary>Shipped specs chosen by group (WxContractsInclude), own specs always generated, an own spec replacing the
/// shipped one with the same interface name (WXC020), unknown group names (WXC021), and the filter's incrementality.</summary>
public class SelectionTests
{
    internal const string ShippedRoot = "/pkg/specs/";
    internal const string OwnRoot = "/app/specs/";

    /// <summary>The specs these tests ship: the 14 seed endpoints in six groups, listed here (not taken from
    /// <see cref="Harness.SeedFiles"/>) so that the group lists asserted below stay what they are.</summary>
    private static readonly string[] s_files =
    {
        "autoreply/getcurrentautoreplyinfo.yaml", "comment/closecomment.yaml", "comment/deletecomment.yaml",
        "comment/deletereplycomment.yaml", "comment/listcomment.yaml", "comment/markelectcomment.yaml",
        "comment/opencomment.yaml", "comment/replycomment.yaml", "comment/unmarkelectcomment.yaml",
        "media/uploadtempmedia.yaml", "menu/createcustommenu.yaml", "token/getaccesstoken.yaml",
        "token/getstableaccesstoken.yaml", "user/getfans.yaml",
    };

    /// <summary>The 14 specs, read from the repository's specs as copied beside the tests.</summary>
    internal static List<InMemoryText> Specs() =>
        s_files.Select(f => Path.Combine(Harness.SpecsDirectory, f.Replace('/', Path.DirectorySeparatorChar)))
            .Select(p => new InMemoryText(p, File.ReadAllText(p)))
            .ToList();

    /// <summary>The repository's endpoint specs as the package ships them.</summary>
    internal static List<InMemoryText> Shipped(IEnumerable<InMemoryText> specs) =>
        specs.Select(s => new InMemoryText(ShippedRoot + Path.GetRelativePath(Harness.SpecsDirectory, s.Path).Replace('\\', '/'), s.GetText()!.ToString())).ToList();

    internal static InMemoryText Own(string relativePath, string text) => new(OwnRoot + relativePath, text);

    internal static GeneratorDriver Driver(IEnumerable<AdditionalText> specs, string? include) =>
        CSharpGeneratorDriver.Create(
            new[] { new WxContractsGenerator().AsSourceGenerator() },
            specs,
            Harness.ParseOptions,
            new SelectionOptionsProvider(include),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    internal static GeneratorRunResult Run(IEnumerable<AdditionalText> specs, string? include, out Compilation output)
    {
        var driver = Driver(specs, include).RunGeneratorsAndUpdateCompilation(Harness.Compilation(), out output, out _);
        return driver.GetRunResult().Results.Single();
    }

    private static string[] ClientGroups(Compilation output) =>
        output.GetTypeByMetadataName("WxContracts.Api.WxApiClient")!.GetMembers().OfType<IPropertySymbol>().Where(p => p.Name != "Transport").Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();

    private static string SeedText(string file) => Specs().Single(s => Path.GetFileName(s.Path) == file).GetText()!.ToString();

    /// <summary>replycomment.yaml as a project would copy and adapt it: same interface, own wording.</summary>
    internal static InMemoryText OwnReplyComment(string interfaceName = "replycomment") =>
        Own("comment/replycomment.yaml", SeedText("replycomment.yaml")
            .Replace("interface: replycomment", "interface: " + interfaceName)
            .Replace("description: Response content.", "description: Our own wording of the reply text."));

    [Fact]
    public void Without_WxContractsInclude_every_shipped_group_is_generated()
    {
        var result = Run(Shipped(Harness.AllSpecs()), include: null, out var output);

        Assert.Empty(result.Diagnostics);
        Assert.Equal(
            Harness.AllSpecs().Select(s => GroupOf(s)).Distinct(StringComparer.Ordinal).OrderBy(g => g, StringComparer.Ordinal),
            ClientGroups(output));
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void WxContractsInclude_keeps_only_the_named_groups_case_insensitively()
    {
        var result = Run(Shipped(Specs()), include: " comment , TOKEN", out var output);

        Assert.Empty(result.Diagnostics);
        Assert.Equal(new[] { "Comment", "Token" }, ClientGroups(output));
        Assert.NotNull(output.GetTypeByMetadataName("WxContracts.Api.ReplyCommentRequest"));
        Assert.NotNull(output.GetTypeByMetadataName("WxContracts.Api.GetAccessTokenResponse"));
        Assert.Null(output.GetTypeByMetadataName("WxContracts.Api.CreateCustomMenuRequest"));
        Assert.DoesNotContain(result.GeneratedSources, s => s.HintName.StartsWith("CreateCustomMenu.", StringComparison.Ordinal) || s.HintName.StartsWith("GetFans.", StringComparison.Ordinal));
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void Own_specs_are_generated_whatever_WxContractsInclude_says()
    {
        var specs = Shipped(Specs().Where(s => Path.GetFileName(s.Path) != "createcustommenu.yaml"));
        specs.Add(Own("menu/createcustommenu.yaml", SeedText("createcustommenu.yaml")));

        var result = Run(specs, include: "Comment", out var output);

        Assert.Empty(result.Diagnostics);
        Assert.Equal(new[] { "Comment", "Menu" }, ClientGroups(output));
        Assert.NotNull(output.GetTypeByMetadataName("WxContracts.Api.CreateCustomMenuRequest"));
    }

    [Fact]
    public void An_own_spec_with_a_shipped_interface_name_replaces_the_shipped_spec()
    {
        var specs = Shipped(Specs());
        var own = OwnReplyComment(interfaceName: "ReplyComment"); // interface names compare case-insensitively
        specs.Add(own);

        var result = Run(specs, include: null, out var output);

        // No WXC006 for the names both define: the shipped spec is out of the build, the own one is generated.
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal("WXC020", d.Id);
        Assert.Equal(DiagnosticSeverity.Info, d.Severity);
        Assert.Equal(own.Path, d.Location.GetLineSpan().Path);
        Assert.Equal(own.GetText()!.ToString().Split('\n').ToList().FindIndex(l => l.StartsWith("name: ReplyComment", StringComparison.Ordinal)), d.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Contains("replaces the shipped spec 'ReplyComment' of group Comment", d.GetMessage(), StringComparison.Ordinal);
        Assert.Single(result.GeneratedSources, s => s.HintName == "ReplyComment.Endpoint.g.cs");
        Assert.Contains("Our own wording of the reply text.", result.GeneratedSources.Single(s => s.HintName == "ReplyComment.Endpoint.g.cs").SourceText.ToString());
        Assert.Empty(output.GetDiagnostics().Where(x => x.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void An_own_spec_replacing_a_shipped_spec_of_an_excluded_group_is_not_reported()
    {
        var specs = Shipped(Specs());
        specs.Add(OwnReplyComment());

        var result = Run(specs, include: "Token", out var output);

        Assert.Empty(result.Diagnostics);
        Assert.Equal(new[] { "Comment", "Token" }, ClientGroups(output));
        Assert.Contains("Our own wording of the reply text.", result.GeneratedSources.Single(s => s.HintName == "ReplyComment.Endpoint.g.cs").SourceText.ToString());
    }

    [Fact]
    public void Without_selection_two_specs_with_the_same_names_still_clash()
    {
        // Same C# names but a different interface: not a replacement, so the cross-spec check reports both.
        var specs = Shipped(Specs());
        specs.Add(OwnReplyComment(interfaceName: "replycomment2"));

        var result = Run(specs, include: null, out _);

        Assert.Equal(2, result.Diagnostics.Count(d => d.Id == "WXC006"));
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "WXC020");
    }

    [Fact]
    public void Unknown_group_names_are_one_warning_that_lists_the_known_groups()
    {
        var result = Run(Shipped(Specs()), include: "Comment;Menus;Nope", out var output);

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal("WXC021", d.Id);
        Assert.Equal(DiagnosticSeverity.Warning, d.DefaultSeverity); // the harness compiles with warnings as errors
        Assert.Equal(Location.None, d.Location);
        Assert.Equal("WxContractsInclude names groups that no spec has: Menus, Nope. Known groups: AutoReply, Comment, Media, Menu, Token, User", d.GetMessage());

        // The known names still select.
        Assert.Equal(new[] { "Comment" }, ClientGroups(output));
    }

    [Fact]
    public void WxContractsInclude_without_shipped_specs_selects_nothing_and_warns_about_nothing()
    {
        var own = Specs().Select(s => Own(Path.GetRelativePath(Harness.SpecsDirectory, s.Path), s.GetText()!.ToString())).ToList();

        var result = Run(own, include: "Nope", out var output);

        Assert.Empty(result.Diagnostics);
        Assert.Equal(new[] { "AutoReply", "Comment", "Media", "Menu", "Token", "User" }, ClientGroups(output));
    }

    [Fact]
    public void An_own_global_error_table_replaces_the_shipped_one()
    {
        var shippedGlobal = new SpecCandidate(new SpecFile("/pkg/specs/global/errors.yaml", null, new GlobalErrorsSpec("/pkg/specs/global/errors.yaml", EquatableArray<ErrorSpec>.Empty), EquatableArray<SpecDiagnostic>.Empty), Shipped: true);
        var all = new IncludeSetting(EquatableArray<string>.Empty);

        Assert.True(SpecSelection.Takes(shippedGlobal, all, new OwnOverrides(EquatableArray<string>.Empty, GlobalErrors: false)));
        Assert.False(SpecSelection.Takes(shippedGlobal, all, new OwnOverrides(EquatableArray<string>.Empty, GlobalErrors: true)));
    }

    [Fact]
    public void Selection_keeps_the_pipeline_incremental()
    {
        var specs = Shipped(Specs());
        var own = OwnReplyComment();
        specs.Add(own);
        var compilation = Harness.Compilation("namespace App; public class Program { }");
        var driver = Driver(specs, include: "Comment;Token").RunGenerators(compilation);

        // An unrelated C# edit: every step of ours and every output is cached or unchanged.
        var unrelated = driver.RunGenerators(compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace App; public class Other { }", Harness.ParseOptions))).GetRunResult().Results.Single();
        var ours = typeof(WxContractsGenerator.Steps).GetFields().Select(f => (string)f.GetValue(null)!).ToList();
        Assert.Contains(WxContractsGenerator.Steps.Select, unrelated.TrackedSteps.Keys);
        Assert.Contains(WxContractsGenerator.Steps.SelectionDiagnostics, unrelated.TrackedSteps.Keys);
        foreach (var output in unrelated.TrackedSteps.Where(s => ours.Contains(s.Key)).Select(s => s.Value).Concat(unrelated.TrackedOutputSteps.Values).SelectMany(s => s).SelectMany(s => s.Outputs))
        {
            Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, output.Reason.ToString());
        }

        // Editing the own spec (not its interface) re-binds only that spec; the shipped ones stay cached.
        var edited = new InMemoryText(own.Path, own.GetText()!.ToString().Replace("Our own wording", "Our newer wording"));
        var result = driver.ReplaceAdditionalText(own, edited).RunGenerators(compilation).GetRunResult().Results.Single();
        var bound = result.TrackedSteps[WxContractsGenerator.Steps.Bound].SelectMany(s => s.Outputs)
            .Select(o => (Spec: ((BoundSpec)o.Value).Name, o.Reason)).ToList();
        Assert.Contains(bound, b => b.Spec == "ReplyComment" && b.Reason == IncrementalStepRunReason.Modified);
        Assert.All(bound.Where(b => b.Spec != "ReplyComment"), b => Assert.True(b.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{b.Spec}: {b.Reason}"));
        Assert.All(result.TrackedSteps[WxContractsGenerator.Steps.Groups].SelectMany(s => s.Outputs), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
        Assert.Contains("Our newer wording", result.GeneratedSources.Single(s => s.HintName == "ReplyComment.Endpoint.g.cs").SourceText.ToString());
    }

    private static string GroupOf(InMemoryText spec) =>
        spec.GetText()!.ToString().Split('\n').Single(l => l.StartsWith("group:", StringComparison.Ordinal)).Substring("group:".Length).Trim();
}
