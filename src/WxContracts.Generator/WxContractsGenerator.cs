using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using WxContracts.Generator.Emit;
using WxContracts.Specs.Binding;
using WxContracts.Specs.Checks;
using WxContracts.Specs.Model;
using WxContracts.Specs.Parsing;

namespace WxContracts.Generator;

/// <summary>
/// Turns every spec among the AdditionalFiles into DTOs, enums, error-code enums, JSON converters, a JSON context and a
/// grouped client. Pipeline: parse each file (WxContracts.Specs) → check across specs → bind (every C# name computed
/// once) → one Scriban template per artefact. Positions travel only with diagnostics, and nothing in a pipeline model
/// holds a Compilation, symbol or syntax node.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class WxContractsGenerator : IIncrementalGenerator
{
    /// <summary>Default namespace of the generated code (MSBuild property <c>WxContractsNamespace</c> overrides it).</summary>
    public const string DefaultNamespace = SpecNames.DefaultNamespace;

    /// <summary>MSBuild item metadata that marks an AdditionalFile as a spec (set by the packaged .props).</summary>
    public const string SpecMetadata = "build_metadata.AdditionalFiles.WxContractsSpec";

    /// <summary>Tracking names of the pipeline steps, used by the incrementality tests.</summary>
    public static class Steps
    {
        /// <summary>One file parsed: model, locations and diagnostics.</summary>
        public const string Parse = "WxParse";

        /// <summary>The parsed files that take part: shipped specs filtered by group and replacement (<see cref="SpecSelection"/>).</summary>
        public const string Select = "WxSelect";

        /// <summary>The selection's diagnostics: replaced shipped specs, unknown group names.</summary>
        public const string SelectionDiagnostics = "WxSelectionDiagnostics";

        /// <summary>The endpoint models, without positions.</summary>
        public const string Endpoints = "WxEndpoints";

        /// <summary>The cross-spec check over all claims.</summary>
        public const string Conflicts = "WxConflicts";

        /// <summary>The bound endpoints that get generated.</summary>
        public const string Bound = "WxBound";

        /// <summary>The context entries of all specs.</summary>
        public const string ContextEntries = "WxContextEntries";

        /// <summary>The client's groups.</summary>
        public const string Groups = "WxGroups";
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var ns = context.AnalyzerConfigOptionsProvider.Select(static (options, _) =>
        {
            options.GlobalOptions.TryGetValue("build_property.WxContractsNamespace", out var value);
            return string.IsNullOrWhiteSpace(value) ? DefaultNamespace : value!.Trim();
        });

        var parsed = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Where(static pair => IsSpec(pair.Left, pair.Right))
            .Select(static (pair, ct) => new SpecCandidate(Parse(pair.Left, ct), SpecSelection.IsShipped(pair.Left, pair.Right)))
            .WithTrackingName(Steps.Parse);

        // Selection: shipped specs of the groups in WxContractsInclude, minus those the project's own specs replace.
        // Everything below sees only the files that take part.
        var files = SpecSelection.Apply(context, parsed);

        // Only files with something to report reach an output step (each output entry costs Roslyn a context).
        context.RegisterSourceOutput(
            files.Select(static (f, _) => f.Diagnostics).Where(static d => d.Count > 0),
            static (spc, diagnostics) => Report(spc, diagnostics));

        var endpoints = files
            .Where(static f => f.Endpoint is not null)
            .Select(static (f, _) => f.Endpoint!)
            .WithTrackingName(Steps.Endpoints);

        // Every endpoint is bound once (every C# name computed in WxContracts.Specs' Binder); the cross-spec check and
        // the outputs below read the names from here.
        var boundAll = endpoints
            .Combine(ns)
            .Select(static (pair, _) => Binder.Bind(pair.Left, pair.Right))
            .WithTrackingName(Steps.Bound);

        // Cross-spec checks: the same C# name defined by two specs. Both are skipped, with a diagnostic each. The names
        // come from the bound specs, the positions from the parsed files; what the generated code depends on is only
        // the set of excluded spec names.
        var claimedNames = boundAll.Select(static (b, _) => ClaimedNames.Of(b)).Collect();
        var places = files
            .Where(static f => f.Endpoint is not null)
            .Select(static (f, _) => new ClaimPlace(f.FilePath, f.Locations))
            .Collect();
        var conflicts = claimedNames
            .Combine(places)
            .Select(static (pair, _) => Conflicts.Find(Claims(pair.Left, pair.Right)))
            .WithTrackingName(Steps.Conflicts);
        context.RegisterSourceOutput(conflicts.Select(static (c, _) => c.Diagnostics), static (spc, diagnostics) => Report(spc, diagnostics));

        var bound = boundAll
            .Combine(conflicts.Select(static (c, _) => c.Excluded))
            .Where(static pair => !pair.Right.Contains(pair.Left.Name))
            .Select(static (pair, _) => pair.Left);

        // One file per spec, so that editing a spec re-emits that file alone (and Roslyn, which checks every hint name
        // against all the others on each run, has one name per spec to check instead of five).
        context.RegisterSourceOutput(bound, static (spc, spec) => Add(spc, spec.File, () => Templates.RenderFile(spec.Namespace, Parts(spec))));

        var contextEntries = bound
            .Select(static (spec, _) => (spec.Name, spec.ContextEntries))
            .WithTrackingName(Steps.ContextEntries);
        context.RegisterSourceOutput(contextEntries.Collect().Combine(ns), static (spc, pair) =>
        {
            if (pair.Left.Length > 0)
            {
                var entries = pair.Left.OrderBy(x => x.Name, StringComparer.Ordinal).SelectMany(x => x.ContextEntries).ToList();
                Add(spc, SpecNames.SharedFile(SpecNames.ContextClass), () => Templates.Render("Context", new SharedModel(pair.Right, entries, Array.Empty<BoundGroup>())));
            }
        });

        // The client shell depends only on the group names, so editing a spec does not re-emit it.
        var groups = bound
            .Select(static (spec, _) => spec.Spec.Group)
            .Collect()
            .Select(static (all, _) => Binder.Groups(all))
            .WithTrackingName(Steps.Groups);
        context.RegisterSourceOutput(groups.Combine(ns), static (spc, pair) =>
        {
            if (pair.Left.Count > 0)
            {
                Add(spc, SpecNames.SharedFile(SpecNames.ClientClass), () => Templates.Render("Client", new SharedModel(pair.Right, Array.Empty<BoundContextEntry>(), pair.Left)));
            }
        });

        // The global error table becomes WxContracts.WxGlobalError, once: in the runtime library, which ships it,
        // and in any compilation that does not reference the runtime.
        var hasGlobalEnum = context.CompilationProvider.Select(static (c, _) => c.GetTypeByMetadataName("WxContracts." + SpecNames.GlobalErrorEnum) is not null);
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

            Report(spc, Conflicts.FindGlobalTables(pair.Left));
            var table = Binder.BindGlobalErrors(pair.Left.OrderBy(g => g.FilePath, StringComparer.Ordinal).First());
            var model = ErrorsModel.ForGlobal(table);
            Add(spc, SpecNames.SharedFile(SpecNames.GlobalErrorEnum), () => Templates.RenderFile(model.Namespace, ("Errors", model)));
        });

        // Push specs (kind: push) take a separate step: they never touch the endpoint outputs above.
        PushGeneration.Register(context, files);
    }

    /// <summary>Each spec's claimed names placed where its file writes them.</summary>
    private static ImmutableArray<NameClaim> Claims(ImmutableArray<ClaimedNames> names, ImmutableArray<ClaimPlace> places)
    {
        var at = new Dictionary<string, SpecLocations?>(StringComparer.Ordinal);
        foreach (var place in places)
        {
            at[place.FilePath] = place.Locations;
        }

        var claims = ImmutableArray.CreateBuilder<NameClaim>(names.Length);
        foreach (var n in names)
        {
            claims.Add(n.At(at.TryGetValue(n.FilePath, out var locations) ? locations : null));
        }

        return claims.MoveToImmutable();
    }

    /// <summary>Where a spec file writes its name and operation, for the cross-spec diagnostics.</summary>
    private sealed record ClaimPlace(string FilePath, SpecLocations? Locations);

    /// <summary>The templates of an endpoint spec's file, in order, each with its model.</summary>
    private static (string Template, object Model)[] Parts(BoundSpec spec) => spec.Enums.Count > 0
        ? new (string, object)[] { ("Models", spec), ("Enums", spec), ("Errors", ErrorsModel.ForEndpoint(spec)), ("Json", spec), ("Endpoint", spec) }
        : new (string, object)[] { ("Models", spec), ("Errors", ErrorsModel.ForEndpoint(spec)), ("Json", spec), ("Endpoint", spec) };

    /// <summary>A spec is a .yaml/.yml AdditionalFile marked <c>WxContractsSpec="true"</c>: other YAML files that a
    /// project gives to other tools are left alone.</summary>
    internal static bool IsSpec(AdditionalText file, AnalyzerConfigOptionsProvider options) =>
        (file.Path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || file.Path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
        && options.GetOptions(file).TryGetValue(SpecMetadata, out var marked)
        && string.Equals(marked, "true", StringComparison.OrdinalIgnoreCase);

    private static SpecFile Parse(AdditionalText file, System.Threading.CancellationToken ct)
    {
        var text = file.GetText(ct);
        if (text is null)
        {
            var unreadable = new SpecDiagnostic(DiagnosticCatalog.UnreadableSpec, "The spec file could not be read", SpecLocation.FileStart(file.Path));
            return new SpecFile(file.Path, null, null, new[] { unreadable }.ToEquatableArray());
        }

        return SpecParser.Parse(file.Path, text.ToString()).ForGeneration();
    }

    private static void Report(SourceProductionContext spc, IEnumerable<SpecDiagnostic> diagnostics)
    {
        foreach (var d in diagnostics)
        {
            spc.ReportDiagnostic(ToDiagnostic(d));
        }
    }

    internal static void Add(SourceProductionContext spc, string hintName, Func<string> emit)
    {
        string source;
        try
        {
            source = emit();
        }
        catch (Exception ex)
        {
            // Templates render checked, bound models and should not fail; if one does, say so instead of crashing the build.
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
            k.IsError ? DiagnosticSeverity.Error : DiagnosticCatalog.IsInfo(k.Id) ? DiagnosticSeverity.Info : DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            helpLinkUri: "https://github.com/wxcontracts/wxcontracts/blob/main/docs/diagnostics.md#" + k.Id.ToLowerInvariant()));

    internal static DiagnosticDescriptor Descriptor(string id) => s_descriptors[id];

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
