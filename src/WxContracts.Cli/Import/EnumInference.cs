using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using WxContracts.Specs.Parsing;

namespace WxContracts.Cli.Import;

/// <summary>
/// Turns enumerations into spec enums: the "to enumerate" column, and values stated in a description
/// ("0 - not turned on 1 - turned on"; "reply_all represents …, random_one represents …" when the examples use
/// exactly those values). Fields with the same values share one enum. All but the column values are guesses.
/// </summary>
internal static class EnumInference
{
    // "0 - not turned on 1 - turned on", "0 is not shown, 1 is shown", "(0-未开启 1-开启)", "0为不显示，1为显示".
    private static readonly Regex s_numberValue = new(@"(?<![A-Za-z0-9_.])(\d+)\s*(?:-|–|=|:|：|is|means|represents|为|表示|代表)\s*([^\d,;()（），；、。]+)", RegexOptions.IgnoreCase);

    /// <summary>A wire value named in prose: not part of a longer ASCII word (Chinese text may touch it).</summary>
    private static string Named(string value) => @"(?<![A-Za-z0-9_])" + Regex.Escape(value) + @"(?![A-Za-z0-9_])";

    public static void Apply(ImportedSpec spec)
    {
        var seen = new Dictionary<ImportedField, List<string>>();
        Collect(spec.RequestExample, spec.Request, seen);
        Collect(spec.ResponseExample, spec.Response, seen);

        var candidates = new List<(ImportedField Field, bool IsNumber, List<(string Value, string? Text)> Values, string? Review)>();
        foreach (var field in DocImporter.AllFields(spec).Where(f => f.Type is "string" or "number" || f.Items is "string" or "number"))
        {
            var isNumber = field.Type == "number" || field.Items == "number";
            if (field.EnumValues is { Count: > 0 } listed)
            {
                if (isNumber && listed.Any(v => !int.TryParse(v, out _)))
                {
                    field.Reviews.Add($"the 'to enumerate' column lists '{string.Join(" ", listed)}', which are not all integers; no enum made");
                    continue;
                }

                candidates.Add((field, isNumber, listed.Select(v => (v, (string?)null)).ToList(), null));
                continue;
            }

            var description = field.Description ?? string.Empty;
            if (isNumber && field.Format == "int32")
            {
                var values = s_numberValue.Matches(description).Cast<Match>()
                    .Select(m => (m.Groups[1].Value, (string?)m.Groups[2].Value.Trim().TrimEnd('.')))
                    .GroupBy(v => v.Item1).Select(g => g.First()).ToList();
                if (values.Count >= 2)
                {
                    candidates.Add((field, true, values, "values read from the description"));
                }
            }
            else if (!isNumber && seen.TryGetValue(field, out var used))
            {
                var distinct = used.Distinct().ToList();
                if (distinct.Count >= 2 && distinct.All(v => Regex.IsMatch(v, @"^[a-z][a-z0-9_]*$") && Regex.IsMatch(description, Named(v))))
                {
                    var ordered = distinct.OrderBy(v => Regex.Match(description, Named(v)).Index).ToList();
                    candidates.Add((field, false, ordered.Select(v => (v, (string?)null)).ToList(), "values named in the description and used in the examples; the page may have more"));
                }
            }
        }

        // Values the examples use that an enum does not list: the examples win, the value is added and marked.
        for (var i = 0; i < candidates.Count; i++)
        {
            var c = candidates[i];
            if (!seen.TryGetValue(c.Field, out var used))
            {
                continue;
            }

            var extra = used.Distinct().Where(v => c.Values.All(x => x.Value != v) && (!c.IsNumber || int.TryParse(v, out _))).ToList();
            if (extra.Count > 0)
            {
                c.Field.Reviews.Add($"the examples use {string.Join(", ", extra)}, which the page's values ({string.Join(" ", c.Values.Select(v => v.Value))}) do not list: added (the examples won)");
                candidates[i] = (c.Field, c.IsNumber, c.Values.Concat(extra.Select(v => (v, (string?)null))).ToList(), c.Review);
            }
        }

        // Same-named fields whose listed values are subsets of another's get the union (the page lists fewer
        // values for one of them, e.g. keyword types without news).
        for (var i = 0; i < candidates.Count; i++)
        {
            var c = candidates[i];
            var wider = candidates.Where(o => o.Field.Name == c.Field.Name && o.IsNumber == c.IsNumber && o.Values.Count > c.Values.Count
                                              && c.Values.All(v => o.Values.Any(w => w.Value == v.Value)))
                .OrderByDescending(o => o.Values.Count).FirstOrDefault();
            if (wider.Field is not null)
            {
                c.Field.Reviews.Add($"the page lists {string.Join(" ", c.Values.Select(v => v.Value))} here and more for another '{c.Field.Name}'; the wider enum is used");
                candidates[i] = (c.Field, c.IsNumber, wider.Values, c.Review);
            }
        }

        foreach (var c in candidates)
        {
            var key = (c.IsNumber ? "n:" : "s:") + string.Join("\u0001", c.Values.Select(v => v.Value + "=" + v.Text));
            var existing = spec.Enums.FirstOrDefault(e => Key(e) == key);
            if (existing is null)
            {
                var name = UniqueName(spec, spec.Name.Value + Naming.ToPascalCase(c.Field.Name));
                existing = new ImportedEnum
                {
                    Name = name,
                    IsNumber = c.IsNumber,
                    Values = c.Values.Select(v => (v.Value, MemberName(v.Value, v.Text, c.IsNumber), v.Text)).ToList(),
                };
                existing.Reviews.Add($"enum name made up from the spec and field name; choose a specific name (enums of all specs share one namespace)");
                if (c.Review is not null)
                {
                    existing.Reviews.Add(c.Review);
                }

                if (c.IsNumber && existing.Values.Any(v => v.Description is not null && v.Name is not null && !v.Name.StartsWith("Value", System.StringComparison.Ordinal)))
                {
                    existing.Reviews.Add("member names made from the description text");
                }
                else if (c.IsNumber)
                {
                    existing.Reviews.Add("member names made up from the values; choose names");
                }

                spec.Enums.Add(existing);
            }

            c.Field.EnumName = existing.Name;
        }
    }

    private static string Key(ImportedEnum e) => (e.IsNumber ? "n:" : "s:") + string.Join("\u0001", e.Values.Select(v => v.Value + "=" + v.Description));

    private static string UniqueName(ImportedSpec spec, string name)
    {
        var candidate = name;
        for (var i = 2; spec.Enums.Any(e => e.Name == candidate); i++)
        {
            candidate = name + i;
        }

        return candidate;
    }

    private static string? MemberName(string value, string? text, bool isNumber)
    {
        if (!isNumber && Naming.IsValidIdentifier(Naming.ToPascalCase(value)))
        {
            return null; // the parser's default (PascalCase of the value)
        }

        var fromText = text is null ? string.Empty : Naming.ToPascalCase(text);
        return Naming.IsValidIdentifier(fromText) && fromText is not ("Value" or "IsKnown") ? fromText : "Value" + Naming.ToPascalCase(value);
    }

    /// <summary>The scalar values each field takes in an example, walking the example alongside the tables.</summary>
    private static void Collect(string? json, List<ImportedField>? fields, Dictionary<ImportedField, List<string>> seen)
    {
        if (json is null || fields is null)
        {
            return;
        }

        try
        {
            Walk(JsonNode.Parse(json), fields, seen);
        }
        catch (JsonException)
        {
            // The cleaner already reported an example that is not JSON.
        }
    }

    private static void Walk(JsonNode? node, List<ImportedField> fields, Dictionary<ImportedField, List<string>> seen)
    {
        if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                Walk(item, fields, seen);
            }

            return;
        }

        if (node is not JsonObject obj)
        {
            return;
        }

        foreach (var property in obj)
        {
            var field = fields.FirstOrDefault(f => f.Name == property.Key);
            if (field is null || property.Value is null)
            {
                continue;
            }

            if (field.Fields is not null)
            {
                Walk(property.Value, field.Fields, seen);
                continue;
            }

            var values = property.Value is JsonArray items ? items.Where(i => i is JsonValue).Select(i => i!.ToString()) : new[] { property.Value.ToString() };
            if (!seen.TryGetValue(field, out var list))
            {
                seen[field] = list = new List<string>();
            }

            list.AddRange(values);
        }
    }
}
