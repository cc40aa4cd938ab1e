using System.Linq;
using WxContracts.Generator.Model;

namespace WxContracts.Generator.Emit;

/// <summary>
/// Emits one JsonConverter per generated class and enum of a spec, as private classes nested in the JSON
/// context. They read with Utf8JsonReader and write with Utf8JsonWriter directly: no reflection, no
/// dictionaries, trim- and AOT-safe.
/// </summary>
internal static class JsonConverterEmitter
{
    private const string Reader = "ref global::System.Text.Json.Utf8JsonReader reader";
    private const string H = Types.JsonHelpers;

    public static string Emit(EndpointSpec spec, string ns)
    {
        var w = SourceWriter.File(ns);
        w.Open($"public sealed partial class {Types.ContextName}");
        var first = true;
        foreach (var obj in Types.Objects(spec, ns))
        {
            if (!first)
            {
                w.Line();
            }

            first = false;
            WriteObjectConverter(w, obj, spec, ns);
        }

        foreach (var e in spec.Enums)
        {
            w.Line();
            WriteEnumConverter(w, e, ns);
        }

        w.Close();
        return w.ToString();
    }

    private static void WriteObjectConverter(SourceWriter w, ObjectInfo obj, EndpointSpec spec, string ns)
    {
        var t = obj.FullName;
        var typeLabel = obj.ContextName;
        // File parts of a multipart request travel outside the JSON, like query parameters.
        var fields = obj.Spec.Fields.Where(f => f.Kind != FieldKind.File).ToList();
        var fileFields = obj.Spec.Fields.Where(f => f.Kind == FieldKind.File).ToList();
        var isResponse = obj.Role == ObjectRole.Response;

        w.DocRaw($"<summary>Reads and writes <see cref=\"{t.Substring(8)}\"/>.</summary>");
        w.Open($"private sealed class {obj.ConverterName} : global::System.Text.Json.Serialization.JsonConverter<{t}>");
        foreach (var f in fields)
        {
            w.Line($"private static readonly global::System.Text.Json.JsonEncodedText {f.PropertyName}Name = global::System.Text.Json.JsonEncodedText.Encode({Literal.String(f.WireName)});");
        }

        if (fields.Count > 0)
        {
            w.Line();
        }

        w.Line("/// <inheritdoc/>");
        w.Line($"public override {t} Read({Reader}, global::System.Type typeToConvert, global::System.Text.Json.JsonSerializerOptions options) => ReadObject(ref reader);");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line($"public override void Write(global::System.Text.Json.Utf8JsonWriter writer, {t} value, global::System.Text.Json.JsonSerializerOptions options) => WriteObject(writer, value);");
        w.Line();

        // Read
        w.Open($"internal static {t} ReadObject({Reader})");
        w.Line($"{H}.StartObject(ref reader, {Literal.String(typeLabel)});");
        for (var i = 0; i < fields.Count; i++)
        {
            var f = fields[i];
            w.Line($"{LocalType(f, t, ns)} v{i} = default;");
            if (f.Required)
            {
                w.Line($"var has{i} = false;");
            }
        }

        if (isResponse)
        {
            w.Line("var errCode = 0;");
            w.Line("string? errMsg = null;");
        }

        w.Line("global::System.Collections.Generic.Dictionary<string, global::System.Text.Json.JsonElement>? additional = null;");
        w.Open("while (reader.Read() && reader.TokenType == global::System.Text.Json.JsonTokenType.PropertyName)");
        var keyword = "if";
        for (var i = 0; i < fields.Count; i++)
        {
            var f = fields[i];
            w.Open($"{keyword} (reader.ValueTextEquals({Literal.Utf8(f.WireName)}))");
            w.Line("reader.Read();");
            w.Line($"v{i} = {ReadExpression(f, f.Required, obj, ns)};");
            if (f.Required)
            {
                w.Line($"has{i} = true;");
            }

            w.Close();
            keyword = "else if";
        }

        if (isResponse)
        {
            w.Open($"{keyword} (reader.ValueTextEquals(\"errcode\"u8))");
            w.Line("reader.Read();");
            w.Line($"errCode = {H}.ReadInt32(ref reader, true, \"errcode\");");
            w.Close();
            w.Open("else if (reader.ValueTextEquals(\"errmsg\"u8))");
            w.Line("reader.Read();");
            w.Line($"errMsg = {H}.ReadNullableString(ref reader, \"errmsg\");");
            w.Close();
            keyword = "else if";
        }

        if (keyword == "if")
        {
            w.Line($"{H}.ReadAdditional(ref reader, ref additional);");
        }
        else
        {
            w.Open("else");
            w.Line($"{H}.ReadAdditional(ref reader, ref additional);");
            w.Close();
        }

        w.Close();
        w.Line();
        w.Line($"{H}.EndObject(ref reader, {Literal.String(typeLabel)});");
        if (fields.Any(f => f.Required))
        {
            if (isResponse)
            {
                // An error response carries errcode/errmsg only: the payload's required fields are not expected.
                w.Open("if (errCode == 0)");
            }

            for (var i = 0; i < fields.Count; i++)
            {
                if (fields[i].Required)
                {
                    w.Open($"if (!has{i})");
                    w.Line($"throw {H}.MissingRequired({Literal.String(fields[i].WireName)}, {Literal.String(typeLabel)});");
                    w.Close();
                }
            }

            if (isResponse)
            {
                w.Close();
            }
        }

        w.Line();
        w.Line($"return new {t}");
        w.Line("{");
        w.Indent();
        for (var i = 0; i < fields.Count; i++)
        {
            var f = fields[i];
            var bang = f.Required && !Types.IsValueType(f) ? "!" : string.Empty;
            w.Line($"{f.PropertyName} = v{i}{bang},");
        }

        if (obj.Role == ObjectRole.Request)
        {
            foreach (var q in spec.Query.Concat(fileFields))
            {
                // Query parameters and file parts are not in the JSON body; the caller sets them.
                w.Line($"{q.PropertyName} = default{(Types.IsValueType(q) ? string.Empty : "!")},");
            }
        }

        if (isResponse)
        {
            w.Line("ErrCode = errCode,");
            w.Line("ErrMsg = errMsg,");
        }

        w.Line("AdditionalProperties = additional,");
        w.Outdent();
        w.Line("};");
        w.Close();
        w.Line();

        // Write
        w.Open($"internal static void WriteObject(global::System.Text.Json.Utf8JsonWriter writer, {t} value)");
        w.Line("writer.WriteStartObject();");
        if (isResponse)
        {
            w.Open("if (value.ErrCode != 0 || value.ErrMsg is not null)");
            w.Line("writer.WriteNumber(\"errcode\"u8, value.ErrCode);");
            w.Close();
            w.Open("if (value.ErrMsg is not null)");
            w.Line("writer.WriteString(\"errmsg\"u8, value.ErrMsg);");
            w.Close();
        }

        for (var i = 0; i < fields.Count; i++)
        {
            var f = fields[i];
            if (f.Required && Types.IsValueType(f))
            {
                WriteField(w, f, $"value.{f.PropertyName}", obj, ns);
                continue;
            }

            w.Open($"if (value.{f.PropertyName} is {{ }} v{i})");
            WriteField(w, f, $"v{i}", obj, ns);
            w.Close();
            if (f.Required)
            {
                w.Open("else");
                w.Line($"writer.WriteNull({f.PropertyName}Name);");
                w.Close();
            }
        }

        w.Line($"{H}.WriteAdditional(writer, value.AdditionalProperties);");
        w.Line("writer.WriteEndObject();");
        w.Close();

        // List readers
        for (var i = 0; i < fields.Count; i++)
        {
            var f = fields[i];
            if (f.Kind is not (FieldKind.ObjectArray or FieldKind.Array))
            {
                continue;
            }

            var item = ItemType(f, t, ns);
            w.Line();
            w.Open($"private static global::System.Collections.Generic.List<{item}>? Read{f.PropertyName}({Reader})");
            w.Open("if (reader.TokenType == global::System.Text.Json.JsonTokenType.Null)");
            w.Line("return null;");
            w.Close();
            w.Line();
            w.Line($"{H}.StartArray(ref reader, {Literal.String(f.WireName)});");
            w.Line($"var list = new global::System.Collections.Generic.List<{item}>();");
            w.Open("while (reader.Read() && reader.TokenType != global::System.Text.Json.JsonTokenType.EndArray)");
            w.Line($"list.Add({ItemReadExpression(f, obj, ns)});");
            w.Close();
            w.Line();
            w.Line("return list;");
            w.Close();
        }

        w.Close();
    }

    private static string LocalType(FieldSpec f, string owner, string ns)
    {
        if (f.Kind is FieldKind.ObjectArray or FieldKind.Array)
        {
            return "global::System.Collections.Generic.List<" + ItemType(f, owner, ns) + ">?";
        }

        if (f.Kind == FieldKind.Object)
        {
            return owner + "." + f.Object!.TypeName + "?";
        }

        // Required value types need no null state; everything else starts out null.
        return Types.Scalar(f, ns) + (f.Required && Types.IsValueType(f) ? string.Empty : "?");
    }

    private static string ItemType(FieldSpec f, string owner, string ns) =>
        f.Kind == FieldKind.ObjectArray ? owner + "." + f.Object!.TypeName : Types.Scalar(f, ns);

    private static string ConverterOf(ObjectInfo owner, FieldSpec f) => owner.ContextName + f.Object!.TypeName + "Converter";

    /// <summary>Reads one field value at the current token.</summary>
    private static string ReadExpression(FieldSpec f, bool required, ObjectInfo owner, string ns)
    {
        var name = Literal.String(f.WireName);
        switch (f.Kind)
        {
            case FieldKind.Object:
                return required
                    ? $"{H}.NotNull(ref reader, {name}) ? {ConverterOf(owner, f)}.ReadObject(ref reader) : null"
                    : $"reader.TokenType == global::System.Text.Json.JsonTokenType.Null ? null : {ConverterOf(owner, f)}.ReadObject(ref reader)";
            case FieldKind.ObjectArray:
            case FieldKind.Array:
                return required ? $"{H}.NotNull(ref reader, {name}) ? Read{f.PropertyName}(ref reader) : null" : $"Read{f.PropertyName}(ref reader)";
            default:
                return ScalarRead(f, required, ns);
        }
    }

    private static string ItemReadExpression(FieldSpec f, ObjectInfo owner, string ns) =>
        f.Kind == FieldKind.ObjectArray
            ? $"{ConverterOf(owner, f)}.ReadObject(ref reader)"
            : ScalarRead(f, required: true, ns);

    private static string ScalarRead(FieldSpec f, bool required, string ns)
    {
        var name = Literal.String(f.WireName);
        var lenient = f.NumberOrString ? "true" : "false";
        var nullable = required ? string.Empty : "Nullable";
        if (f.EnumName is { } enumName)
        {
            var enumType = Types.Qualify(ns, enumName);
            var inner = f.ScalarKind == FieldKind.Number
                ? $"new {enumType}({H}.ReadInt32(ref reader, {lenient}, {name}))"
                : $"{enumName}Converter.ReadValue(ref reader, {name})";
            // The explicit cast matters: string enums convert implicitly from string, so a bare null would too.
            return required
                ? inner
                : $"reader.TokenType == global::System.Text.Json.JsonTokenType.Null ? ({enumType}?)null : {inner}";
        }

        return f.ScalarKind switch
        {
            FieldKind.String => $"{H}.Read{nullable}String(ref reader, {name})",
            FieldKind.Boolean => $"{H}.Read{nullable}Boolean(ref reader, {name})",
            _ => $"{H}.Read{nullable}{f.Format}(ref reader, {lenient}, {name})",
        };
    }

    private static void WriteField(SourceWriter w, FieldSpec f, string v, ObjectInfo owner, string ns)
    {
        var name = f.PropertyName + "Name";
        switch (f.Kind)
        {
            case FieldKind.Object:
                w.Line($"writer.WritePropertyName({name});");
                w.Line($"{ConverterOf(owner, f)}.WriteObject(writer, {v});");
                break;
            case FieldKind.ObjectArray:
            case FieldKind.Array:
                w.Line($"writer.WriteStartArray({name});");
                w.Open($"foreach (var item in {v})");
                w.Line(WriteValue(f, "item", owner) + ";");
                w.Close();
                w.Line("writer.WriteEndArray();");
                break;
            default:
                w.Line(WriteNamed(f, name, v) + ";");
                break;
        }
    }

    private static string WriteNamed(FieldSpec f, string name, string v)
    {
        var value = f.EnumName is not null ? v + ".Value" : v;
        return f.ScalarKind switch
        {
            FieldKind.String => $"writer.WriteString({name}, {value})",
            FieldKind.Boolean => $"writer.WriteBoolean({name}, {value})",
            _ => $"writer.WriteNumber({name}, {value})",
        };
    }

    private static string WriteValue(FieldSpec f, string v, ObjectInfo owner)
    {
        if (f.Kind == FieldKind.ObjectArray)
        {
            return $"{ConverterOf(owner, f)}.WriteObject(writer, {v})";
        }

        var value = f.EnumName is not null ? v + ".Value" : v;
        return f.ScalarKind switch
        {
            FieldKind.String => $"writer.WriteStringValue({value})",
            FieldKind.Boolean => $"writer.WriteBooleanValue({value})",
            _ => $"writer.WriteNumberValue({value})",
        };
    }

    private static void WriteEnumConverter(SourceWriter w, EnumSpec e, string ns)
    {
        var t = Types.Qualify(ns, e.Name);
        w.DocRaw($"<summary>Reads and writes <see cref=\"{t.Substring(8)}\"/>, keeping values the spec does not list.</summary>");
        w.Open($"private sealed class {e.Name}Converter : global::System.Text.Json.Serialization.JsonConverter<{t}>");
        w.Line("/// <inheritdoc/>");
        w.Line($"public override {t} Read({Reader}, global::System.Type typeToConvert, global::System.Text.Json.JsonSerializerOptions options) => ReadValue(ref reader, {Literal.String(e.Name)});");
        w.Line();
        w.Line("/// <inheritdoc/>");
        if (e.IsNumber)
        {
            w.Line($"public override void Write(global::System.Text.Json.Utf8JsonWriter writer, {t} value, global::System.Text.Json.JsonSerializerOptions options) => writer.WriteNumberValue(value.Value);");
            w.Line();
            w.Line($"internal static {t} ReadValue({Reader}, string field) => new {t}({H}.ReadInt32(ref reader, false, field));");
        }
        else
        {
            w.Line($"public override void Write(global::System.Text.Json.Utf8JsonWriter writer, {t} value, global::System.Text.Json.JsonSerializerOptions options) => writer.WriteStringValue(value.Value);");
            w.Line();
            w.Open($"internal static {t} ReadValue({Reader}, string field)");
            w.Line($"{H}.ExpectString(ref reader, field);");
            foreach (var v in e.Values)
            {
                w.Open($"if (reader.ValueTextEquals({Literal.Utf8(v.Wire)}))");
                w.Line($"return {t}.{v.MemberName};");
                w.Close();
                w.Line();
            }

            w.Line($"return new {t}(reader.GetString()!);");
            w.Close();
        }

        w.Close();
    }
}
