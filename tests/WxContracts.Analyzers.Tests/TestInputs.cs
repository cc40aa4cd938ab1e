using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace WxContracts.Analyzers.Tests;

/// <summary>MSBuild properties the analyzers read (<c>build_property.*</c> in the project's analyzer config).</summary>
internal sealed record BuildProperties(IReadOnlyList<(string Key, string Value)> Values);

/// <summary>Specs added to the repository's own for one test (file name and YAML).</summary>
internal sealed record ExtraSpecs(IReadOnlyList<(string Name, string Yaml)> Files);

/// <summary>
/// What every test project compiles against, found on this machine without NuGet: the framework's reference
/// assemblies from the running SDK's targeting pack, the runtime library (WxContracts.Client) with the assemblies it
/// references, and the repository's specs (copied next to the test assembly at build).
/// </summary>
internal static class TestInputs
{
    public const string TestFilePath = "/src/Test.cs";

    private const string SpecRoot = "/specs/";

    /// <summary>
    /// An empty reference set: the testing library resolves (and so downloads) nothing. Its built-in sets
    /// (<c>ReferenceAssemblies.Net.Net100</c> and friends) fetch packs from NuGet, which is not possible offline;
    /// the framework comes in through <see cref="Framework"/> as plain references instead.
    /// </summary>
    public static ReferenceAssemblies NoPackages { get; } = new("net10.0");

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_framework = new(() =>
        Directory.EnumerateFiles(ReferencePackDirectory(), "*.dll")
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray());

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_runtime = new(() =>
    {
        // WxContracts.Client and the package assemblies it compiles against (Microsoft.Extensions.*), as a project
        // referencing the client gets them. Framework assemblies come from the reference pack instead.
        var client = typeof(WxContracts.WxResponse).Assembly;
        var framework = new HashSet<string>(
            Directory.EnumerateFiles(ReferencePackDirectory(), "*.dll").Select(Path.GetFileNameWithoutExtension)!,
            StringComparer.OrdinalIgnoreCase);
        var paths = new List<string> { client.Location };
        foreach (var name in client.GetReferencedAssemblies())
        {
            var path = Path.Combine(AppContext.BaseDirectory, name.Name + ".dll");
            if (!framework.Contains(name.Name!) && File.Exists(path))
            {
                paths.Add(path);
            }
        }

        return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    });

    // The 14 seed endpoints the tests are written against: each test project compiles the whole generated client,
    // so the other specs would only slow every analysis pass down (they are compiled by the generator tests).
    private static readonly HashSet<string> s_seedSpecs = new(StringComparer.Ordinal)
    {
        "autoreply/getcurrentautoreplyinfo.yaml", "comment/closecomment.yaml", "comment/deletecomment.yaml",
        "comment/deletereplycomment.yaml", "comment/listcomment.yaml", "comment/markelectcomment.yaml",
        "comment/opencomment.yaml", "comment/replycomment.yaml", "comment/unmarkelectcomment.yaml",
        "media/uploadtempmedia.yaml", "menu/createcustommenu.yaml", "token/getaccesstoken.yaml",
        "token/getstableaccesstoken.yaml", "user/getfans.yaml",
    };

    private static readonly Lazy<ImmutableArray<(string Path, string Text)>> s_specs = new(() =>
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "specs");
        // The global error table ships inside WxContracts.Client; only the endpoint specs are generated here.
        return Directory.EnumerateFiles(directory, "*.yaml", SearchOption.AllDirectories)
            .Select(p => (Relative: Path.GetRelativePath(directory, p).Replace('\\', '/'), Full: p))
            .Where(p => s_seedSpecs.Contains(p.Relative))
            .OrderBy(p => p.Relative, StringComparer.Ordinal)
            .Select(p => (SpecRoot + p.Relative, File.ReadAllText(p.Full)))
            .ToImmutableArray();
    });

    /// <summary>The framework's reference assemblies (Microsoft.NETCore.App.Ref of the running SDK).</summary>
    public static ImmutableArray<MetadataReference> Framework => s_framework.Value;

    /// <summary>WxContracts.Client and what it references outside the framework.</summary>
    public static ImmutableArray<MetadataReference> Runtime => s_runtime.Value;

    /// <summary>The repository's endpoint specs, at <c>/specs/&lt;group&gt;/&lt;name&gt;.yaml</c>.</summary>
    public static ImmutableArray<(string Path, string Text)> Specs => s_specs.Value;

    /// <summary>
    /// <c>packs/Microsoft.NETCore.App.Ref/&lt;version&gt;/ref/net&lt;major&gt;.&lt;minor&gt;</c> under the dotnet root
    /// that runs the tests (the shared runtime's CoreLib sits at <c>&lt;root&gt;/shared/Microsoft.NETCore.App/&lt;version&gt;/</c>),
    /// else under <c>DOTNET_ROOT</c>: the pack of the running runtime's version if installed, else the newest one of
    /// the same major and minor version.
    /// </summary>
    public static string ReferencePackDirectory()
    {
        var runtime = Environment.Version;
        var tfm = $"net{runtime.Major}.{runtime.Minor}";
        var roots = new List<string>();
        var coreLibDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location);
        if (!string.IsNullOrEmpty(coreLibDirectory))
        {
            roots.Add(Path.GetFullPath(Path.Combine(coreLibDirectory, "..", "..", "..")));
        }

        var dotnetRoot = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (!string.IsNullOrEmpty(dotnetRoot))
        {
            roots.Add(Path.GetFullPath(dotnetRoot));
        }

        foreach (var root in roots.Distinct(StringComparer.Ordinal))
        {
            var packs = Path.Combine(root, "packs", "Microsoft.NETCore.App.Ref");
            if (!Directory.Exists(packs))
            {
                continue;
            }

            var candidates = Directory.EnumerateDirectories(packs)
                .Select(d => (Directory: Path.Combine(d, "ref", tfm), Version: Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : null))
                .Where(c => c.Version is not null && c.Version.Major == runtime.Major && c.Version.Minor == runtime.Minor && Directory.Exists(c.Directory))
                .OrderByDescending(c => c.Version == new Version(runtime.Major, runtime.Minor, runtime.Build))
                .ThenByDescending(c => c.Version)
                .ToList();
            if (candidates.Count > 0)
            {
                return candidates[0].Directory;
            }
        }

        throw new InvalidOperationException(
            $"No Microsoft.NETCore.App.Ref targeting pack for {tfm} was found under packs/ of: {string.Join(", ", roots)}. "
            + "The analyzer tests compile against the installed SDK's reference assemblies (they cannot download them).");
    }

    /// <summary>
    /// The global analyzer config that MSBuild would write for a project with these properties: one
    /// <c>build_property.*</c> line per property, and the <c>WxContractsSpec</c> item metadata that the packaged
    /// .props puts on every spec.
    /// </summary>
    public static string GlobalConfig(BuildProperties? properties, IEnumerable<string> specPaths)
    {
        var text = new StringBuilder("is_global = true\n");
        foreach (var (key, value) in properties?.Values ?? Array.Empty<(string, string)>())
        {
            text.Append("build_property.").Append(key).Append(" = ").Append(value).Append('\n');
        }

        foreach (var path in specPaths)
        {
            text.Append('\n').Append('[').Append(path).Append("]\n")
                .Append(WxContracts.Generator.WxContractsGenerator.SpecMetadata).Append(" = true\n");
        }

        return text.ToString();
    }

    /// <summary>
    /// Sets up <paramref name="test"/>'s project like one that uses the generator: the framework, the runtime library
    /// (unless <paramref name="withRuntime"/> is false), the repository's specs plus <paramref name="extraSpecs"/> as
    /// AdditionalFiles, the build properties in a global analyzer config, and the generator itself as an analyzer
    /// reference of the project, so that the workspace runs it as an IDE does: the generated client is then part of
    /// every compilation and semantic model of the project, the ones a code fix sees included. (The testing
    /// library's own <c>GetSourceGenerators</c> adds the generated code to the compilations it checks, but not to
    /// the documents a code fix gets.)
    /// </summary>
    public static void Apply<TVerifier>(AnalyzerTest<TVerifier> test, BuildProperties? properties, ExtraSpecs? extraSpecs, bool withRuntime = true)
        where TVerifier : IVerifier, new()
    {
        test.ReferenceAssemblies = NoPackages;
        // The library checks every expected diagnostic three times: as written, in "<auto-generated>" code (where the
        // rules must stay silent; kept) and under "#pragma warning disable" (the compiler's job, not the rules'; each
        // run recompiles the whole generated client, so that one is skipped).
        test.TestBehaviors |= TestBehaviors.SkipSuppressionCheck;
        test.SolutionTransforms.Add((solution, projectId) => solution.AddAnalyzerReference(projectId, GeneratorReference.Instance));
        var state = test.TestState;
        state.AdditionalReferences.AddRange(Framework);
        var specs = new List<(string Path, string Text)>();
        if (withRuntime)
        {
            state.AdditionalReferences.AddRange(Runtime);
            specs.AddRange(Specs);
            specs.AddRange((extraSpecs?.Files ?? Array.Empty<(string, string)>()).Select(s => (SpecRoot + "extra/" + s.Name, s.Yaml)));
        }

        foreach (var (path, text) in specs)
        {
            state.AdditionalFiles.Add((path, text));
        }

        state.AnalyzerConfigFiles.Add(("/.globalconfig", GlobalConfig(properties, specs.Select(s => s.Path))));
        AssertSpecsGenerateCleanly(extraSpecs);
    }

    private static readonly ConcurrentDictionary<string, Lazy<ImmutableArray<Diagnostic>>> s_generatorDiagnostics = new();

    /// <summary>
    /// The workspace does not surface the generator's own diagnostics, so they are checked here, once per set of
    /// specs: the generator, run by a <see cref="CSharpGeneratorDriver"/> over the same inputs, reports nothing.
    /// </summary>
    private static void AssertSpecsGenerateCleanly(ExtraSpecs? extraSpecs)
    {
        var extra = extraSpecs?.Files ?? Array.Empty<(string Name, string Yaml)>();
        var key = string.Join("\n---\n", extra.Select(s => s.Name + "\n" + s.Yaml));
        var diagnostics = s_generatorDiagnostics.GetOrAdd(key, _ => new Lazy<ImmutableArray<Diagnostic>>(() =>
        {
            var specs = Specs.Concat(extra.Select(s => (SpecRoot + "extra/" + s.Name, s.Yaml))).ToList();
            var options = new GlobalOptionsProvider(specs.Select(s => s.Item1));
            var driver = CSharpGeneratorDriver.Create(
                new[] { new WxContracts.Generator.WxContractsGenerator().AsSourceGenerator() },
                specs.Select(s => (AdditionalText)new SpecText(s.Item1, s.Item2)),
                new CSharpParseOptions(LanguageVersion.Latest),
                options);
            var compilation = CSharpCompilation.Create("Specs", references: Framework.AddRange(Runtime), options: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            return driver.RunGenerators(compilation).GetRunResult().Diagnostics;
        })).Value;
        Xunit.Assert.True(diagnostics.IsEmpty, "The generator reported:\n" + string.Join("\n", diagnostics));
    }

    /// <summary>The generator, as an analyzer reference of a workspace project.</summary>
    private sealed class GeneratorReference : AnalyzerReference
    {
        public static readonly GeneratorReference Instance = new();

        private readonly ImmutableArray<ISourceGenerator> _generators =
            ImmutableArray.Create(new WxContracts.Generator.WxContractsGenerator().AsSourceGenerator());

        public override string? FullPath => null;

        public override object Id => typeof(WxContracts.Generator.WxContractsGenerator);

        public override string Display => "WxContracts.Generator";

        public override ImmutableArray<DiagnosticAnalyzer> GetAnalyzers(string language) => ImmutableArray<DiagnosticAnalyzer>.Empty;

        public override ImmutableArray<DiagnosticAnalyzer> GetAnalyzersForAllLanguages() => ImmutableArray<DiagnosticAnalyzer>.Empty;

        public override ImmutableArray<ISourceGenerator> GetGenerators(string language) =>
            language == LanguageNames.CSharp ? _generators : ImmutableArray<ISourceGenerator>.Empty;

        public override ImmutableArray<ISourceGenerator> GetGeneratorsForAllLanguages() => _generators;
    }

    private sealed class SpecText : AdditionalText
    {
        private readonly SourceText _text;

        public SpecText(string path, string text)
        {
            Path = path;
            _text = SourceText.From(text, Encoding.UTF8);
        }

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    /// <summary>Every spec marked with the <c>WxContractsSpec</c> metadata, no build properties.</summary>
    private sealed class GlobalOptionsProvider : AnalyzerConfigOptionsProvider
    {
        private readonly HashSet<string> _specs;

        public GlobalOptionsProvider(IEnumerable<string> specs) => _specs = new HashSet<string>(specs, StringComparer.Ordinal);

        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(ImmutableDictionary<string, string>.Empty);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => GlobalOptions;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _specs.Contains(textFile.Path)
            ? new Options(ImmutableDictionary<string, string>.Empty.Add(WxContracts.Generator.WxContractsGenerator.SpecMetadata, "true"))
            : GlobalOptions;

        private sealed class Options : AnalyzerConfigOptions
        {
            private readonly ImmutableDictionary<string, string> _values;

            public Options(ImmutableDictionary<string, string> values) => _values = values;

            public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => _values.TryGetValue(key, out value);
        }
    }
}
