using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace WxContracts.Generator.Tests;

public class SnapshotTests
{
    public static IEnumerable<object[]> HintNames() =>
        Harness.Run(Harness.SeedSpecs(), out _).GeneratedSources.Select(s => new object[] { s.HintName });

    [Fact]
    public void Every_spec_generates_its_file_plus_one_context_and_one_client()
    {
        var specs = Harness.SeedSpecs();
        var result = Harness.Run(specs, out _);
        Assert.Empty(result.Diagnostics);
        var expected = new System.Collections.Generic.List<string> { "WxApiClient.g.cs", "WxApiJsonContext.g.cs" };
        foreach (var spec in specs)
        {
            var parsed = WxContracts.Specs.Parsing.SpecParser.Parse(spec.Path, spec.GetText()!.ToString()).Endpoint!;
            expected.Add(parsed.Name + ".Endpoint.g.cs");
        }

        Assert.Contains("ReplyComment.Endpoint.g.cs", expected);
        Assert.Contains("public readonly partial struct AutoReplyType", result.GeneratedSources.Single(s => s.HintName == "GetCurrentAutoReplyInfo.Endpoint.g.cs").SourceText.ToString());
        Assert.Equal(expected.OrderBy(n => n, System.StringComparer.Ordinal), result.GeneratedSources.Select(s => s.HintName).OrderBy(n => n, System.StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(HintNames))]
    public void Generated_source_matches_snapshot(string hintName)
    {
        var result = Harness.Run(Harness.SeedSpecs(), out _);
        var source = result.GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();
        Snapshot.Match(source, hintName.Replace(".g.cs", string.Empty));
    }

    [Fact]
    public void Global_error_table_generates_WxGlobalError_when_the_runtime_is_not_referenced_as_source()
    {
        // The test compilation references WxContracts.Client, which already ships WxGlobalError: nothing is emitted.
        var global = new InMemoryText(System.IO.Path.Combine(Harness.SpecsDirectory, "global", "errors.yaml"), System.IO.File.ReadAllText(System.IO.Path.Combine(Harness.SpecsDirectory, "global", "errors.yaml")));
        var result = Harness.Run(global);
        Assert.Empty(result.Diagnostics);
        Assert.DoesNotContain(result.GeneratedSources, s => s.HintName == "WxGlobalError.g.cs");

        // A compilation without the runtime gets the enum.
        var bare = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("Bare", references: new[] { MetadataReference.CreateFromFile(typeof(object).Assembly.Location) });
        var driver = Harness.Driver(new[] { global }).RunGenerators(bare);
        var generated = driver.GetRunResult().Results.Single().GeneratedSources.Single(s => s.HintName == "WxGlobalError.g.cs");
        var text = generated.SourceText.ToString();
        Assert.Contains("SystemBusy = -1,", text);
        Assert.Contains("InvalidCredential = 40001,", text);
        Snapshot.Match(text, "WxGlobalError");
    }
}
