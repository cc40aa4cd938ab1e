using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using WxContracts.Specs.Model;

namespace WxContracts.Generator;

/// <summary>One parsed spec file and whether it came with the generator package (item metadata
/// <c>WxContractsShipped="true"</c>) or is the project's own.</summary>
internal sealed record SpecCandidate(SpecFile File, bool Shipped);

/// <summary>The groups named by the MSBuild property <c>WxContractsInclude</c> (<c>Menu;Message;User</c>); empty means
/// every group. Kept in the order written, without duplicates.</summary>
internal sealed record IncludeSetting(EquatableArray<string> Groups)
{
    public bool All => Groups.Count == 0;

    public bool Selects(string group) => All || Groups.Any(g => string.Equals(g, group, StringComparison.OrdinalIgnoreCase));

    public static IncludeSetting Read(AnalyzerConfigOptions options)
    {
        options.TryGetValue(SpecSelection.IncludeProperty, out var value);
        var groups = (value ?? string.Empty)
            .Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries)
            .Select(g => g.Trim())
            .Where(g => g.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase);
        return new IncludeSetting(groups.ToEquatableArray());
    }
}

/// <summary>What the project's own specs take over from the shipped ones: the interface names they define (lower
/// case, sorted) and whether they bring their own global error table.</summary>
internal sealed record OwnOverrides(EquatableArray<string> Interfaces, bool GlobalErrors);

/// <summary>What the selection diagnostics need of one endpoint spec. Only own specs carry a position (where their
/// replacement is reported), so moving text in a shipped spec changes nothing here.</summary>
internal sealed record SelectionClaim(bool Shipped, string Interface, string Name, string Group, SpecLocation? Location);

/// <summary>
/// The filter between parsing and everything else: which parsed specs take part in the build.
/// <list type="bullet">
/// <item>Own specs (from <c>WxContractsSpecsDir</c> or added by hand) always do.</item>
/// <item>A shipped endpoint spec does when its <c>group</c> is among <c>WxContractsInclude</c> (case-insensitive;
/// unset: all groups) and no own spec has the same <c>interface</c> (case-insensitive): the own spec replaces it,
/// and WXC020 (info) says so.</item>
/// <item>The shipped global error table does unless an own spec brings one; a shipped file that did not parse into an
/// endpoint stays, so its diagnostics are seen.</item>
/// </list>
/// Names in <c>WxContractsInclude</c> that no spec uses as a group are reported once (WXC021, warning), listing the
/// known groups; only when shipped specs are present, since without them the property selects nothing.
/// The filter compares small equatable values (group names, interface names), so an edit that changes neither
/// leaves every downstream step cached.
/// </summary>
internal static class SpecSelection
{
    /// <summary>MSBuild item metadata that marks an AdditionalFile as a spec shipped in the generator package.</summary>
    public const string ShippedMetadata = "build_metadata.AdditionalFiles.WxContractsShipped";

    /// <summary>The MSBuild property <c>WxContractsInclude</c> that chooses the shipped groups, as the .props hands it
    /// to the compiler: with commas for semicolons, which would start a comment in the generated .editorconfig.</summary>
    public const string IncludeProperty = "build_property.WxContractsIncludeList";

    public static bool IsShipped(AdditionalText file, AnalyzerConfigOptionsProvider options) =>
        options.GetOptions(file).TryGetValue(ShippedMetadata, out var value)
        && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Filters <paramref name="parsed"/> and registers the selection's diagnostics; returns the files that
    /// take part, as the pipeline had them before selection existed.</summary>
    public static IncrementalValuesProvider<SpecFile> Apply(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<SpecCandidate> parsed)
    {
        var include = context.AnalyzerConfigOptionsProvider.Select(static (options, _) => IncludeSetting.Read(options.GlobalOptions));

        var ownInterfaces = parsed
            .Where(static c => !c.Shipped && c.File.Endpoint is not null)
            .Select(static (c, _) => c.File.Endpoint!.Interface.ToLowerInvariant())
            .Collect();
        var ownGlobal = parsed
            .Where(static c => !c.Shipped && c.File.GlobalErrors is not null)
            .Select(static (c, _) => true)
            .Collect();
        var overrides = ownInterfaces.Combine(ownGlobal).Select(static (pair, _) => new OwnOverrides(
            pair.Left.Distinct(StringComparer.Ordinal).OrderBy(i => i, StringComparer.Ordinal).ToEquatableArray(),
            pair.Right.Length > 0));

        var files = parsed
            .Combine(include.Combine(overrides))
            .Where(static pair => Takes(pair.Left, pair.Right.Left, pair.Right.Right))
            .Select(static (pair, _) => pair.Left.File)
            .WithTrackingName(WxContractsGenerator.Steps.Select);

        var claims = parsed
            .Where(static c => c.File.Endpoint is not null)
            .Select(static (c, _) => new SelectionClaim(c.Shipped, c.File.Endpoint!.Interface, c.File.Endpoint.Name, c.File.Endpoint.Group, c.Shipped ? null : c.File.Locations?.Name ?? SpecLocation.FileStart(c.File.FilePath)))
            .Collect();
        var diagnostics = claims
            .Combine(include)
            .Select(static (pair, _) => Diagnose(pair.Left, pair.Right))
            .WithTrackingName(WxContractsGenerator.Steps.SelectionDiagnostics);
        context.RegisterSourceOutput(diagnostics, static (spc, found) =>
        {
            foreach (var d in found.Replacements)
            {
                spc.ReportDiagnostic(WxContractsGenerator.ToDiagnostic(d));
            }

            if (found.UnknownGroups.Count > 0)
            {
                spc.ReportDiagnostic(Diagnostic.Create(
                    WxContractsGenerator.Descriptor(DiagnosticCatalog.UnknownGroup),
                    Location.None,
                    UnknownGroupsMessage(found.UnknownGroups, found.KnownGroups)));
            }
        });

        return files;
    }

    internal static bool Takes(SpecCandidate candidate, IncludeSetting include, OwnOverrides own)
    {
        if (!candidate.Shipped)
        {
            return true;
        }

        if (candidate.File.GlobalErrors is not null)
        {
            return !own.GlobalErrors;
        }

        if (candidate.File.Endpoint is not { } endpoint)
        {
            return true;
        }

        return include.Selects(endpoint.Group) && !own.Interfaces.Contains(endpoint.Interface.ToLowerInvariant());
    }

    internal static SelectionResult Diagnose(ImmutableArray<SelectionClaim> claims, IncludeSetting include)
    {
        var replacements = new List<SpecDiagnostic>();
        var shipped = claims.Where(c => c.Shipped).ToList();
        foreach (var own in claims.Where(c => !c.Shipped).OrderBy(c => c.Location?.FilePath, StringComparer.Ordinal))
        {
            foreach (var replaced in shipped.Where(s => include.Selects(s.Group) && string.Equals(s.Interface, own.Interface, StringComparison.OrdinalIgnoreCase)).OrderBy(s => s.Name, StringComparer.Ordinal))
            {
                replacements.Add(new SpecDiagnostic(
                    DiagnosticCatalog.ShippedSpecReplaced,
                    $"'{own.Name}' (interface '{own.Interface}') replaces the shipped spec '{replaced.Name}' of group {replaced.Group}: the project's own spec is used",
                    own.Location!));
            }
        }

        var unknown = EquatableArray<string>.Empty;
        var known = EquatableArray<string>.Empty;
        if (!include.All && shipped.Count > 0)
        {
            var groups = claims.Select(c => c.Group).Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(g => g, StringComparer.OrdinalIgnoreCase).ToList();
            unknown = include.Groups.Where(g => !groups.Contains(g, StringComparer.OrdinalIgnoreCase)).ToEquatableArray();
            known = groups.ToEquatableArray();
        }

        return new SelectionResult(replacements.ToEquatableArray(), unknown, known);
    }

    internal static string UnknownGroupsMessage(EquatableArray<string> unknown, EquatableArray<string> known) =>
        $"WxContractsInclude names {(unknown.Count == 1 ? "a group" : "groups")} that no spec has: {string.Join(", ", unknown)}. Known groups: {string.Join(", ", known)}";
}

/// <summary>The selection's diagnostics: replacements (with the own spec's position) and unknown group names.</summary>
internal sealed record SelectionResult(EquatableArray<SpecDiagnostic> Replacements, EquatableArray<string> UnknownGroups, EquatableArray<string> KnownGroups);
