using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using WxContracts.Specs.Model;

namespace WxContracts.Specs.Parsing;

/// <summary>What is wrong with one JSON value measured against a parameter table.</summary>
public enum TableProblemKind
{
    /// <summary>A property the table does not list.</summary>
    UnknownField,

    /// <summary>A required field is absent.</summary>
    MissingRequired,

    /// <summary>A required field is JSON null.</summary>
    RequiredNull,

    /// <summary>The JSON type is not the table's (see <see cref="TableProblem.Expected"/>).</summary>
    WrongType,

    /// <summary>A number, or a numeric string, that does not fit the field's format.</summary>
    OutOfRange,

    /// <summary>A value the field's enum does not list.</summary>
    NotInEnum,
}

/// <summary>One problem found by <see cref="TableValidator"/>, with the offset of the value in the JSON text.</summary>
public sealed class TableProblem
{
    public TableProblem(TableProblemKind kind, int offset, string path, FieldSpec? field, JValue? value, string? detail)
    {
        Kind = kind;
        Offset = offset;
        Path = path;
        Field = field;
        Value = value;
        Detail = detail;
    }

    public TableProblemKind Kind { get; }

    public int Offset { get; }

    /// <summary>The dotted path of the value, e.g. <c>request.list[0].name</c>.</summary>
    public string Path { get; }

    /// <summary>The field of the table, null for an unknown field.</summary>
    public FieldSpec? Field { get; }

    /// <summary>The offending value, null for a missing field.</summary>
    public JValue? Value { get; }

    /// <summary>For WrongType what was expected ("a number"); for NotInEnum the value; otherwise null.</summary>
    public string? Detail { get; }

    public string? Expected => Kind == TableProblemKind.WrongType ? Detail : null;
}

/// <summary>
/// The one implementation of "does this JSON agree with the parameter table": known fields, JSON types, number
/// widths, numeric strings, enum values, required fields. The generator uses it on spec examples (located
/// diagnostics), the mock server on live requests (WeChat error codes).
/// </summary>
public static class TableValidator
{
    /// <param name="spec">The endpoint, for its enums.</param>
    /// <param name="obj">The JSON object to check.</param>
    /// <param name="fields">The table.</param>
    /// <param name="rootPath">The path prefix of the object's fields, e.g. "request".</param>
    /// <param name="isEnvelope">True for a response body: errcode and errmsg are always allowed.</param>
    public static List<TableProblem> Validate(EndpointSpec spec, JObject obj, EquatableArray<FieldSpec> fields, string rootPath, bool isEnvelope)
    {
        var problems = new List<TableProblem>();
        CheckObject(spec, obj, fields, rootPath, isEnvelope, problems);
        return problems;
    }

    private static void CheckObject(EndpointSpec spec, JObject obj, EquatableArray<FieldSpec> fields, string path, bool isEnvelope, List<TableProblem> problems)
    {
        // A union's discriminator picks the case whose fields are allowed beside it; an unlisted value allows anything.
        var union = fields.FirstOrDefault(f => f.Kind == FieldKind.Union);
        UnionCaseSpec? chosen = null;
        var openCase = false;
        if (union is not null && obj.Properties.FirstOrDefault(p => p.Key == union.WireName).Value is JString discriminator)
        {
            chosen = union.Cases.FirstOrDefault(c => c.Value == discriminator.Value);
            openCase = chosen is null;
        }

        for (var i = 0; i < obj.Properties.Count; i++)
        {
            var name = obj.Properties[i].Key;
            var value = obj.Properties[i].Value;
            var field = fields.FirstOrDefault(f => f.WireName == name) ?? chosen?.Object.Fields.FirstOrDefault(f => f.WireName == name);
            if (field is null && openCase)
            {
                continue;
            }

            if (field is null)
            {
                if (isEnvelope && name is "errcode" or "errmsg")
                {
                    continue;
                }

                problems.Add(new TableProblem(TableProblemKind.UnknownField, obj.KeyOffsets[i], path + "." + name, null, value, null));
                continue;
            }

            CheckValue(spec, value, field, path + "." + name, problems);
        }

        foreach (var field in chosen is null ? fields : fields.Concat(chosen.Object.Fields))
        {
            // File parts of a multipart request are never in the JSON.
            if (field.Required && field.Kind != FieldKind.File && !obj.Properties.Any(p => p.Key == field.WireName))
            {
                problems.Add(new TableProblem(TableProblemKind.MissingRequired, obj.Offset, path + "." + field.WireName, field, null, null));
            }
        }
    }

    private static void CheckValue(EndpointSpec spec, JValue value, FieldSpec field, string path, List<TableProblem> problems)
    {
        if (value is JLiteral { Value: null })
        {
            if (field.Required)
            {
                problems.Add(new TableProblem(TableProblemKind.RequiredNull, value.Offset, path, field, value, null));
            }

            return;
        }

        if (field.ListDepth > 1)
        {
            // A list of lists: each item is itself a list of the field's items.
            if (value is JArray outer)
            {
                var inner = field with { ListDepth = field.ListDepth - 1, Required = true };
                for (var i = 0; i < outer.Items.Count; i++)
                {
                    CheckValue(spec, outer.Items[i], inner, path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]", problems);
                }
            }
            else
            {
                WrongType(value, field, path, "an array of arrays", problems);
            }

            return;
        }

        switch (field.Kind)
        {
            case FieldKind.Object when field.OneOrMany && value is JArray many:
            case FieldKind.ObjectArray when field.OneOrMany && value is JObject:
                // Read both forms: a single object or an array of them.
                CheckValue(spec, value, field with { Kind = value is JArray ? FieldKind.ObjectArray : FieldKind.Object, OneOrMany = false }, path, problems);
                break;
            case FieldKind.Object:
                if (value is JObject o)
                {
                    CheckObject(spec, o, field.Object!.Fields, path, false, problems);
                }
                else
                {
                    WrongType(value, field, path, "an object", problems);
                }

                break;
            case FieldKind.Json:
                break;
            case FieldKind.Union:
                CheckScalar(spec, value, field with { Kind = FieldKind.String, ItemKind = FieldKind.String }, path, problems);
                break;
            case FieldKind.Map:
                if (value is JObject entries)
                {
                    for (var i = 0; i < entries.Properties.Count; i++)
                    {
                        var entryPath = path + "." + entries.Properties[i].Key;
                        var entry = entries.Properties[i].Value;
                        if (field.ItemKind == FieldKind.Object)
                        {
                            CheckValue(spec, entry, field with { Kind = FieldKind.Object, Required = false }, entryPath, problems);
                        }
                        else if (entry is not JLiteral { Value: null })
                        {
                            CheckScalar(spec, entry, field, entryPath, problems);
                        }
                    }
                }
                else
                {
                    WrongType(value, field, path, "an object keyed by name (a map)", problems);
                }

                break;
            case FieldKind.ObjectArray:
                if (value is JArray arr)
                {
                    for (var i = 0; i < arr.Items.Count; i++)
                    {
                        var itemPath = path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]";
                        if (arr.Items[i] is JObject item)
                        {
                            CheckObject(spec, item, field.Object!.Fields, itemPath, false, problems);
                        }
                        else
                        {
                            WrongType(arr.Items[i], field, itemPath, "an object", problems);
                        }
                    }
                }
                else
                {
                    WrongType(value, field, path, "an array of objects", problems);
                }

                break;
            case FieldKind.File:
                WrongType(value, field, path, "a file part of the multipart body, which cannot appear in JSON", problems);
                break;
            case FieldKind.Array:
                if (value is JArray scalars)
                {
                    for (var i = 0; i < scalars.Items.Count; i++)
                    {
                        CheckScalar(spec, scalars.Items[i], field, path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]", problems);
                    }
                }
                else
                {
                    WrongType(value, field, path, "an array", problems);
                }

                break;
            default:
                CheckScalar(spec, value, field, path, problems);
                break;
        }
    }

    private static void CheckScalar(EndpointSpec spec, JValue value, FieldSpec field, string path, List<TableProblem> problems)
    {
        string? wire = null;
        switch (field.ScalarKind)
        {
            case FieldKind.String:
                if (value is JString s)
                {
                    wire = s.Value;
                }
                else
                {
                    WrongType(value, field, path, "a string", problems);
                }

                break;
            case FieldKind.Boolean:
                if (value is not JLiteral { Value: not null })
                {
                    WrongType(value, field, path, "true or false", problems);
                }

                break;
            case FieldKind.Number:
                if (value is JNumber n)
                {
                    wire = n.Raw;
                    if (field.Format != NumberFormat.Double && !FitsInteger(n.Raw, field.Format))
                    {
                        problems.Add(new TableProblem(TableProblemKind.OutOfRange, value.Offset, path, field, value, null));
                    }
                }
                else if (value is JString ns && field.NumberOrString)
                {
                    wire = ns.Value;
                    var parsable = field.Format == NumberFormat.Double
                        ? double.TryParse(ns.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                        : FitsInteger(ns.Value, field.Format);
                    if (!parsable)
                    {
                        problems.Add(new TableProblem(TableProblemKind.OutOfRange, value.Offset, path, field, value, null));
                    }
                }
                else
                {
                    WrongType(value, field, path, field.NumberOrString ? "a number or a numeric string" : "a number", problems);
                }

                break;
        }

        if (wire is not null && field.EnumName is { } enumName)
        {
            var e = spec.Enums.FirstOrDefault(x => x.Name == enumName);
            if (e is not null && !e.Values.Any(v => v.Wire == wire))
            {
                problems.Add(new TableProblem(TableProblemKind.NotInEnum, value.Offset, path, field, value, wire));
            }
        }
    }

    /// <summary>True if <paramref name="raw"/> is an integer that fits <paramref name="format"/> (always true for double).</summary>
    public static bool FitsInteger(string raw, NumberFormat format)
    {
        switch (format)
        {
            case NumberFormat.Int32: return int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);
            case NumberFormat.Int64: return long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);
            case NumberFormat.UInt32: return uint.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out _);
            case NumberFormat.UInt64: return ulong.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out _);
            default: return true;
        }
    }

    private static void WrongType(JValue value, FieldSpec field, string path, string expected, List<TableProblem> problems) =>
        problems.Add(new TableProblem(TableProblemKind.WrongType, value.Offset, path, field, value, expected));
}
