using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using WxContracts.Generator;
using Xunit;

namespace WxContracts.Cli.Tests;

/// <summary>
/// Runs the real generator over an imported spec, compiles its output against the runtime library, loads the
/// assembly and sends the spec's examples through the generated types (deserialize, serialize, compare).
/// </summary>
internal static class GeneratedTypes
{
    private static readonly CSharpParseOptions s_parse = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    private static readonly Lazy<MetadataReference[]> s_references = new(() =>
    {
        var tpa = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return tpa.Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
            .Append(typeof(WxResponse).Assembly.Location)
            .Distinct()
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray();
    });

    /// <summary>Generates and compiles; fails the test on any generator diagnostic or compiler warning.</summary>
    public static Assembly Build(string yaml, string fileName = "imported.yaml")
    {
        var compilation = CSharpCompilation.Create(
            "Imported" + Guid.NewGuid().ToString("N"),
            Array.Empty<SyntaxTree>(),
            s_references.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var driver = CSharpGeneratorDriver.Create(
            new[] { new WxContractsGenerator().AsSourceGenerator() },
            new[] { new InMemoryText("/specs/" + fileName, yaml) },
            s_parse,
            new SpecOptions());
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));

        using var stream = new MemoryStream();
        var emitted = output.Emit(stream);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        stream.Position = 0;
        return new AssemblyLoadContext("imported", isCollectible: true).LoadFromStream(stream);
    }

    /// <summary>Deserializes the example into the generated type, checks every property landed in a typed member,
    /// serializes it and asserts the JSON is equivalent. Returns the deserialized object.</summary>
    public static object RoundTrip(Assembly assembly, string typeName, string json)
    {
        var type = assembly.GetType("WxContracts.Api." + typeName);
        Assert.True(type is not null, $"no generated type {typeName}");
        var context = assembly.GetType("WxContracts.Api.WxApiJsonContext")!;
        var jsonContext = (JsonSerializerContext)context.GetProperty("Default")!.GetValue(null)!;
        var info = jsonContext.GetTypeInfo(type!)!;
        var value = JsonSerializer.Deserialize(json, info);
        Assert.NotNull(value);
        AssertNoUnknownProperties(value!, typeName);
        var written = JsonSerializer.Serialize(value, info);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(written)), $"{typeName}:\nexample\n{json}\nwritten\n{written}");
        return value!;
    }

    /// <summary>Nothing went only into AdditionalProperties: every property of the example has a typed member.</summary>
    private static void AssertNoUnknownProperties(object value, string where)
    {
        if (value is IEnumerable list and not string)
        {
            foreach (var item in list)
            {
                if (item is not null)
                {
                    AssertNoUnknownProperties(item, where);
                }
            }

            return;
        }

        var type = value.GetType();
        if (type.Namespace != "WxContracts.Api" || !type.IsClass)
        {
            return;
        }

        foreach (var property in type.GetProperties())
        {
            var v = property.GetValue(value);
            if (property.Name == "AdditionalProperties")
            {
                var extra = (IDictionary<string, JsonElement>?)v;
                Assert.True(extra is null || extra.Count == 0, $"{where}: {type.Name} got unlisted properties {string.Join(", ", extra?.Keys ?? Array.Empty<string>())}");
            }
            else if (v is not null)
            {
                AssertNoUnknownProperties(v, where);
            }
        }
    }

    private sealed class InMemoryText : AdditionalText
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

    /// <summary>Marks every additional file as a spec, as the packaged .props does for specs/**/*.yaml.</summary>
    private sealed class SpecOptions : AnalyzerConfigOptionsProvider
    {
        private static readonly Options s_spec = new(ImmutableDictionary<string, string>.Empty.Add(WxContractsGenerator.SpecMetadata, "true"));
        private static readonly Options s_empty = new(ImmutableDictionary<string, string>.Empty);

        public override AnalyzerConfigOptions GlobalOptions => s_empty;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => s_empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => s_spec;

        private sealed class Options : AnalyzerConfigOptions
        {
            private readonly ImmutableDictionary<string, string> _values;

            public Options(ImmutableDictionary<string, string> values) => _values = values;

            public override bool TryGetValue(string key, out string value) => _values.TryGetValue(key, out value!);
        }
    }
}
