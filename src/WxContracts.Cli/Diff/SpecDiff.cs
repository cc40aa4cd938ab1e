using System;
using System.Collections.Generic;
using System.Linq;
using WxContracts.Cli.Import;
using WxContracts.Specs.Model;

namespace WxContracts.Cli.Diff;

/// <summary>
/// Compares what a doc page says (imported) with a spec, on what the page determines: fields (added, removed,
/// type, required, enum values), the width or string form the page's examples need, error codes, scope,
/// permission sets, cloud call and the call itself. Ignored: all prose (titles, descriptions, notes, errmsg
/// and solution wording, the Example column), the names a reviewer chooses (spec, group, operation,
/// property, nested type, enum and member names) and the importer's guesses (widths the examples do not force,
/// idempotence, enums read from descriptions that the spec does not have).
/// Each difference is one line, spec → page.
/// </summary>
internal static class SpecDiff
{
    public static List<string> Compare(EndpointSpec page, ImportedSpec imported, EndpointSpec spec)
    {
        var lines = new List<string>();
        Call(page.Call, spec.Call, lines);

        var importedFields = new Dictionary<string, ImportedField>(StringComparer.Ordinal);
        void Index(IEnumerable<ImportedField> fields, string path)
        {
            foreach (var f in fields)
            {
                importedFields[path + "." + f.Name] = f;
                Index(f.Fields ?? new List<ImportedField>(), path + "." + f.Name);
            }
        }

        Index(imported.Query, "query");
        Index(imported.Request ?? new List<ImportedField>(), "request");
        Index(imported.Response, "response");

        Fields("query", page.Query, spec.Query, page, spec, importedFields, lines);
        Fields("request", page.Request?.Fields ?? EquatableArray<FieldSpec>.Empty, spec.Request?.Fields ?? EquatableArray<FieldSpec>.Empty, page, spec, importedFields, lines);
        Fields("response", page.Response.Fields, spec.Response.Fields, page, spec, importedFields, lines);

        var pageCodes = page.Errors.Select(e => e.Code).ToList();
        var specCodes = spec.Errors.Select(e => e.Code).ToList();
        foreach (var e in page.Errors.Where(e => !specCodes.Contains(e.Code)))
        {
            lines.Add($"error {e.Code}: added on the page{(e.ErrMsg is null ? string.Empty : $" ({e.ErrMsg})")}");
        }

        foreach (var e in spec.Errors.Where(e => !pageCodes.Contains(e.Code)))
        {
            lines.Add($"error {e.Code}: removed from the page");
        }

        if (page.Scope.OfficialAccount != spec.Scope.OfficialAccount)
        {
            lines.Add($"scope.official_account: {Access(spec.Scope.OfficialAccount)} → {Access(page.Scope.OfficialAccount)}");
        }

        if (page.Scope.ServiceAccount != spec.Scope.ServiceAccount)
        {
            lines.Add($"scope.service_account: {Access(spec.Scope.ServiceAccount)} → {Access(page.Scope.ServiceAccount)}");
        }

        return lines;
    }

    private static void Call(CallSpec page, CallSpec spec, List<string> lines)
    {
        if (page.HttpMethod != spec.HttpMethod)
        {
            lines.Add($"call.method: {spec.HttpMethod} → {page.HttpMethod}");
        }

        if (!string.Equals(page.Url, spec.Url, StringComparison.Ordinal))
        {
            lines.Add($"call.url: {spec.Url} → {page.Url}");
        }

        if (page.Credential != spec.Credential)
        {
            lines.Add($"call.credential: {spec.Credential} → {page.Credential}");
        }

        if (page.ServerSideOnly != spec.ServerSideOnly)
        {
            lines.Add($"call.server_side_only: {Flag(spec.ServerSideOnly)} → {Flag(page.ServerSideOnly)}");
        }

        if (!string.Equals(page.CloudCall, spec.CloudCall, StringComparison.Ordinal))
        {
            lines.Add($"call.cloud_call: {spec.CloudCall ?? "not_supported"} → {page.CloudCall ?? "not_supported"}");
        }

        if (!page.PermissionSets.SequenceEqual(spec.PermissionSets))
        {
            lines.Add($"call.third_party: {Sets(spec.PermissionSets)} → {Sets(page.PermissionSets)}");
        }
    }

    private static void Fields(string path, EquatableArray<FieldSpec> page, EquatableArray<FieldSpec> spec, EndpointSpec pageSpec, EndpointSpec specSpec, Dictionary<string, ImportedField> imported, List<string> lines)
    {
        foreach (var s in spec.Where(s => !page.Any(p => p.WireName == s.WireName)))
        {
            lines.Add($"{path}.{s.WireName}: removed from the page (spec: {Type(s)})");
        }

        foreach (var p in page)
        {
            var where = path + "." + p.WireName;
            var s = spec.FirstOrDefault(x => x.WireName == p.WireName);
            if (s is null)
            {
                lines.Add($"{where}: added on the page ({Type(p)}{(p.Required ? ", required" : string.Empty)})");
                continue;
            }

            if (Type(p) != Type(s))
            {
                lines.Add($"{where}: type {Type(s)} → {Type(p)}");
            }
            else if (p.ScalarKind == FieldKind.Number && imported.TryGetValue(where, out var evidence) && evidence.NumberFromEvidence)
            {
                // Widths are guesses unless the page's examples force one; then a narrower spec cannot read them.
                if (Rank(p.Format) > Rank(s.Format))
                {
                    lines.Add($"{where}: the page's examples need {Format(p.Format)} (spec: {Format(s.Format)})");
                }

                if (p.NumberOrString && !s.NumberOrString)
                {
                    lines.Add($"{where}: the page's examples send it as a string (spec lacks number_or_string)");
                }
            }

            if (p.Required != s.Required)
            {
                lines.Add($"{where}: required {Flag(s.Required)} → {Flag(p.Required)}");
            }

            var pageEnum = EnumValues(pageSpec, p);
            var specEnum = EnumValues(specSpec, s);
            if (pageEnum is not null && specEnum is not null)
            {
                var added = pageEnum.Except(specEnum).ToList();
                var removed = specEnum.Except(pageEnum).ToList();
                if (added.Count > 0 || removed.Count > 0)
                {
                    var parts = new List<string>();
                    if (added.Count > 0)
                    {
                        parts.Add("added " + string.Join(", ", added));
                    }

                    if (removed.Count > 0)
                    {
                        parts.Add("removed " + string.Join(", ", removed));
                    }

                    lines.Add($"{where}: enum values {string.Join("; ", parts)}");
                }
            }
            else if (pageEnum is not null && imported.TryGetValue(where, out var listed) && listed.EnumValues is { Count: > 0 })
            {
                lines.Add($"{where}: the page now lists values ({string.Join(", ", pageEnum)}); the spec has no enum");
            }

            if (p.Object is not null && s.Object is not null)
            {
                Fields(where, p.Object.Fields, s.Object.Fields, pageSpec, specSpec, imported, lines);
            }
        }
    }

    private static List<string>? EnumValues(EndpointSpec spec, FieldSpec field) =>
        field.EnumName is null ? null : spec.Enums.FirstOrDefault(e => e.Name == field.EnumName)?.Values.Select(v => v.Wire).ToList();

    private static string Type(FieldSpec f) => (f.ListDepth > 1 ? "list of " : string.Empty) + f.Kind switch
    {
        FieldKind.Array => "array of " + Kind(f.ItemKind),
        _ => Kind(f.Kind),
    };

    private static string Kind(FieldKind kind) => kind switch
    {
        FieldKind.ObjectArray => "objarray",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static int Rank(NumberFormat format) => format switch
    {
        NumberFormat.Int32 => 0,
        NumberFormat.UInt32 => 1,
        NumberFormat.Int64 => 2,
        NumberFormat.UInt64 => 3,
        _ => 4,
    };

    private static string Format(NumberFormat format) => format.ToString().ToLowerInvariant();

    private static string Flag(bool value) => value ? "true" : "false";

    private static string Sets(EquatableArray<int> sets) => sets.Count == 0 ? "not_supported" : "permission_sets [" + string.Join(", ", sets) + "]";

    private static string Access(AccountAccess access) => access switch
    {
        AccountAccess.Allowed => "allowed",
        AccountAccess.CertifiedOnly => "certified_only",
        _ => "not_allowed",
    };
}
