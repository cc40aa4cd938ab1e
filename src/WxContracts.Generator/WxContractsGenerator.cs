using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using WxContracts.Generator.Checks;
using WxContracts.Generator.Emit;
using WxContracts.Generator.Model;
using WxContracts.Generator.Parsing;

namespace WxContracts.Generator;

/// <summary>
/// Turns every <c>*.yaml</c> spec among the AdditionalFiles into DTOs, enums, error-code enums, JSON converters,
/// a JSON context and a grouped client. Pipeline: parse each file to an equatable model → check across specs →
/// one emitter per artefact. Nothing in a pipeline model holds a Compilation, symbol or syntax node.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class WxContractsGenerator : IIncrementalGenerator
{
    /// <summary>Default namespace of the generated code (MSBuild property <c>WxContractsNamespace</c> overrides it).</summary>
    public const string DefaultNamespace = "WxContracts.Api";

    /// <summary>Tracking names of the pipeline steps, used by the incrementality tests.</summary>
    public static class Steps
    {
        public const string Parse = "WxParse";
        public const string Endpoints = "WxEndpoints";
        public const string Generated = "WxGenerated";
        public const string ContextEntries = "WxContextEntries";
        public const string ClientEntries = "WxClientEntries";
        public const string Conflicts = "WxConflicts";
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var ns = context.AnalyzerConfigOptionsProvider.Select(static (options, _) =>
        {
            options.GlobalOptions.TryGetValue("build_property.WxContractsNamespace", out var value);
            return string.IsNullOrWhiteSpace(value) ? DefaultNamespace : value!.Trim();
        });

        var files = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Where(static pair => IsSpec(pair.Left, pair.Right))
            .Select(static (pair, ct) =>
            {
                var file = pair.Left;
                var text = file.GetText(ct);
                return text is null
                    ? new SpecFile(file.Path, null, null, new[] { new SpecDiagnostic(DiagnosticCatalog.EmptySpec, "Spec file could not be read", SpecLocation.FileStart(file.Path)) }.ToEquatableArray())
                    : SpecParser.Parse(file.Path, text.ToString());
            })
            .WithTrackingName(Steps.Parse);

        // Per-file diagnostics.
        context.RegisterSourceOutput(files.Select(static (f, _) => f.Diagnostics), static (spc, diagnostics) =>
        {
            foreach (var d in diagnostics)
            {
                spc.ReportDiagnostic(ToDiagnostic(d));
            }
        });

        var endpoints = files
            .Where(static f => f.Endpoint is not null)
            .Select(static (f, _) => f.Endpoint!)
            .WithTrackingName(Steps.Endpoints);

        // Cross-spec checks: the same C# name defined by two specs. Both are skipped, with a diagnostic each.
        var conflicts = endpoints
            .Select(static (spec, _) => NameClaim.From(spec))
            .Collect()
            .Select(static (claims, _) => Conflicts.Find(claims))
            .WithTrackingName(Steps.Conflicts);

        context.RegisterSourceOutput(conflicts, static (spc, result) =>
        {
            foreach (var d in result.Diagnostics)
            {
                spc.ReportDiagnostic(ToDiagnostic(d));
            }
        });

        var generated = endpoints
            .Combine(conflicts.Select(static (c, _) => c.Excluded))
            .Where(static pair => !pair.Right.Contains(pair.Left.Name))
            .Select(static (pair, _) => pair.Left)
            .Combine(ns)
            .WithTrackingName(Steps.Generated);

        context.RegisterSourceOutput(generated, static (spc, pair) =>
        {
            var (spec, ns) = pair;
            Add(spc, spec.Name + ".Models.g.cs", () => ModelEmitter.Emit(spec, ns));
            if (spec.Enums.Count > 0)
            {
                Add(spc, spec.Name + ".Enums.g.cs", () => EnumEmitter.Emit(spec, ns));
            }

            Add(spc, spec.Name + ".Errors.g.cs", () => ErrorEnumEmitter.EmitEndpoint(spec, ns));
            Add(spc, spec.Name + ".Json.g.cs", () => JsonConverterEmitter.Emit(spec, ns));
        });

        var clientEntries = generated
            .Select(static (pair, _) => (Entry: ClientEntry.From(pair.Left), Ns: pair.Right))
            .WithTrackingName(Steps.ClientEntries);

        context.RegisterSourceOutput(clientEntries, static (spc, pair) =>
            Add(spc, pair.Entry.Name + ".Endpoint.g.cs", () => ClientEmitter.EmitEndpoint(pair.Entry, pair.Ns)));

        var contextEntries = generated
            .Select(static (pair, _) => (Name: pair.Left.Name, Entries: ContextEmitter.Entries(pair.Left, pair.Right)))
            .WithTrackingName(Steps.ContextEntries);

        context.RegisterSourceOutput(contextEntries.Collect().Combine(ns), static (spc, pair) =>
        {
            if (pair.Left.Length == 0)
            {
                return;
            }

            var ordered = pair.Left.OrderBy(x => x.Name, StringComparer.Ordinal).Select(x => x.Entries);
            Add(spc, Types.ContextName + ".g.cs", () => ContextEmitter.Emit(ContextEmitter.Merge(ordered), pair.Right));
        });

        context.RegisterSourceOutput(clientEntries.Select(static (p, _) => p.Entry).Collect().Combine(ns), static (spc, pair) =>
        {
            if (pair.Left.Length == 0)
            {
                return;
            }

            var ordered = pair.Left.OrderBy(x => x.Name, StringComparer.Ordinal).ToList();
            Add(spc, Types.ClientName + ".g.cs", () => ClientEmitter.EmitClient(ordered, pair.Right));
        });

        // The global error table becomes WxContracts.WxGlobalError, once: in the runtime library, which ships it,
        // and in any compilation that does not reference the runtime.
        var hasGlobalEnum = context.CompilationProvider.Select(static (c, _) => c.GetTypeByMetadataName("WxContracts.WxGlobalError") is not null);
        var globals = files
            .Where(static f => f.GlobalErrors is not null)
            .Select(static (f, _) => f.GlobalErrors!)
            .Collect()
            .Combine(hasGlobalEnum);
        context.RegisterSourceOutput(globals, static (spc, pair) =>
        {
            if (pair.Right || pair.Left.Length == 0)
            {
                return;
            }

            foreach (var d in Conflicts.FindGlobalTables(pair.Left))
            {
                spc.ReportDiagnostic(ToDiagnostic(d));
            }

            var table = pair.Left.OrderBy(g => g.FilePath, StringComparer.Ordinal).First();
            Add(spc, "WxGlobalError.g.cs", () => ErrorEnumEmitter.EmitGlobal(table));
        });
    }

    /// <summary>MSBuild item metadata that marks an AdditionalFile as a spec (set by the packaged .props).</summary>
    public const string SpecMetadata = "build_metadata.AdditionalFiles.WxContractsSpec";

    /// <summary>A spec is a .yaml/.yml AdditionalFile marked <c>WxContractsSpec="true"</c>: other YAML files that a
    /// project gives to other tools are left alone.</summary>
    internal static bool IsSpec(AdditionalText file, AnalyzerConfigOptionsProvider options) =>
        (file.Path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || file.Path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
        && options.GetOptions(file).TryGetValue(SpecMetadata, out var marked)
        && string.Equals(marked, "true", StringComparison.OrdinalIgnoreCase);

    private static void Add(SourceProductionContext spc, string hintName, Func<string> emit)
    {
        string source;
        try
        {
            source = emit();
        }
        catch (Exception ex)
        {
            // Emitters work on checked models and should not fail; if one does, say so instead of crashing the build.
            spc.ReportDiagnostic(ToDiagnostic(new SpecDiagnostic(
                DiagnosticCatalog.InternalError,
                $"Internal error while generating {hintName} ({ex.GetType().Name}: {ex.Message}); please report it",
                SpecLocation.FileStart(hintName))));
            return;
        }

        spc.AddSource(hintName, SourceText.From(source, Encoding.UTF8));
    }

    private static readonly Dictionary<string, DiagnosticDescriptor> s_descriptors = DiagnosticCatalog.All.ToDictionary(
        k => k.Id,
        k => new DiagnosticDescriptor(
            k.Id,
            k.Title,
            "{0}",
            "WxContracts.Specs",
            k.IsError ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            helpLinkUri: "https://github.com/wxcontracts/wxcontracts/blob/main/docs/diagnostics.md#" + k.Id.ToLowerInvariant()));

    internal static Diagnostic ToDiagnostic(SpecDiagnostic d)
    {
        var l = d.Location;
        var location = Location.Create(
            l.FilePath,
            new TextSpan(l.Start, l.Length),
            new LinePositionSpan(new LinePosition(l.Line, l.Column), new LinePosition(l.EndLine, l.EndColumn)));
        return Diagnostic.Create(s_descriptors[d.Id], location, d.Message);
    }
}
