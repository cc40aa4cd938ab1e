using WxContracts.Specs.Binding;
using WxContracts.Specs.Model;

namespace WxContracts.Generator.Emit;

/// <summary>
/// The C# expressions and statements of the generated converters' read and write paths, per property, used by
/// <see cref="JsonBlocks"/>: what one field's read or write looks like depends on its kind, requiredness, enum and
/// lenient numbers in ways that read better as code than as template branches.
/// </summary>
internal static class JsonCode
{
    private const string H = RuntimeNames.JsonHelpers;
    private const string TokenType = "global::System.Text.Json.JsonTokenType";

    /// <summary>A converter local for a property: its camelCase name and a suffix (<c>msgDataIdValue</c>), which
    /// keeps it clear of keywords, parameters and the other locals.</summary>
    public static string Local(BoundProperty p, string suffix) => char.ToLowerInvariant(p.Key[0]) + p.Key.Substring(1) + suffix;

    /// <summary>The pattern variable of a union case when writing it (<c>textMessageCase</c>).</summary>
    public static string LocalCase(BoundUnionCase c) => char.ToLowerInvariant(c.TypeName[0]) + c.TypeName.Substring(1) + "Case";

    /// <summary>The type of the local a property is read into.</summary>
    public static string LocalType(BoundProperty p) => p.IsList
        ? "global::System.Collections.Generic.List<" + p.ElementType + ">?"
        : p.IsMap
            ? "global::System.Collections.Generic.Dictionary<string, " + p.ValueType + ">?"
            : p.IsObject || p.IsUnion || !(p.Required && p.IsValueType) ? p.ValueType + "?" : p.ValueType;

    /// <summary>Reads one property's value at the current token.</summary>
    public static string ReadExpression(BoundProperty p)
    {
        var name = Literal.String(p.WireName);
        if (p.IsObject)
        {
            return p.Required
                ? $"{H}.NotNull(ref reader, {name}) ? {p.NestedConverter}.ReadObject(ref reader) : null"
                : $"reader.TokenType == {TokenType}.Null ? null : {p.NestedConverter}.ReadObject(ref reader)";
        }

        if (p.IsList || p.IsMap)
        {
            return p.Required ? $"{H}.NotNull(ref reader, {name}) ? {p.ListReader}(ref reader) : null" : $"{p.ListReader}(ref reader)";
        }

        if (p.IsJson)
        {
            return p.Required
                ? "global::System.Text.Json.JsonElement.ParseValue(ref reader)"
                : $"reader.TokenType == {TokenType}.Null ? null : global::System.Text.Json.JsonElement.ParseValue(ref reader)";
        }

        return ScalarRead(p, p.Required);
    }

    /// <summary>Reads one item of a list property at the current token.</summary>
    public static string ItemReadExpression(BoundProperty p) =>
        p.HasObjectValues ? $"{p.NestedConverter}.ReadObject(ref reader)" : ScalarRead(p, required: true);

    /// <summary>The statements that write a present value <paramref name="v"/> of the property.</summary>
    public static string WriteStatements(BoundProperty p, string v, string indent)
    {
        var name = p.EncodedName;
        if (p.IsObject)
        {
            return $"{indent}writer.WritePropertyName({name});\n{indent}{p.NestedConverter}.WriteObject(writer, {v});\n";
        }

        if (p.IsList && p.IsListOfLists)
        {
            return $"{indent}writer.WriteStartArray({name});\n"
                + $"{indent}foreach (var items in {v})\n{indent}{{\n"
                + $"{indent}    writer.WriteStartArray();\n"
                + $"{indent}    foreach (var item in items)\n{indent}    {{\n"
                + $"{indent}        {WriteValue(p, "item")};\n"
                + $"{indent}    }}\n\n"
                + $"{indent}    writer.WriteEndArray();\n"
                + $"{indent}}}\n\n"
                + $"{indent}writer.WriteEndArray();\n";
        }

        if (p.IsList)
        {
            var array = $"{indent}writer.WriteStartArray({name});\n"
                + $"{indent}foreach (var item in {v})\n{indent}{{\n"
                + $"{indent}    {WriteValue(p, "item")};\n"
                + $"{indent}}}\n"
                + $"{indent}writer.WriteEndArray();\n";
            if (p.Field.Kind != FieldKind.Object)
            {
                return array;
            }

            // Read as one or many, written in the documented form: an object when there is one.
            return $"{indent}if ({v}.Count == 1)\n{indent}{{\n"
                + $"{indent}    writer.WritePropertyName({name});\n"
                + $"{indent}    {p.NestedConverter}.WriteObject(writer, {v}[0]);\n"
                + $"{indent}}}\n{indent}else\n{indent}{{\n"
                + array.Replace("\n" + indent, "\n" + indent + "    ").Insert(0, "    ")
                + $"{indent}}}\n";
        }

        if (p.IsMap)
        {
            return $"{indent}writer.WriteStartObject({name});\n"
                + $"{indent}foreach (var pair in {v})\n{indent}{{\n"
                + $"{indent}    writer.WritePropertyName(pair.Key);\n"
                + $"{indent}    {WriteValue(p, "pair.Value")};\n"
                + $"{indent}}}\n"
                + $"{indent}writer.WriteEndObject();\n";
        }

        if (p.IsJson)
        {
            return $"{indent}writer.WritePropertyName({name});\n{indent}{v}.WriteTo(writer);\n";
        }

        var value = p.Field.EnumName is not null ? v + ".Value" : v;
        var method = p.Field.ScalarKind switch
        {
            FieldKind.String => "WriteString",
            FieldKind.Boolean => "WriteBoolean",
            _ => "WriteNumber",
        };
        return $"{indent}writer.{method}({name}, {value});\n";
    }

    private static string WriteValue(BoundProperty p, string v)
    {
        if (p.HasObjectValues)
        {
            return $"{p.NestedConverter}.WriteObject(writer, {v})";
        }

        var value = p.Field.EnumName is not null ? v + ".Value" : v;
        return p.Field.ScalarKind switch
        {
            FieldKind.String => $"writer.WriteStringValue({value})",
            FieldKind.Boolean => $"writer.WriteBooleanValue({value})",
            _ => $"writer.WriteNumberValue({value})",
        };
    }

    private static string ScalarRead(BoundProperty p, bool required)
    {
        var name = Literal.String(p.WireName);
        var lenient = p.Field.Lenient ? "true" : "false";
        var reader = required ? p.ItemReader : p.Reader;
        if (p.EnumType is { } enumType)
        {
            var inner = p.Field.ScalarKind == FieldKind.Number
                ? $"new {enumType}({H}.{RuntimeNames.NumberReader(NumberFormat.Int32, nullable: false)}(ref reader, {lenient}, {name}))"
                : $"{p.EnumConverter}.ReadValue(ref reader, {name})"; // string enums keep a number's text as the value
            // The explicit cast matters: string enums convert implicitly from string, so a bare null would too.
            return required ? inner : $"reader.TokenType == {TokenType}.Null ? ({enumType}?)null : {inner}";
        }

        return $"{H}.{reader}(ref reader, {lenient}, {name})";
    }
}
