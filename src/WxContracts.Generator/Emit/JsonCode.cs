using System.Text;
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

    /// <summary>Appends a converter local for a property: its camelCase name and a suffix (<c>msgDataIdValue</c>), which
    /// keeps it clear of keywords, parameters and the other locals.</summary>
    public static StringBuilder Local(StringBuilder sb, BoundProperty p, string suffix) =>
        sb.Append(char.ToLowerInvariant(p.Key[0])).Append(p.Key, 1, p.Key.Length - 1).Append(suffix);

    /// <summary>A converter local's name, for the few places that use it more than once.</summary>
    public static string LocalName(BoundProperty p, string suffix) => Local(new StringBuilder(p.Key.Length + suffix.Length), p, suffix).ToString();

    /// <summary>The pattern variable of a union case when writing it (<c>textMessageCase</c>).</summary>
    public static string LocalCase(BoundUnionCase c) => char.ToLowerInvariant(c.TypeName[0]) + c.TypeName.Substring(1) + "Case";

    /// <summary>Appends the type of the local a property is read into.</summary>
    public static StringBuilder LocalType(StringBuilder sb, BoundProperty p)
    {
        if (p.IsList)
        {
            return sb.Append("global::System.Collections.Generic.List<").Append(p.ElementType).Append(">?");
        }

        if (p.IsMap)
        {
            return sb.Append("global::System.Collections.Generic.Dictionary<string, ").Append(p.ValueType).Append(">?");
        }

        return sb.Append(p.ValueType).Append(p.IsObject || p.IsUnion || !(p.Required && p.IsValueType) ? "?" : string.Empty);
    }

    /// <summary>Appends the expression that reads one property's value at the current token.</summary>
    public static StringBuilder Read(StringBuilder sb, BoundProperty p)
    {
        if (p.IsObject)
        {
            return p.Required
                ? Literal.AppendString(sb.Append(H).Append(".NotNull(ref reader, "), p.WireName).Append(") ? ").Append(p.NestedConverter).Append(".ReadObject(ref reader) : null")
                : sb.Append("reader.TokenType == ").Append(TokenType).Append(".Null ? null : ").Append(p.NestedConverter).Append(".ReadObject(ref reader)");
        }

        if (p.IsList || p.IsMap)
        {
            return p.Required
                ? Literal.AppendString(sb.Append(H).Append(".NotNull(ref reader, "), p.WireName).Append(") ? ").Append(p.ListReader).Append("(ref reader) : null")
                : sb.Append(p.ListReader).Append("(ref reader)");
        }

        if (p.IsJson)
        {
            return p.Required
                ? sb.Append("global::System.Text.Json.JsonElement.ParseValue(ref reader)")
                : sb.Append("reader.TokenType == ").Append(TokenType).Append(".Null ? null : global::System.Text.Json.JsonElement.ParseValue(ref reader)");
        }

        return ScalarRead(sb, p, p.Required);
    }

    /// <summary>Appends the expression that reads one item of a list property at the current token.</summary>
    public static StringBuilder ItemRead(StringBuilder sb, BoundProperty p) =>
        p.HasObjectValues ? sb.Append(p.NestedConverter).Append(".ReadObject(ref reader)") : ScalarRead(sb, p, required: true);

    /// <summary>Appends the statements that write a present value <paramref name="v"/> of the property.</summary>
    public static void Write(StringBuilder sb, BoundProperty p, string v, string indent)
    {
        var name = p.EncodedName;
        if (p.IsObject)
        {
            sb.Append(indent).Append("writer.WritePropertyName(").Append(name).Append(");\n")
              .Append(indent).Append(p.NestedConverter).Append(".WriteObject(writer, ").Append(v).Append(");\n");
            return;
        }

        if (p.IsList && p.IsListOfLists)
        {
            sb.Append(indent).Append("writer.WriteStartArray(").Append(name).Append(");\n")
              .Append(indent).Append("foreach (var items in ").Append(v).Append(")\n").Append(indent).Append("{\n")
              .Append(indent).Append("    writer.WriteStartArray();\n")
              .Append(indent).Append("    foreach (var item in items)\n").Append(indent).Append("    {\n");
            WriteValue(sb.Append(indent).Append("        "), p, "item").Append(";\n")
              .Append(indent).Append("    }\n\n")
              .Append(indent).Append("    writer.WriteEndArray();\n")
              .Append(indent).Append("}\n\n")
              .Append(indent).Append("writer.WriteEndArray();\n");
            return;
        }

        if (p.IsList)
        {
            if (p.Field.Kind != FieldKind.Object)
            {
                WriteArray(sb, p, v, indent);
                return;
            }

            // Read as one or many, written in the documented form: an object when there is one.
            sb.Append(indent).Append("if (").Append(v).Append(".Count == 1)\n").Append(indent).Append("{\n")
              .Append(indent).Append("    writer.WritePropertyName(").Append(name).Append(");\n")
              .Append(indent).Append("    ").Append(p.NestedConverter).Append(".WriteObject(writer, ").Append(v).Append("[0]);\n")
              .Append(indent).Append("}\n").Append(indent).Append("else\n").Append(indent).Append("{\n");
            WriteArray(sb, p, v, indent + "    ");
            sb.Append(indent).Append("}\n");
            return;
        }

        if (p.IsMap)
        {
            sb.Append(indent).Append("writer.WriteStartObject(").Append(name).Append(");\n")
              .Append(indent).Append("foreach (var pair in ").Append(v).Append(")\n").Append(indent).Append("{\n")
              .Append(indent).Append("    writer.WritePropertyName(pair.Key);\n");
            WriteValue(sb.Append(indent).Append("    "), p, "pair.Value").Append(";\n")
              .Append(indent).Append("}\n")
              .Append(indent).Append("writer.WriteEndObject();\n");
            return;
        }

        if (p.IsJson)
        {
            sb.Append(indent).Append("writer.WritePropertyName(").Append(name).Append(");\n")
              .Append(indent).Append(v).Append(".WriteTo(writer);\n");
            return;
        }

        var method = p.Field.ScalarKind switch
        {
            FieldKind.String => "WriteString",
            FieldKind.Boolean => "WriteBoolean",
            _ => "WriteNumber",
        };
        sb.Append(indent).Append("writer.").Append(method).Append('(').Append(name).Append(", ").Append(v).Append(p.Field.EnumName is not null ? ".Value" : string.Empty).Append(");\n");
    }

    private static void WriteArray(StringBuilder sb, BoundProperty p, string v, string indent)
    {
        sb.Append(indent).Append("writer.WriteStartArray(").Append(p.EncodedName).Append(");\n")
          .Append(indent).Append("foreach (var item in ").Append(v).Append(")\n").Append(indent).Append("{\n");
        WriteValue(sb.Append(indent).Append("    "), p, "item").Append(";\n")
          .Append(indent).Append("}\n")
          .Append(indent).Append("writer.WriteEndArray();\n");
    }

    private static StringBuilder WriteValue(StringBuilder sb, BoundProperty p, string v)
    {
        if (p.HasObjectValues)
        {
            return sb.Append(p.NestedConverter).Append(".WriteObject(writer, ").Append(v).Append(')');
        }

        var method = p.Field.ScalarKind switch
        {
            FieldKind.String => "writer.WriteStringValue(",
            FieldKind.Boolean => "writer.WriteBooleanValue(",
            _ => "writer.WriteNumberValue(",
        };
        return sb.Append(method).Append(v).Append(p.Field.EnumName is not null ? ".Value" : string.Empty).Append(')');
    }

    private static StringBuilder ScalarRead(StringBuilder sb, BoundProperty p, bool required)
    {
        var lenient = p.Field.Lenient ? "true" : "false";
        if (p.EnumType is { } enumType)
        {
            if (!required)
            {
                // The explicit cast matters: string enums convert implicitly from string, so a bare null would too.
                sb.Append("reader.TokenType == ").Append(TokenType).Append(".Null ? (").Append(enumType).Append("?)null : ");
            }

            return p.Field.ScalarKind == FieldKind.Number
                ? Literal.AppendString(sb.Append("new ").Append(enumType).Append('(').Append(H).Append('.').Append(RuntimeNames.NumberReader(NumberFormat.Int32, nullable: false)).Append("(ref reader, ").Append(lenient).Append(", "), p.WireName).Append("))")
                : Literal.AppendString(sb.Append(p.EnumConverter).Append(".ReadValue(ref reader, "), p.WireName).Append(')'); // string enums keep a number's text as the value
        }

        return Literal.AppendString(sb.Append(H).Append('.').Append(required ? p.ItemReader : p.Reader).Append("(ref reader, ").Append(lenient).Append(", "), p.WireName).Append(')');
    }
}
