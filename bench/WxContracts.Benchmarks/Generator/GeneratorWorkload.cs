extern alias WxGenerator;

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using WxGenerator::WxContracts.Generator;

namespace WxContracts.Benchmarks.Generator;

/// <summary>
/// Everything a generator benchmark needs for one size: N synthetic specs, a consumer compilation, our generator and
/// System.Text.Json's generator over the equivalent hand-written DTOs, each run through CSharpGeneratorDriver.
/// </summary>
public sealed class GeneratorWorkload
{
    private static readonly CSharpParseOptions s_parse = new(LanguageVersion.Latest);
    private static readonly Lazy<MetadataReference[]> s_references = new(LoadReferences);
    private static readonly Lazy<ISourceGenerator> s_stjGenerator = new(LoadStjGenerator);

    private readonly AdditionalText[] _specs;
    private readonly SyntaxTree _consumerTree;
    private readonly CSharpCompilation _consumer;
    private readonly CSharpCompilation _twins;

    public GeneratorWorkload(int specCount)
    {
        SpecCount = specCount;
        var specs = SyntheticSpecs.Make(specCount);
        SpecTexts = specs;
        _specs = specs.Select(s => (AdditionalText)new MemoryText(s.Path, s.Text)).ToArray();
        _consumerTree = CSharpSyntaxTree.ParseText("namespace Consumer; public static class Settings { public static int Value => 1; }", s_parse, "Settings.cs");
        _consumer = Compile("Consumer", _consumerTree);
        var (source, classes) = TwinSources.For(specs);
        TwinClassCount = classes;
        _twins = Compile("Twins", CSharpSyntaxTree.ParseText(source, s_parse, "Twins.cs"));
        EditedSpec = new MemoryText(specs[0].Path, SyntheticSpecs.EditOne(specs[0]).Text);
        FieldDocEditedSpec = new MemoryText(specs[0].Path, SyntheticSpecs.EditOneFieldDescription(specs[0]).Text);
        UnrelatedEdit = CSharpSyntaxTree.ParseText("namespace Consumer; public static class Settings { public static int Value => 2; }", s_parse, "Settings.cs");
    }

    public int SpecCount { get; }

    /// <summary>How many DTO classes the equivalent hand-written source declares.</summary>
    public int TwinClassCount { get; }

    private AdditionalText EditedSpec { get; }

    private AdditionalText FieldDocEditedSpec { get; }

    private SyntaxTree UnrelatedEdit { get; }

    /// <summary>Our generator, cold: a new driver over a new compilation.</summary>
    public GeneratorDriver RunCold(bool track = false) =>
        NewDriver(track).RunGenerators(_consumer.Clone());

    /// <summary>From <paramref name="warm"/>'s state: the first spec's title edited.</summary>
    public GeneratorDriver RunAfterSpecEdit(GeneratorDriver warm) =>
        warm.ReplaceAdditionalText(_specs[0], EditedSpec).RunGenerators(_consumer);

    /// <summary>From <paramref name="warm"/>'s state: one field description of the first spec edited (models only).</summary>
    public GeneratorDriver RunAfterFieldDocEdit(GeneratorDriver warm) =>
        warm.ReplaceAdditionalText(_specs[0], FieldDocEditedSpec).RunGenerators(_consumer);

    /// <summary>From <paramref name="warm"/>'s state: a C# file the specs have nothing to do with edited.</summary>
    public GeneratorDriver RunAfterUnrelatedEdit(GeneratorDriver warm) =>
        warm.RunGenerators(_consumer.ReplaceSyntaxTree(_consumerTree, UnrelatedEdit));

    /// <summary>System.Text.Json's generator, cold, over the hand-written DTOs equivalent to the specs.</summary>
    public GeneratorDriver RunStjCold() =>
        CSharpGeneratorDriver.Create(new[] { s_stjGenerator.Value }, parseOptions: s_parse).RunGenerators(_twins.Clone());

    /// <summary>A warm driver (our generator has run once over the specs), for the incremental runs.</summary>
    public GeneratorDriver Warm(bool track = false) => RunCold(track);

    /// <summary>The specs as text, in the order the drivers get them.</summary>
    public IReadOnlyList<SpecText> SpecTexts { get; }

    /// <summary>Another incremental generator over the same specs, options and compilation, cold.</summary>
    public GeneratorDriver RunColdWith(IIncrementalGenerator generator) =>
        CSharpGeneratorDriver.Create(
            new[] { generator.AsSourceGenerator() },
            _specs,
            s_parse,
            SpecOptions.Instance,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false))
        .RunGenerators(_consumer.Clone());

    /// <summary>Every source our generator emits for these specs, as hint name and text.</summary>
    public IReadOnlyList<(string HintName, string Text)> OurSources() =>
        RunCold().GetRunResult().Results.Single().GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())).ToList();

    private GeneratorDriver NewDriver(bool track) =>
        CSharpGeneratorDriver.Create(
            new[] { new WxContractsGenerator().AsSourceGenerator() },
            _specs,
            s_parse,
            SpecOptions.Instance,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: track));

    /// <summary>Throws unless both generators ran cleanly and produced the expected files.</summary>
    public void Verify()
    {
        var ours = RunCold().GetRunResult();
        Check(ours.Diagnostics, "WxContracts.Generator");
        var expectedFiles = SpecCount + 2; // at least one file per spec, plus the context and the client
        if (ours.GeneratedTrees.Length < expectedFiles)
        {
            throw new InvalidOperationException($"Our generator produced {ours.GeneratedTrees.Length} files for {SpecCount} specs.");
        }

        var stj = RunStjCold().GetRunResult();
        Check(stj.Diagnostics, "System.Text.Json's generator");
        if (stj.GeneratedTrees.Length < TwinClassCount)
        {
            throw new InvalidOperationException($"System.Text.Json's generator produced {stj.GeneratedTrees.Length} files for {TwinClassCount} classes.");
        }
    }

    /// <summary>
    /// Runs the incremental scenarios with step tracking and returns, per scenario, how many tracked step outputs
    /// were Cached/Unchanged and how many were New/Modified/Removed.
    /// </summary>
    public IncrementalReport CheckIncrementality()
    {
        var warm = Warm(track: true);
        var unrelated = Count(RunAfterUnrelatedEdit(warm));
        var edited = Count(RunAfterSpecEdit(warm));
        return new IncrementalReport(unrelated.Reused, unrelated.Redone, edited.Reused, edited.Redone);
    }

    /// <summary>
    /// Without step tracking (which Roslyn makes superlinear: at 1,000 specs a tracked run takes minutes): how many of
    /// the warm run's generated sources an unrelated C# edit hands back as the very same text objects, i.e. cached and
    /// not emitted again, out of how many.
    /// </summary>
    public (int Reused, int Total) UnrelatedEditSourcesReused() => SourcesReused(RunAfterUnrelatedEdit);

    /// <summary>The same count after editing one spec's title (its files and the client are emitted again).</summary>
    public (int Reused, int Total) SpecEditSourcesReused() => SourcesReused(RunAfterSpecEdit);

    private (int Reused, int Total) SourcesReused(Func<GeneratorDriver, GeneratorDriver> edit)
    {
        var warm = Warm();
        var before = warm.GetRunResult().Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText);
        var after = edit(warm).GetRunResult().Results.Single().GeneratedSources;
        var reused = after.Count(s => before.TryGetValue(s.HintName, out var text) && ReferenceEquals(text, s.SourceText));
        return (reused, after.Length);
    }

    /// <summary>
    /// Counts the outputs of the generator's own named steps and of its output steps. Roslyn's input nodes (the
    /// Compilation itself, for one) are left out: an edit changes them by definition.
    /// </summary>
    private static (int Reused, int Redone) Count(GeneratorDriver driver)
    {
        var ours = typeof(WxContractsGenerator.Steps).GetFields().Select(f => (string)f.GetValue(null)!).ToHashSet();
        var result = driver.GetRunResult().Results.Single();
        var reasons = result.TrackedSteps.Where(pair => ours.Contains(pair.Key)).Select(pair => pair.Value)
            .Concat(result.TrackedOutputSteps.Values)
            .SelectMany(steps => steps)
            .SelectMany(step => step.Outputs)
            .Select(output => output.Reason)
            .ToList();
        var reused = reasons.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
        return (reused, reasons.Count - reused);
    }

    private static void Check(ImmutableArray<Diagnostic> diagnostics, string who)
    {
        var bad = diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        if (bad.Count > 0)
        {
            throw new InvalidOperationException($"{who} reported {bad.Count} diagnostics, first: {bad[0]}");
        }
    }

    private static CSharpCompilation Compile(string name, params SyntaxTree[] trees) =>
        CSharpCompilation.Create(name, trees, s_references.Value, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    private static MetadataReference[] LoadReferences()
    {
        var tpa = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return tpa.Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
            .Append(typeof(WxResponse).Assembly.Location)
            .Distinct()
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray();
    }

    /// <summary>
    /// System.Text.Json's source generator as the SDK ships it: the targeting pack of the running runtime's version
    /// (or the newest 10.x one), analyzers/dotnet/cs. WXC_STJ_GENERATOR overrides the path.
    /// </summary>
    public static string StjGeneratorPath()
    {
        if (Environment.GetEnvironmentVariable("WXC_STJ_GENERATOR") is { Length: > 0 } overridden)
        {
            return overridden;
        }

        // <dotnet>/shared/Microsoft.NETCore.App/<version>/System.Private.CoreLib.dll → <dotnet>/packs/Microsoft.NETCore.App.Ref
        var runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDir, "..", "..", ".."));
        var packs = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
        var version = Environment.Version;
        var candidates = Directory.Exists(packs) ? Directory.GetDirectories(packs) : Array.Empty<string>();
        var chosen = candidates.FirstOrDefault(d => Path.GetFileName(d) == $"{version.Major}.{version.Minor}.{version.Build}")
            ?? candidates.Where(d => Path.GetFileName(d).StartsWith($"{version.Major}.", StringComparison.Ordinal))
                .OrderByDescending(d => Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : new Version())
                .FirstOrDefault()
            ?? throw new FileNotFoundException($"No Microsoft.NETCore.App.Ref {version.Major}.x pack under {packs}; set WXC_STJ_GENERATOR.");
        return Path.Combine(chosen, "analyzers", "dotnet", "cs", "System.Text.Json.SourceGeneration.dll");
    }

    private static ISourceGenerator LoadStjGenerator()
    {
        var reference = new AnalyzerFileReference(StjGeneratorPath(), new LoadFromLoader());
        var errors = new List<string>();
        reference.AnalyzerLoadFailed += (_, e) => errors.Add(e.Message);
        var generators = reference.GetGenerators(LanguageNames.CSharp);
        return generators.SingleOrDefault(g => g.GetGeneratorType().Name == "JsonSourceGenerator")
            ?? throw new InvalidOperationException($"System.Text.Json's generator did not load from {reference.FullPath}: {string.Join("; ", errors)}");
    }

    private sealed class LoadFromLoader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
    }

    private sealed class MemoryText : AdditionalText
    {
        private readonly SourceText _text;

        public MemoryText(string path, string text)
        {
            Path = path;
            _text = SourceText.From(text, Encoding.UTF8);
        }

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    /// <summary>Marks every additional file as a spec, as the packaged .props does for specs/**/*.yaml.</summary>
    private sealed class SpecOptions : AnalyzerConfigOptionsProvider
    {
        public static readonly SpecOptions Instance = new();

        private static readonly Options s_none = new(ImmutableDictionary<string, string>.Empty);
        private static readonly Options s_spec = new(ImmutableDictionary<string, string>.Empty.Add(WxContractsGenerator.SpecMetadata, "true"));

        public override AnalyzerConfigOptions GlobalOptions => s_none;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => s_none;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => s_spec;

        private sealed class Options : AnalyzerConfigOptions
        {
            private readonly ImmutableDictionary<string, string> _values;

            public Options(ImmutableDictionary<string, string> values) => _values = values;

            public override bool TryGetValue(string key, out string value) => _values.TryGetValue(key, out value!);
        }
    }
}

/// <summary>Tracked step outputs reused (Cached/Unchanged) and redone, after an unrelated C# edit and after a spec edit.</summary>
public sealed record IncrementalReport(int UnrelatedReused, int UnrelatedRedone, int SpecEditReused, int SpecEditRedone);
