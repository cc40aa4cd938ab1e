using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace WxContracts.Cli.Import;

/// <summary>
/// The page's examples (request and response JSON, the tables' Example column) are evidence for the types; the
/// type column and the importer's width guesses are not. Evidence decides:
/// <list type="bullet">
/// <item>array item types from the values (<c>[128,2]</c> → numbers);</item>
/// <item>number widths: a value beyond 2^31 → int64, a fraction → double (a timestamp name is int64 already);</item>
/// <item>a number column whose examples send a numeric string → <c>number_or_string</c>; text → string;</item>
/// <item>a field the examples carry but the table does not list is added; a required field an example omits
/// becomes optional;</item>
/// <item>an object without a section of its own reuses the table of another section with the same field names,
/// or takes its fields from the example.</item>
/// </list>
/// Every decision that overrides the table or a guess leaves a <c># review:</c> mark saying which evidence won.
/// </summary>
internal static class TypeEvidence
{
    private static readonly Regex s_jsonNumber = new(@"^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$");

    private const string Int32Guess = "the page gives no width; int32 assumed";

    private sealed class Evidence
    {
        /// <summary>Every example value of each field (placeholders excluded).</summary>
        public Dictionary<ImportedField, List<JsonNode>> Values { get; } = new();

        /// <summary>Example properties the tables do not list: the table, where it is, the key and the values.</summary>
        public List<(List<ImportedField> Table, string Parent, string Which, string Key, List<JsonNode> Values)> Unlisted { get; } = new();

        /// <summary>Required fields an example object lacks.</summary>
        public HashSet<(ImportedField Field, string Which)> Omitted { get; } = new();
    }

    public static void Apply(ImportedSpec spec, List<ImportProblem> problems)
    {
        var evidence = Collect(spec);
        SettleObjectsWithoutTable(spec, evidence, problems);

        evidence = Collect(spec);
        foreach (var u in evidence.Unlisted)
        {
            var field = Infer(u.Key, u.Values, u.Parent);
            field.Reviews.Insert(0, $"the table does not list '{u.Key}'; the {u.Which} example has it: added with the type of its value ({Describe(field)})");
            u.Table.Add(field);
        }

        foreach (var (field, which) in evidence.Omitted)
        {
            field.Required = false;
            field.Reviews.Add($"the table says required, the {which} example omits it: written as optional so that the example stays valid (the example won; set required: true if the example is incomplete)");
        }

        foreach (var field in DocImporter.AllFields(spec).ToList())
        {
            evidence.Values.TryGetValue(field, out var values);
            Decide(field, values ?? new List<JsonNode>());
        }
    }

    /// <summary>
    /// After the last cleaning: a number_or_string field's numeric strings are written as the numbers the client
    /// sends (the examples must round-trip through the generated types, which always write numbers); the page's
    /// form is recorded under examples.normalized.
    /// </summary>
    public static void NormalizeNumericStrings(ImportedSpec spec)
    {
        string? Normalize(string? json, List<ImportedField>? fields, string which)
        {
            if (json is null || fields is null)
            {
                return json;
            }

            var root = JsonNode.Parse(json)!;
            var changed = new List<string>();
            void Walk(JsonNode? node, List<ImportedField> table)
            {
                if (node is JsonArray array)
                {
                    foreach (var item in array)
                    {
                        Walk(item, table);
                    }

                    return;
                }

                if (node is not JsonObject obj)
                {
                    return;
                }

                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    var field = table.FirstOrDefault(f => f.Name == key);
                    var value = obj[key];
                    if (field is null || value is null)
                    {
                        continue;
                    }

                    if (field.Fields is not null)
                    {
                        Walk(value, field.Fields);
                    }
                    else if (field.NumberOrString && value is JsonValue v && Text(v) is { } s && s_jsonNumber.IsMatch(s))
                    {
                        obj[key] = JsonNode.Parse(s);
                        changed.Add($"{key} \"{s}\"");
                    }
                    else if (field.NumberOrString && value is JsonArray items)
                    {
                        for (var i = 0; i < items.Count; i++)
                        {
                            if (items[i] is JsonValue iv && Text(iv) is { } t && s_jsonNumber.IsMatch(t))
                            {
                                items[i] = JsonNode.Parse(t);
                                changed.Add($"{key}[{i}] \"{t}\"");
                            }
                        }
                    }
                }
            }

            Walk(root, fields);
            if (changed.Count == 0)
            {
                return json;
            }

            spec.Normalized.Add($"The doc's {which} example sends {string.Join(", ", changed)} as string(s); these fields are number_or_string (read either way) and the example shows the number the generated types write.");
            return ExampleCleaner.Write(root);
        }

        spec.RequestExample = Normalize(spec.RequestExample, spec.Request, "request");
        spec.ResponseExample = Normalize(spec.ResponseExample, spec.Response, "response");
    }

    private static Evidence Collect(ImportedSpec spec)
    {
        var evidence = new Evidence();
        void One(string? json, List<ImportedField>? table, string which, bool isResponse)
        {
            if (json is null || table is null)
            {
                return;
            }

            JsonNode? root;
            try
            {
                root = JsonNode.Parse(json);
            }
            catch (JsonException)
            {
                return;
            }

            var placeholders = new HashSet<string>(spec.PlaceholderPaths.Where(p => p.StartsWith(which + ":", StringComparison.Ordinal)).Select(p => p.Substring(which.Length + 1)), StringComparer.Ordinal);
            Walk(root, table, isResponse ? "Res" : "Req", which, placeholders, evidence, top: isResponse);
        }

        One(spec.RequestExample, spec.Request, "request", isResponse: false);
        One(spec.ResponseExample, spec.Response, "response", isResponse: true);
        return evidence;
    }

    private static void Walk(JsonNode? node, List<ImportedField> table, string path, string which, HashSet<string> placeholders, Evidence evidence, bool top)
    {
        if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                Walk(item, table, path, which, placeholders, evidence, top: false);
            }

            return;
        }

        if (node is not JsonObject obj)
        {
            return;
        }

        foreach (var field in table.Where(f => f.Required && (!obj.ContainsKey(f.Name) || obj[f.Name] is null)))
        {
            evidence.Omitted.Add((field, which));
        }

        foreach (var property in obj)
        {
            if (property.Value is null)
            {
                continue;
            }

            var field = table.FirstOrDefault(f => f.Name == property.Key);
            if (field is null)
            {
                if (top && property.Key is "errcode" or "errmsg")
                {
                    continue;
                }

                var entry = evidence.Unlisted.FirstOrDefault(u => ReferenceEquals(u.Table, table) && u.Key == property.Key);
                if (entry.Table is null)
                {
                    evidence.Unlisted.Add((table, path, which, property.Key, new List<JsonNode> { property.Value }));
                }
                else
                {
                    entry.Values.Add(property.Value);
                }

                continue;
            }

            if (placeholders.Contains(property.Key))
            {
                continue; // a value the cleaner made up for a placeholder is no evidence
            }

            if (!evidence.Values.TryGetValue(field, out var list))
            {
                evidence.Values[field] = list = new List<JsonNode>();
            }

            list.Add(property.Value);
            if (field.Fields is not null)
            {
                Walk(property.Value, field.Fields, field.Path, which, placeholders, evidence, top: false);
            }
        }
    }

    /// <summary>Objects whose section the page lacks: the table of a section with the same field names, else the
    /// fields the example shows, else a problem.</summary>
    private static void SettleObjectsWithoutTable(ImportedSpec spec, Evidence evidence, List<ImportProblem> problems)
    {
        foreach (var field in DocImporter.AllFields(spec).Where(f => f.Type is "object" or "objarray" && f.Fields is null).ToList())
        {
            evidence.Values.TryGetValue(field, out var values);
            var objects = Objects(values ?? new List<JsonNode>()).ToList();
            var keys = objects.SelectMany(o => o.Select(p => p.Key)).Distinct().ToList();
            var section = $"'# {field.Path}{(field.Type == "objarray" ? "(Array)" : string.Empty)}Object Payload'";
            if (keys.Count == 0)
            {
                problems.Add(new ImportProblem(field.Line, $"{field.Type} field '{field.Name}' has no section with its table (expected a heading like {section}) and no example shows its fields"));
                field.Fields = new List<ImportedField>();
                field.Reviews.Add($"the page has no table for this object ({section}) and no example shows it; its fields are missing");
                continue;
            }

            var candidate = DocImporter.AllFields(spec)
                .Where(o => o != field && o.Type is "object" or "objarray" && o.Fields is { Count: > 0 } && o.ReusedFrom is null
                            && keys.All(k => o.Fields.Any(f => f.Name == k)))
                .OrderBy(o => o.Fields!.Count - keys.Count)
                .FirstOrDefault();
            if (candidate is not null)
            {
                field.Fields = candidate.Fields!.Select(Clone).ToList();
                field.ReusedFrom = candidate.Path;
                DocImporter.SetPaths(field.Fields, field.Path);
                field.Reviews.Add($"the page has no section {section}; the example gives it the fields of {candidate.Path} ({string.Join(", ", keys)}), whose table is reused");
                continue;
            }

            field.Fields = InferFields(objects, field.Path);
            field.Reviews.Add($"the page has no section {section} and no other table has its fields; fields read from the example: {string.Join(", ", keys)}");
        }
    }

    private static IEnumerable<JsonObject> Objects(IEnumerable<JsonNode> values) =>
        values.SelectMany(v => v is JsonArray a ? a.OfType<JsonObject>() : v is JsonObject o ? new[] { o } : Enumerable.Empty<JsonObject>());

    private static ImportedField Clone(ImportedField f)
    {
        var c = new ImportedField
        {
            Name = f.Name, Type = f.Type, Items = f.Items, Format = f.Format, NumberOrString = f.NumberOrString, Required = f.Required,
            Description = f.Description, Example = f.Example, EnumValues = f.EnumValues?.ToList(), Line = f.Line,
            ItemsGuessed = f.ItemsGuessed, FormatGuessed = f.FormatGuessed, Fields = f.Fields?.Select(Clone).ToList(),
        };
        c.Reviews.AddRange(f.Reviews);
        return c;
    }

    private static List<ImportedField> InferFields(List<JsonObject> objects, string parent)
    {
        var fields = new List<ImportedField>();
        foreach (var key in objects.SelectMany(o => o.Select(p => p.Key)).Distinct())
        {
            var values = objects.Where(o => o[key] is not null).Select(o => o[key]!).ToList();
            var field = Infer(key, values, parent);
            field.Reviews.Insert(0, $"type read from the example ({Describe(field)})");
            fields.Add(field);
        }

        return fields;
    }

    /// <summary>A field made from example values alone.</summary>
    private static ImportedField Infer(string name, List<JsonNode> values, string parent)
    {
        var field = new ImportedField { Name = name, Type = "string", Path = parent + "." + name };
        var objects = values.OfType<JsonObject>().ToList();
        var arrays = values.OfType<JsonArray>().ToList();
        if (objects.Count > 0 && objects.Count == values.Count)
        {
            field.Type = "object";
            field.Fields = InferFields(objects, field.Path);
        }
        else if (arrays.Count > 0 && arrays.Count == values.Count && arrays.SelectMany(a => a).Any() && arrays.SelectMany(a => a).All(i => i is JsonObject))
        {
            field.Type = "objarray";
            field.Fields = InferFields(arrays.SelectMany(a => a).OfType<JsonObject>().ToList(), field.Path);
        }
        else if (arrays.Count > 0 && arrays.Count == values.Count)
        {
            field.Type = "array";
            field.Items = "string";
            field.ItemsGuessed = true;
        }
        else if (values.Count > 0 && values.All(v => v is JsonValue j && j.GetValueKind() == JsonValueKind.Number))
        {
            field.Type = "number";
            field.Format = DocImporter.IsTimestampName(name.ToLowerInvariant()) ? "int64" : "int32";
            field.FormatGuessed = true;
        }
        else if (values.Count > 0 && values.All(v => v is JsonValue j && j.GetValueKind() is JsonValueKind.True or JsonValueKind.False))
        {
            field.Type = "boolean";
        }

        Decide(field, values); // widths and item types from the same values
        return field;
    }

    private static string Describe(ImportedField f) => f.Type switch
    {
        "array" => "array of " + f.Items,
        "number" => "number",
        _ => f.Type,
    };

    /// <summary>The field's type, decided by its example values (and the table's Example cell).</summary>
    private static void Decide(ImportedField field, List<JsonNode> values)
    {
        switch (field.Type)
        {
            case "number":
                DecideNumber(field, values, cell: field.Example);
                break;
            case "string":
            {
                var scalars = values.OfType<JsonValue>().ToList();
                if (scalars.Count > 0 && scalars.Count == values.Count && scalars.All(v => v.GetValueKind() == JsonValueKind.Number))
                {
                    field.Type = "number";
                    field.NumberOrString = true;
                    field.Format = "int32";
                    field.FormatGuessed = true;
                    field.NumberFromEvidence = true;
                    field.Reviews.Add($"the table says string, the examples send numbers ({Sample(values)}): a number that is also read from a string (the examples won)");
                    DecideNumber(field, values, cell: null);
                    if (field.Format == "int32")
                    {
                        field.Reviews.Add(Int32Guess);
                    }
                }
                else if (scalars.Count > 0 && scalars.Count == values.Count && scalars.All(v => v.GetValueKind() is JsonValueKind.True or JsonValueKind.False))
                {
                    field.Type = "boolean";
                    field.Reviews.Add($"the table says string, the examples send true/false ({Sample(values)}): boolean (the examples won)");
                }

                break;
            }

            case "boolean":
                if (values.Count > 0 && values.All(v => v is JsonValue j && j.GetValueKind() == JsonValueKind.Number))
                {
                    field.Type = "number";
                    field.Format = "int32";
                    field.Reviews.Add($"the table says boolean, the examples send numbers ({Sample(values)}): number (the examples won)");
                }

                break;
            case "object":
                if (values.Count > 0 && values.All(v => v is JsonArray))
                {
                    field.Type = "objarray";
                    field.Reviews.Add("the table says object, the examples send an array of them: objarray (the examples won)");
                }

                break;
            case "objarray":
                if (values.Count > 0 && values.All(v => v is JsonObject))
                {
                    field.Type = "object";
                    field.Reviews.Add("the table says objarray, the examples send a single object: object (the examples won)");
                }

                break;
            case "array":
                DecideItems(field, values);
                break;
        }
    }

    private static void DecideItems(ImportedField field, List<JsonNode> values)
    {
        var items = values.OfType<JsonArray>().SelectMany(a => a).Where(i => i is not null).Select(i => i!).ToList();
        if (field.Example is { } cell && cell.TrimStart().StartsWith("[", StringComparison.Ordinal))
        {
            try
            {
                if (JsonNode.Parse(cell) is JsonArray fromCell)
                {
                    items.AddRange(fromCell.Where(i => i is not null).Select(i => i!));
                }
            }
            catch (JsonException)
            {
                field.Reviews.Add($"the Example column shows '{cell}', which is not a JSON array");
            }
        }

        if (items.Count == 0 || items.Any(i => i is not JsonValue))
        {
            return;
        }

        var kinds = items.Cast<JsonValue>().Select(i => i.GetValueKind()).Distinct().ToList();
        string? decided = kinds.All(k => k == JsonValueKind.Number) ? "number"
            : kinds.All(k => k == JsonValueKind.String) ? "string"
            : kinds.All(k => k is JsonValueKind.True or JsonValueKind.False) ? "boolean"
            : null;
        if (decided is null)
        {
            field.Reviews.Add($"the examples mix item types ({Sample(items)}); the table's item type {field.Items} was kept");
            return;
        }

        if (decided == "string" && field.Items == "number")
        {
            // A numeric array sent as strings: still numbers, read from strings too.
            if (items.All(i => Text((JsonValue)i) is { } s && s_jsonNumber.IsMatch(s)))
            {
                field.NumberOrString = true;
                field.NumberFromEvidence = true;
                field.Reviews.Add($"the examples send these numbers as strings ({Sample(items)}): number_or_string");
                return;
            }
        }

        if (decided != field.Items)
        {
            var was = field.Items;
            field.Reviews.RemoveAll(r => r.StartsWith("the page does not give the item type", StringComparison.Ordinal));
            field.Reviews.Add(field.ItemsGuessed
                ? $"item type {decided}: the examples show {Sample(items)} (the page gives only 'array')"
                : $"the table says an array of {was}, the examples show {Sample(items)}: {decided} (the examples won)");
            field.Items = decided;
            field.ItemsGuessed = false;
        }
        else if (field.ItemsGuessed)
        {
            field.Reviews.RemoveAll(r => r.StartsWith("the page does not give the item type", StringComparison.Ordinal));
            field.Reviews.Add($"item type {decided}: the examples show {Sample(items)} (the page gives only 'array')");
            field.ItemsGuessed = false;
        }

        if (decided == "number")
        {
            DecideWidth(field, items.Select(i => i.ToJsonString()).ToList());
        }
    }

    private static void DecideNumber(ImportedField field, List<JsonNode> values, string? cell)
    {
        var scalars = values.OfType<JsonValue>().ToList();
        var numbers = scalars.Where(v => v.GetValueKind() == JsonValueKind.Number).Select(v => v.ToJsonString()).ToList();
        var strings = scalars.Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => Text(v)!).ToList();
        var text = strings.Where(s => !s_jsonNumber.IsMatch(s)).ToList();
        if (scalars.Count > 0 && scalars.All(v => v.GetValueKind() is JsonValueKind.True or JsonValueKind.False))
        {
            field.Type = "boolean";
            field.Format = null;
            field.NumberOrString = false;
            field.Reviews.RemoveAll(r => r == Int32Guess);
            field.Reviews.Add($"the table says number, the examples send true/false ({Sample(values)}): boolean (the examples won)");
            return;
        }

        if (text.Count > 0)
        {
            if (numbers.Count > 0)
            {
                field.Reviews.Add($"the examples send both numbers and text ({Sample(values)}); the table's number was kept");
                return;
            }

            field.Type = "string";
            field.Format = null;
            field.NumberOrString = false;
            field.Reviews.RemoveAll(r => r == Int32Guess || r.StartsWith("an id: int64", StringComparison.Ordinal) || r.StartsWith("a time: int64", StringComparison.Ordinal));
            field.Reviews.Add($"the table says number, the examples send text ({Sample(values)}): string (the examples won)");
            return;
        }

        var all = numbers.Concat(strings).ToList();
        if (cell is not null && cell != "-")
        {
            if (s_jsonNumber.IsMatch(cell.Trim()))
            {
                all.Add(cell.Trim());
            }
            else
            {
                field.Reviews.Add($"the Example column shows '{cell}', which is not a number; the table's number was kept");
            }
        }

        DecideWidth(field, all);
        if (strings.Count > 0 && !field.NumberOrString)
        {
            field.NumberOrString = true;
            field.NumberFromEvidence = true;
            field.Reviews.Add($"the examples send this number as a string ({string.Join(", ", strings.Distinct().Take(3).Select(s => "\"" + s + "\""))}): number_or_string (read from a number or a string; the client writes a number)");
        }
    }

    /// <summary>The width the values need: a fraction → double, beyond int32 → int64, beyond int64 → uint64.</summary>
    private static void DecideWidth(ImportedField field, List<string> numbers)
    {
        if (numbers.Count == 0)
        {
            return;
        }

        string? needed = null;
        string? because = null;
        foreach (var raw in numbers)
        {
            if (raw.IndexOfAny(new[] { '.', 'e', 'E' }) >= 0)
            {
                needed = "double";
                because = $"the example value {raw} is not an integer";
                break;
            }

            if (!long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
            {
                if (needed is null or "int64")
                {
                    needed = "uint64";
                    because = $"the example value {raw} is beyond 2^63";
                }
            }
            else if ((n > int.MaxValue || n < int.MinValue) && needed is null)
            {
                needed = "int64";
                because = $"the example value {raw} is beyond 2^31";
            }
        }

        var current = field.Format ?? "int32";
        if (needed is null || Rank(needed) <= Rank(current))
        {
            return;
        }

        field.Reviews.RemoveAll(r => r == Int32Guess);
        field.Reviews.Add(field.FormatGuessed || field.Format is null
            ? $"{needed}: {because}"
            : $"the width {current} cannot hold it: {needed}, because {because} (the examples won)");
        field.Format = needed;
        field.FormatGuessed = false;
        field.NumberFromEvidence = true;
    }

    private static int Rank(string format) => format switch
    {
        "int32" => 0,
        "uint32" => 1,
        "int64" => 2,
        "uint64" => 3,
        "double" => 4,
        _ => 0,
    };

    private static string? Text(JsonValue v) => v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static string Sample(IEnumerable<JsonNode> values) =>
        string.Join(", ", values.Select(v => v.ToJsonString()).Distinct().Take(3));
}
