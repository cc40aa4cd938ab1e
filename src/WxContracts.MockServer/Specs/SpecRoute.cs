using System;
using System.Collections.Generic;
using System.Linq;
using WxContracts.Specs.Model;

namespace WxContracts.MockServer.Specs;

/// <summary>
/// The specs that serve one path. Usually one; several only when each has a query parameter of the same name whose
/// enum lists exactly one value, different in each (<c>/publisher/stat</c>: <c>action=publisher_adpos_general</c>,
/// <c>action=publisher_cps_general</c>, …). That parameter is the <see cref="Selector"/>.
/// </summary>
internal sealed class SpecRoute
{
    private SpecRoute(string path, IReadOnlyList<EndpointSpec> specs, string? selector, IReadOnlyDictionary<string, EndpointSpec> bySelector)
    {
        Path = path;
        Specs = specs;
        Selector = selector;
        BySelector = bySelector;
    }

    public string Path { get; }

    public IReadOnlyList<EndpointSpec> Specs { get; }

    /// <summary>The query parameter that chooses the spec; null when the path has one spec.</summary>
    public string? Selector { get; }

    /// <summary>The spec for each value of <see cref="Selector"/>.</summary>
    public IReadOnlyDictionary<string, EndpointSpec> BySelector { get; }

    /// <summary>The route of a path, or null and the reason when its specs cannot be told apart.</summary>
    public static SpecRoute? Create(string path, IReadOnlyList<EndpointSpec> specs, out string? problem)
    {
        problem = null;
        if (specs.Count == 1)
        {
            return new SpecRoute(path, specs, null, new Dictionary<string, EndpointSpec>(StringComparer.Ordinal));
        }

        var fixedValues = specs.Select(FixedQueryValues).ToList();
        var candidates = fixedValues.Skip(1).Aggregate(
            (IEnumerable<string>)fixedValues[0].Keys,
            (common, next) => common.Intersect(next.Keys, StringComparer.Ordinal));
        foreach (var name in candidates.OrderBy(n => n, StringComparer.Ordinal))
        {
            var values = fixedValues.Select(v => v[name]).ToList();
            if (values.Distinct(StringComparer.Ordinal).Count() == values.Count)
            {
                var bySelector = new Dictionary<string, EndpointSpec>(StringComparer.Ordinal);
                for (var i = 0; i < specs.Count; i++)
                {
                    bySelector.Add(values[i], specs[i]);
                }

                var ordered = bySelector.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value).ToList();
                return new SpecRoute(path, ordered, name, bySelector);
            }
        }

        var each = specs.Select((s, i) => $"{s.FilePath} ({(fixedValues[i].Count == 0 ? "none" : string.Join(", ", fixedValues[i].OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value)))})");
        problem = $"{string.Join(", ", specs.Select(s => s.FilePath))} all serve {path}; specs that share a path need a query parameter "
            + "of the same name whose enum has exactly one value, a different one in each (such as action: [publisher_settlement]). "
            + "One-value query parameters: " + string.Join("; ", each);
        return null;
    }

    /// <summary>The query parameters of a spec whose enum lists exactly one value, with that value.</summary>
    private static Dictionary<string, string> FixedQueryValues(EndpointSpec spec)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in spec.Query)
        {
            var enumSpec = field.EnumName is null || field.Kind == FieldKind.Array ? null : spec.Enums.FirstOrDefault(e => e.Name == field.EnumName);
            if (enumSpec is { Values.Count: 1 })
            {
                result[field.WireName] = enumSpec.Values[0].Wire;
            }
        }

        return result;
    }
}
