using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using WxContracts.Generator.Analyzers;
using WxContracts.Generator.Tests;
using Xunit;

namespace WxContracts.Analyzers.Tests;

/// <summary>Test code with the expected diagnostic spans marked as <c>[|…|]</c>.</summary>
internal sealed class MarkedSource
{
    public MarkedSource(string marked)
    {
        var spans = new List<TextSpan>();
        var text = new System.Text.StringBuilder();
        var i = 0;
        var open = -1;
        while (i < marked.Length)
        {
            if (string.CompareOrdinal(marked, i, "[|", 0, 2) == 0)
            {
                open = text.Length;
                i += 2;
            }
            else if (string.CompareOrdinal(marked, i, "|]", 0, 2) == 0)
            {
                spans.Add(TextSpan.FromBounds(open, text.Length));
                i += 2;
            }
            else
            {
                text.Append(marked[i++]);
            }
        }

        Text = text.ToString();
        Spans = spans;
    }

    public string Text { get; }

    public IReadOnlyList<TextSpan> Spans { get; }
}

/// <summary>
/// Runs the generator over the real specs (plus any in-test specs), adds the test code, and runs every WXC1xxx
/// analyzer with <see cref="CompilationWithAnalyzers"/>. Analyzer exceptions fail the test.
/// </summary>
internal static class AnalyzerHarness
{
    public const string Usings = "using System;\nusing System.Net.Http;\nusing System.Threading.Tasks;\nusing WxContracts;\nusing WxContracts.Api;\n";

    public static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(
        new AccountScopeAnalyzer(),
        new MagicErrorCodeAnalyzer(),
        new HardCodedSecretAnalyzer(),
        new ConstraintAnalyzer(),
        new ServerSideOnlyAnalyzer(),
        new RawHttpCallAnalyzer());

    private static readonly ConcurrentDictionary<string, Lazy<Compilation>> s_generated = new();

    /// <summary>Exceptions the analyzers' guard swallowed (it keeps a rule's bug from failing a user's build).</summary>
    private static readonly ConcurrentBag<Exception> s_swallowed = new();

    static AnalyzerHarness() => AnalyzerHelpers.OnException = s_swallowed.Add;

    /// <summary>The generated client from the repository's specs and <paramref name="extraSpecs"/> (cached).</summary>
    public static Compilation Generated(params (string Name, string Yaml)[] extraSpecs)
    {
        var key = string.Join("\n---\n", extraSpecs.Select(s => s.Name + "\n" + s.Yaml));
        return s_generated.GetOrAdd(key, _ => new Lazy<Compilation>(() =>
        {
            var specs = Harness.SeedSpecs().Cast<AdditionalText>()
                .Concat(extraSpecs.Select(s => new InMemoryText("/specs/extra/" + s.Name, s.Yaml)))
                .ToList();
            var result = Harness.Run(specs, out var output);
            Assert.Empty(result.Diagnostics);
            return output.WithOptions(output.Options.WithGeneralDiagnosticOption(ReportDiagnostic.Default));
        })).Value;
    }

    public static AnalyzerOptions Options(params (string Key, string Value)[] buildProperties)
    {
        var values = ImmutableDictionary<string, string>.Empty;
        foreach (var (key, value) in buildProperties)
        {
            values = values.Add("build_property." + key, value);
        }

        return new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new TestOptionsProvider(values));
    }

    public static Compilation WithSource(Compilation generated, string source) =>
        generated.AddSyntaxTrees(CSharpSyntaxTree.ParseText(source, Harness.ParseOptions, path: "/src/Test.cs"));

    /// <summary>
    /// The analyzers' diagnostics in the test file (the last syntax tree); fails when that file does not compile or
    /// an analyzer throws. Only the test file is analyzed, which keeps each test well under a second.
    /// </summary>
    public static async Task<ImmutableArray<Diagnostic>> Analyze(Compilation compilation, AnalyzerOptions? options = null, bool mustCompile = true)
    {
        var tree = compilation.SyntaxTrees.Last();
        var model = compilation.GetSemanticModel(tree);
        if (mustCompile)
        {
            var errors = model.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, "The test code does not compile:\n" + string.Join("\n", errors));
        }

        var exceptions = new ConcurrentBag<Exception>();
        var withAnalyzers = compilation.WithAnalyzers(
            Analyzers,
            new CompilationWithAnalyzersOptions(
                options ?? Options(),
                onAnalyzerException: (ex, _, _) => exceptions.Add(ex),
                concurrentAnalysis: true,
                logAnalyzerExecutionTime: false));
        var diagnostics = await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, null, System.Threading.CancellationToken.None);
        Assert.True(exceptions.IsEmpty, "An analyzer threw:\n" + string.Join("\n", exceptions));
        Assert.True(s_swallowed.IsEmpty, "An analyzer threw (caught by its guard):\n" + string.Join("\n", s_swallowed));
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        return diagnostics.Sort((a, b) => a.Location.SourceSpan.Start.CompareTo(b.Location.SourceSpan.Start));
    }

    /// <summary>
    /// Analyzes <paramref name="marked"/> (a method body or whole members, see <see cref="Wrap"/>) and asserts that
    /// exactly the marked spans get <paramref name="id"/>, and that no other WXC1xxx diagnostic appears.
    /// </summary>
    public static async Task<ImmutableArray<Diagnostic>> Verify(string id, string marked, AnalyzerOptions? options = null, Compilation? generated = null)
    {
        var source = new MarkedSource(marked);
        var diagnostics = await Analyze(WithSource(generated ?? Generated(), source.Text), options);
        var actual = diagnostics.Select(d => (d.Id, d.Location.SourceSpan, Text: source.Text.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length))).ToList();
        var expected = source.Spans.Select(s => (Id: id, SourceSpan: s, Text: source.Text.Substring(s.Start, s.Length))).ToList();
        Assert.Equal(expected, actual);
        Assert.All(diagnostics, d => Assert.Equal("/src/Test.cs", d.Location.SourceTree?.FilePath));
        return diagnostics;
    }

    /// <summary>Puts statements into an async method of a class that has a client, an HttpClient and a string.</summary>
    public static string Wrap(string body, string members = "") =>
        Usings + "\n#nullable enable\npublic class Caller\n{\n    private readonly WxApiClient client = null!;\n    private readonly HttpClient http = null!;\n    private readonly string fromConfig = Environment.GetEnvironmentVariable(\"X\") ?? \"\";\n"
        + members + "\n    public async Task Run()\n    {\n" + body + "\n        await Task.Yield();\n    }\n}\n";
}
