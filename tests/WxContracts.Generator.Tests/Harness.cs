using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace WxContracts.Generator.Tests;

/// <summary>An additional file held in memory.</summary>
internal sealed class InMemoryText : AdditionalText
{
    private readonly SourceText _text;

    public InMemoryText(string path, string text)
    {
        Path = path;
        _text = SourceText.From(text, Encoding.UTF8);
    }

    public override string Path { get; }

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

internal sealed class TestOptions : AnalyzerConfigOptions
{
    private readonly ImmutableDictionary<string, string> _values;

    public TestOptions(ImmutableDictionary<string, string> values) => _values = values;

    public override bool TryGetValue(string key, out string value) => _values.TryGetValue(key, out value!);
}

internal sealed class TestOptionsProvider : AnalyzerConfigOptionsProvider
{
    private static readonly TestOptions s_empty = new(ImmutableDictionary<string, string>.Empty);
    private static readonly TestOptions s_spec = new(ImmutableDictionary<string, string>.Empty.Add(WxContractsGenerator.SpecMetadata, "true"));

    public TestOptionsProvider(ImmutableDictionary<string, string> global) => GlobalOptions = new TestOptions(global);

    public override AnalyzerConfigOptions GlobalOptions { get; }

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => s_empty;

    /// <summary>Marks every additional file as a spec, as the packaged .props does for specs/**/*.yaml,
    /// except files whose name starts with "unmarked".</summary>
    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
        System.IO.Path.GetFileName(textFile.Path).StartsWith("unmarked", System.StringComparison.Ordinal) ? s_empty : s_spec;
}

/// <summary>Runs the generator with CSharpGeneratorDriver over in-memory specs and compiles the result.</summary>
internal static class Harness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    private static readonly Lazy<MetadataReference[]> s_references = new(() =>
    {
        var tpa = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var paths = tpa.Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal)
                                   || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
            .Append(typeof(WxContracts.WxResponse).Assembly.Location)
            .Distinct();
        return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray();
    });

    public static string SpecsDirectory => Path.Combine(AppContext.BaseDirectory, "specs");

    public static string FixturesDirectory => Path.Combine(AppContext.BaseDirectory, "fixtures");

    /// <summary>The endpoint specs of the repository (not the global table, which the runtime library ships).</summary>
    /// <summary>The seed specs (the first 14 endpoints, transcribed and reviewed by hand, and one spec per newer
    /// shape): the snapshot tests pin their generated code. New specs are covered by the compile, round-trip and mock tests over all specs.</summary>
    public static readonly string[] SeedFiles =
    {
        "autoreply/getcurrentautoreplyinfo.yaml", "comment/closecomment.yaml", "comment/deletecomment.yaml",
        "comment/deletereplycomment.yaml", "comment/listcomment.yaml", "comment/markelectcomment.yaml",
        "comment/opencomment.yaml", "comment/replycomment.yaml", "comment/unmarkelectcomment.yaml",
        "media/uploadtempmedia.yaml", "menu/createcustommenu.yaml", "token/getaccesstoken.yaml",
        "token/getstableaccesstoken.yaml", "user/getfans.yaml",

        // One spec per shape beyond plain tables: a body chosen by a discriminator, a map keyed by data.
        "message/sendcustommessage.yaml", "template/sendtemplatemessage.yaml",

        // Shared types (types + ref) and lists of lists, from the client tests' probe specs.
        "../probe-specs/probesharedshapes.yaml",
    };

    /// <summary>The push seeds (kind: push): a message, an event with a stripped prefix, an event with nested lists,
    /// a repeated element, and a reply. Their generated code is pinned by PushGenerationTests.</summary>
    public static readonly string[] PushSeedFiles =
    {
        "push/textmessage.yaml", "push/subscribeevent.yaml", "push/masssendjobfinishevent.yaml",
        "push/subscribemsgpopupevent.yaml", "push/newsreply.yaml",
    };

    public static List<InMemoryText> PushSeedSpecs() =>
        PushSeedFiles.Select(f => Path.Combine(SpecsDirectory, f.Replace('/', Path.DirectorySeparatorChar)))
            .Select(p => new InMemoryText(p, File.ReadAllText(p)))
            .ToList();

    public static List<InMemoryText> SeedSpecs() =>
        SeedFiles.Select(f => Path.Combine(SpecsDirectory, f.Replace('/', Path.DirectorySeparatorChar)))
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => new InMemoryText(p, File.ReadAllText(p)))
            .ToList();

    /// <summary>Every endpoint spec of the repository (not the global table or the push specs, which the runtime
    /// library ships).</summary>
    public static List<InMemoryText> AllSpecs() =>
        Directory.EnumerateFiles(SpecsDirectory, "*.yaml", SearchOption.AllDirectories)
            .Where(p => !p.Contains(Path.DirectorySeparatorChar + "global" + Path.DirectorySeparatorChar)
                && !p.Contains(Path.DirectorySeparatorChar + "push" + Path.DirectorySeparatorChar))
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => new InMemoryText(p, File.ReadAllText(p)))
            .ToList();

    public static InMemoryText SeedSpec(string fileName) => SeedSpecs().Single(s => Path.GetFileName(s.Path) == fileName);

    public static CSharpCompilation Compilation(params string[] sources) =>
        CSharpCompilation.Create(
            "Consumer",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
            s_references.Value,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                generalDiagnosticOption: ReportDiagnostic.Error));

    public static GeneratorDriver Driver(IEnumerable<AdditionalText> specs, string? ns = null)
    {
        var options = ImmutableDictionary<string, string>.Empty;
        if (ns is not null)
        {
            options = options.Add("build_property.WxContractsNamespace", ns);
        }

        return CSharpGeneratorDriver.Create(
            new[] { new WxContractsGenerator().AsSourceGenerator() },
            specs,
            ParseOptions,
            new TestOptionsProvider(options),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
    }

    public static GeneratorRunResult Run(IEnumerable<AdditionalText> specs, out Compilation output, string? ns = null)
    {
        var driver = Driver(specs, ns).RunGeneratorsAndUpdateCompilation(Compilation(), out output, out _);
        return driver.GetRunResult().Results.Single();
    }

    public static GeneratorRunResult Run(params AdditionalText[] specs) => Run(specs, out _);

    public static GeneratorRunResult RunYaml(string yaml, string fileName = "test.yaml") =>
        Run(new InMemoryText("/specs/" + fileName, yaml));
}
