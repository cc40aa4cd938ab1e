using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Testing.Model;
using WxContracts.Generator.Analyzers;
using Xunit;

namespace WxContracts.Analyzers.Tests;

/// <summary>
/// One analyzer test on Microsoft.CodeAnalysis.CSharp.Analyzer.Testing: a project with the test file, the real
/// generator running over the repository's specs (see <see cref="TestInputs.Apply"/>), the runtime library, and
/// every WXC1xxx analyzer. <see cref="AnalyzerTest{TVerifier}.RunAsync"/>
/// checks that the analyzers report exactly the marked spans (<c>[|…|]</c> for <see cref="ExpectedId"/>,
/// <c>{|WXC100n:…|}</c> for any other), in any file (generated ones included), that nothing fails to compile, and
/// that the same diagnostics disappear when the test file is marked <c>&lt;auto-generated&gt;</c>.
/// </summary>
internal sealed class WxAnalyzerTest : CSharpAnalyzerTest<AccountScopeAnalyzer, DefaultVerifier>
{
    /// <summary>Exceptions the analyzers' guard swallowed (it keeps a rule's bug from failing a user's build).</summary>
    private static readonly ConcurrentBag<Exception> s_swallowed = new();

    private readonly List<ImmutableArray<Diagnostic>> _passes = new();

    static WxAnalyzerTest() => AnalyzerHelpers.OnException = s_swallowed.Add;

    public WxAnalyzerTest(string? expectedId, string markedSource, BuildProperties? properties = null, ExtraSpecs? extraSpecs = null, bool withRuntime = true)
    {
        ExpectedId = expectedId;
        TestState.Sources.Add((TestInputs.TestFilePath, markedSource));
        TestInputs.Apply(this, properties, extraSpecs, withRuntime);
    }

    /// <summary>The diagnostic id that <c>[|…|]</c> stands for.</summary>
    public string? ExpectedId { get; }

    /// <summary>The compilation the analyzers last ran on (generated code included).</summary>
    public Compilation? LastCompilation { get; private set; }

    /// <summary>The WXC1xxx diagnostics of the first (unmodified) analysis, in source order.</summary>
    public ImmutableArray<Diagnostic> Diagnostics => _passes.Count == 0
        ? throw new InvalidOperationException("The test has not run.")
        : _passes[0].Where(d => d.Id.StartsWith("WXC1", StringComparison.Ordinal)).OrderBy(d => d.Location.SourceSpan.Start).ToImmutableArray();

    public static ImmutableArray<DiagnosticAnalyzer> AllAnalyzers() => ImmutableArray.Create<DiagnosticAnalyzer>(
        new AccountScopeAnalyzer(),
        new MagicErrorCodeAnalyzer(),
        new HardCodedSecretAnalyzer(),
        new ConstraintAnalyzer(),
        new ServerSideOnlyAnalyzer(),
        new RawHttpCallAnalyzer());

    /// <summary>Runs the library's checks, then fails if an analyzer's guard swallowed an exception.</summary>
    public async Task<ImmutableArray<Diagnostic>> VerifyAsync()
    {
        await RunAsync(CancellationToken.None);
        AssertNothingSwallowed();
        return Diagnostics;
    }

    /// <summary>
    /// Builds the same project and runs the analyzers without comparing their results (for code that does not
    /// compile, where only "no analyzer threw" matters); returns every diagnostic, compiler ones included.
    /// </summary>
    public async Task<ImmutableArray<Diagnostic>> CollectAsync()
    {
        var analyzers = GetDiagnosticAnalyzers().ToArray();
        var state = TestState
            .WithInheritedValuesApplied(null, ImmutableArray<string>.Empty)
            .WithProcessedMarkup(MarkupOptions, GetDefaultDiagnostic(analyzers), analyzers.SelectMany(a => a.SupportedDiagnostics).ToImmutableArray(), ImmutableArray<string>.Empty, DefaultFilePath);
        var project = await CreateProjectAsync(new EvaluatedProjectState(state, ReferenceAssemblies), ImmutableArray<EvaluatedProjectState>.Empty, CancellationToken.None);
        var diagnostics = await GetSortedDiagnosticsAsync(project.Solution, analyzers.ToImmutableArray(), ImmutableArray<(Project, Diagnostic)>.Empty, CompilerDiagnostics.Errors, Verify, CancellationToken.None);
        AssertNothingSwallowed();
        Assert.DoesNotContain(diagnostics, d => d.diagnostic.Id == "AD0001");
        return diagnostics.Select(d => d.diagnostic).ToImmutableArray();
    }

    private static void AssertNothingSwallowed() =>
        Assert.True(s_swallowed.IsEmpty, "An analyzer threw (caught by its guard):\n" + string.Join("\n", s_swallowed));

    protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => AllAnalyzers();

    protected override DiagnosticDescriptor? GetDefaultDiagnostic(DiagnosticAnalyzer[] analyzers) =>
        ExpectedId is null ? null : analyzers.SelectMany(a => a.SupportedDiagnostics).First(d => d.Id == ExpectedId);

    protected override ParseOptions CreateParseOptions() =>
        new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Diagnose);

    protected override CompilationOptions CreateCompilationOptions() =>
        ((CSharpCompilationOptions)base.CreateCompilationOptions()).WithNullableContextOptions(NullableContextOptions.Enable);

    protected override CompilationWithAnalyzers CreateCompilationWithAnalyzers(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, AnalyzerOptions options, CancellationToken cancellationToken)
    {
        LastCompilation = compilation;
        return base.CreateCompilationWithAnalyzers(compilation, analyzers, options, cancellationToken);
    }

    protected override ImmutableArray<(Project project, Diagnostic diagnostic)> FilterDiagnostics(ImmutableArray<(Project project, Diagnostic diagnostic)> diagnostics)
    {
        var filtered = base.FilterDiagnostics(diagnostics);
        lock (_passes)
        {
            _passes.Add(filtered.Select(d => d.diagnostic).ToImmutableArray());
        }

        return filtered;
    }
}

/// <summary>Shorthands the test classes use.</summary>
internal static class AnalyzerHarness
{
    public const string Usings = "using System;\nusing System.Net.Http;\nusing System.Threading.Tasks;\nusing WxContracts;\nusing WxContracts.Api;\n";

    /// <summary>MSBuild properties visible to the analyzers (as <c>CompilerVisibleProperty</c> makes them).</summary>
    public static BuildProperties Options(params (string Key, string Value)[] buildProperties) => new(buildProperties);

    /// <summary>Specs that this test adds to the repository's.</summary>
    public static ExtraSpecs Generated(params (string Name, string Yaml)[] extraSpecs) => new(extraSpecs);

    /// <summary>
    /// Analyzes <paramref name="marked"/> (a whole file, usually from <see cref="Wrap"/>) and asserts that exactly the
    /// marked spans get <paramref name="id"/> and that no other WXC1xxx diagnostic (nor compiler error) appears;
    /// returns the WXC1xxx diagnostics in source order.
    /// </summary>
    public static Task<ImmutableArray<Diagnostic>> Verify(string id, string marked, BuildProperties? options = null, ExtraSpecs? generated = null) =>
        new WxAnalyzerTest(id, marked, options, generated).VerifyAsync();

    /// <summary>Puts statements into an async method of a class that has a client, an HttpClient and a string.</summary>
    public static string Wrap(string body, string members = "") =>
        Usings + "\n#nullable enable\npublic class Caller\n{\n    private readonly WxApiClient client = null!;\n    private readonly HttpClient http = null!;\n    private readonly string fromConfig = Environment.GetEnvironmentVariable(\"X\") ?? \"\";\n"
        + members + "\n    public async Task Run()\n    {\n" + body + "\n        await Task.Yield();\n    }\n}\n";
}
