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
    public void Every_spec_generates_its_files_plus_one_context_and_one_client()
    {
        var specs = Harness.SeedSpecs();
        var result = Harness.Run(specs, out _);
        Assert.Empty(result.Diagnostics);
        var expected = new System.Collections.Generic.List<string> { "WxApiClient.g.cs", "WxApiJsonContext.g.cs" };
        foreach (var spec in specs)
        {
            var parsed = WxContracts.Specs.Parsing.SpecParser.Parse(spec.Path, spec.GetText()!.ToString()).Endpoint!;
            expected.AddRange(new[] { ".Endpoint.g.cs", ".Errors.g.cs", ".Json.g.cs", ".Models.g.cs" }.Select(x => parsed.Name + x));
            if (parsed.Enums.Count > 0)
            {
                expected.Add(parsed.Name + ".Enums.g.cs");
            }
        }

        Assert.Contains("ReplyComment.Models.g.cs", expected);
        Assert.Contains("GetCurrentAutoReplyInfo.Enums.g.cs", expected);
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
