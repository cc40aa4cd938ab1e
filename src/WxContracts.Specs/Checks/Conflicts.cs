using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using WxContracts.Specs.Binding;
using WxContracts.Specs.Model;

namespace WxContracts.Specs.Checks;

// Checks across specs: run by the generator on the collected specs and by `wxspec lint` on the files it reads.
// Free of Roslyn types, so the CLI can call them without loading the compiler.

/// <summary>The C# names one spec claims, for the cross-spec duplicate check.</summary>
public sealed record NameClaim(string Spec, SpecLocation Location, EquatableArray<string> TypeNames, string Method, SpecLocation MethodLocation)
{
    /// <summary>The top-level C# names the spec generates (error enum, request/response, enums, the context
    /// properties of its nested types) and its client method, with where the spec writes them.</summary>
    public static NameClaim From(EndpointSpec spec, SpecLocations? locations) =>
        ClaimedNames.Of(Binder.Bind(spec, SpecNames.DefaultNamespace)).At(locations);

    /// <summary>The claim of a parsed file, or null when it holds no endpoint.</summary>
    public static NameClaim? From(SpecFile file) => file.Endpoint is { } spec ? From(spec, file.Locations) : null;
}

/// <summary>The names a bound spec claims, without positions: what the generator keeps per spec for the check, so that
/// a spec is bound once and moving its text changes nothing here.</summary>
public sealed record ClaimedNames(string FilePath, string Spec, EquatableArray<string> TypeNames, string Method)
{
    /// <summary>The names <paramref name="bound"/> generates: its error enum and its context properties.</summary>
    public static ClaimedNames Of(BoundSpec bound) => new(
        bound.Spec.FilePath,
        bound.Name,
        Binder.ClaimedTypeNames(bound).ToEquatableArray(),
        SpecNames.MethodKey(bound.Spec.Group, bound.Spec.Operation));

    /// <summary>The claim, placed where the spec writes its name and operation (the file's start when unknown).</summary>
    public NameClaim At(SpecLocations? locations)
    {
        var at = locations ?? new SpecLocations(SpecLocation.FileStart(FilePath), SpecLocation.FileStart(FilePath));
        return new NameClaim(Spec, at.Name, TypeNames, Method, at.Operation);
    }
}

public sealed record ConflictResult(EquatableArray<string> Excluded, EquatableArray<SpecDiagnostic> Diagnostics);

public static class Conflicts
{
    /// <summary>All cross-spec checks on a set of parsed specs: duplicate C# names and client methods, and more
    /// than one global error table. What <c>wxspec lint</c> runs after parsing each file.</summary>
    public static IReadOnlyList<SpecDiagnostic> Check(IEnumerable<SpecFile> files)
    {
        var list = files.ToList();
        var result = Find(list.Select(NameClaim.From).Where(c => c is not null).Select(c => c!).ToImmutableArray());
        return result.Diagnostics.Concat(FindGlobalTables(list.Where(f => f.GlobalErrors is not null).Select(f => f.GlobalErrors!)))
            .Concat(PushConflicts.Find(list.Where(f => f.Push is not null).Select(f => f.Push!)).Diagnostics).ToList();
    }

    /// <summary>There is one global error table; when there are more, the first by path is used and the last is reported.</summary>
    public static IEnumerable<SpecDiagnostic> FindGlobalTables(IEnumerable<GlobalErrorsSpec> tables)
    {
        var ordered = tables.OrderBy(g => g.FilePath, StringComparer.Ordinal).ToList();
        if (ordered.Count > 1)
        {
            yield return new SpecDiagnostic(
                DiagnosticCatalog.DuplicateName,
                "More than one global_errors table; only the first (by path) is used",
                SpecLocation.FileStart(ordered[ordered.Count - 1].FilePath));
        }
    }

    public static ConflictResult Find(ImmutableArray<NameClaim> claims)
    {
        var excluded = new SortedSet<string>(StringComparer.Ordinal);
        var diagnostics = new List<SpecDiagnostic>();
        var ordered = claims.OrderBy(c => c.Location.FilePath, StringComparer.Ordinal).ToList();

        var owners = new Dictionary<string, NameClaim>(StringComparer.Ordinal);
        foreach (var claim in ordered)
        {
            // One diagnostic per pair of clashing specs, listing the names they share.
            var clashes = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var typeName in claim.TypeNames.Distinct())
            {
                if (!owners.TryGetValue(typeName, out var first))
                {
                    owners[typeName] = claim;
                }
                else if (first.Location.FilePath != claim.Location.FilePath)
                {
                    excluded.Add(first.Spec);
                    excluded.Add(claim.Spec);
                    var key = first.Location.FilePath;
                    if (!clashes.TryGetValue(key, out var names))
                    {
                        clashes[key] = names = new List<string>();
                    }

                    names.Add(typeName);
                }
            }

            foreach (var clash in clashes)
            {
                diagnostics.Add(new SpecDiagnostic(
                    DiagnosticCatalog.DuplicateName,
                    $"The C# name{(clash.Value.Count > 1 ? "s" : string.Empty)} {string.Join(", ", clash.Value.Select(n => "'" + n + "'"))} {(clash.Value.Count > 1 ? "are" : "is")} also generated by {Path.GetFileName(clash.Key)}; rename one of the specs (name, type_name or enum names)",
                    claim.Location));
            }
        }

        var methods = new Dictionary<string, NameClaim>(StringComparer.Ordinal);
        foreach (var claim in ordered)
        {
            if (methods.TryGetValue(claim.Method, out var first) && first.Location.FilePath != claim.Location.FilePath)
            {
                excluded.Add(first.Spec);
                excluded.Add(claim.Spec);
                diagnostics.Add(new SpecDiagnostic(
                    DiagnosticCatalog.DuplicateName,
                    $"The client method {claim.Method}{SpecNames.Method(string.Empty)} is also generated by {Path.GetFileName(first.Location.FilePath)}; change group or operation in one of them",
                    claim.MethodLocation));
            }
            else if (first is null)
            {
                methods[claim.Method] = claim;
            }
        }

        return new ConflictResult(excluded.ToEquatableArray(), diagnostics.ToEquatableArray());
    }
}
