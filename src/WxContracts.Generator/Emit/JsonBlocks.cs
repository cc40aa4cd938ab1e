using System.Collections.Generic;
using System.Text;
using Scriban;
using WxContracts.Specs.Binding;

namespace WxContracts.Generator.Emit;

/// <summary>
/// The per-field blocks of one generated converter: the name fields, the read locals, the branches of the read loop,
/// the required and union checks, the initializer, the writes and the collection readers. <c>Json.scriban</c> lays out
/// each converter (its class, methods, loop and return) and calls these for the parts that repeat per field.
/// </summary>
/// <remarks>
/// These were template loops first. At 1,000 specs they were half of all generated text and, interpreted, most of the
/// generator's cold time (see docs/architecture.md, "Templates and code"); as code they give the same text, checked
/// by the snapshot tests. Each block appends complete lines, each ending in a newline, straight to the render's output
/// (<see cref="Templates.Output"/>) and returns nothing, so the text is not copied through an intermediate string.
/// </remarks>
internal static class JsonBlocks
{
    private const string H = RuntimeNames.JsonHelpers;
    private const string T = "global::System.Text.Json.JsonTokenType";

    /// <summary>The <c>JsonEncodedText</c> of every wire name the converter writes, then a blank line.</summary>
    public static string JsonNameFields(TemplateContext context, BoundClass c)
    {
        var json = c.JsonFields;
        if (json.Count == 0)
        {
            return string.Empty;
        }

        var sb = Templates.Output(context);
        foreach (var p in json)
        {
            NameField(sb, p);
        }

        foreach (var f in c.CaseFields)
        {
            NameField(sb, f);
        }

        sb.Append('\n');
        return string.Empty;
    }

    private static void NameField(StringBuilder sb, BoundProperty p) =>
        sb.Append("        private static readonly global::System.Text.Json.JsonEncodedText ").Append(p.EncodedName)
          .Append(" = global::System.Text.Json.JsonEncodedText.Encode(").AppendLiteral(p.WireName).Append(");\n");

    /// <summary>The locals the read loop fills: a value (and a seen flag when required) per field.</summary>
    public static string JsonReadLocals(TemplateContext context, BoundClass c)
    {
        var sb = Templates.Output(context);
        foreach (var p in c.JsonFields)
        {
            Local(sb, p);
            if (p.IsUnion)
            {
                sb.Append("            // The discriminator decides which fields belong to the union: look it up before reading.\n")
                  .Append("            var ").AppendLocal(p, "Kind").Append(" = ").Append(H).Append(".PeekString(reader, ").AppendUtf8Literal(p.WireName).Append(");\n");
            }
        }

        foreach (var f in c.CaseFields)
        {
            Local(sb, f);
        }

        if (c.IsResponse)
        {
            sb.Append("            var errCode = 0;\n            string? errMsg = null;\n");
        }

        return string.Empty;
    }

    private static void Local(StringBuilder sb, BoundProperty p)
    {
        sb.Append("            ").AppendLocalType(p).Append(' ').AppendLocal(p, "Value").Append(" = default;\n");
        if (p.Required)
        {
            sb.Append("            var ").AppendLocal(p, "Seen").Append(" = false;\n");
        }
    }

    /// <summary>The branches of the read loop: one per wire name, then errcode/errmsg and the fields no one listed.</summary>
    public static string JsonReadBranches(TemplateContext context, BoundClass c)
    {
        var json = c.JsonFields;
        var sb = Templates.Output(context);
        var first = true;
        foreach (var p in json)
        {
            sb.Append("                ").Append(first ? "if" : "else if").Append(" (reader.ValueTextEquals(").AppendUtf8Literal(p.WireName).Append("))\n")
              .Append("                {\n")
              .Append("                    reader.Read();\n");
            if (p.IsUnion)
            {
                sb.Append("                    ").AppendLocal(p, "Kind").Append(" = ").Append(H).Append(".ReadNullableString(ref reader, true, ").AppendLiteral(p.WireName).Append(");\n");
            }
            else
            {
                sb.Append("                    ").AppendLocal(p, "Value").Append(" = ").AppendRead(p).Append(";\n");
            }

            Seen(sb, p, "                    ");
            sb.Append("                }\n");
            first = false;
        }

        foreach (var k in c.UnionOptions)
        {
            foreach (var f in k.Option.Fields)
            {
                sb.Append("                else if (").AppendLocal(k.Owner, "Kind").Append(" == ").AppendLiteral(k.Option.Value)
                  .Append(" && reader.ValueTextEquals(").AppendUtf8Literal(f.WireName).Append("))\n")
                  .Append("                {\n")
                  .Append("                    reader.Read();\n")
                  .Append("                    ").AppendLocal(f, "Value").Append(" = ").AppendRead(f).Append(";\n");
                Seen(sb, f, "                    ");
                sb.Append("                }\n");
            }
        }

        if (c.IsResponse)
        {
            sb.Append("                ").Append(json.Count > 0 ? "else if" : "if").Append(" (reader.ValueTextEquals(\"errcode\"u8))\n")
              .Append("                {\n")
              .Append("                    reader.Read();\n")
              .Append("                    errCode = ").Append(H).Append(".ReadInt32(ref reader, true, \"errcode\");\n")
              .Append("                }\n")
              .Append("                else if (reader.ValueTextEquals(\"errmsg\"u8))\n")
              .Append("                {\n")
              .Append("                    reader.Read();\n")
              .Append("                    errMsg = ").Append(H).Append(".ReadNullableString(ref reader, \"errmsg\");\n")
              .Append("                }\n");
        }

        if (json.Count > 0 || c.IsResponse)
        {
            sb.Append("                else\n")
              .Append("                {\n")
              .Append("                    ").Append(H).Append(".ReadAdditional(ref reader, ref additional);\n")
              .Append("                }\n");
        }
        else
        {
            sb.Append("                ").Append(H).Append(".ReadAdditional(ref reader, ref additional);\n");
        }

        return string.Empty;
    }

    private static void Seen(StringBuilder sb, BoundProperty p, string indent)
    {
        if (p.Required)
        {
            sb.Append(indent).AppendLocal(p, "Seen").Append(" = true;\n");
        }
    }

    /// <summary>After the loop: the required fields that must have come, then each union's case from its discriminator.</summary>
    public static string JsonReadChecks(TemplateContext context, BoundClass c)
    {
        var sb = Templates.Output(context);
        var required = c.RequiredJsonFields;
        if (required.Count > 0)
        {
            if (c.IsResponse)
            {
                sb.Append("            // An error response carries errcode/errmsg only: the payload's required fields are not expected.\n")
                  .Append("            if (errCode == 0)\n")
                  .Append("            {\n");
                foreach (var p in required)
                {
                    MissingCheck(sb, p, "                ");
                }

                sb.Append("            }\n");
            }
            else
            {
                foreach (var p in required)
                {
                    MissingCheck(sb, p, "            ");
                }
            }
        }

        foreach (var p in c.JsonFields)
        {
            if (p.Union is not { } union)
            {
                continue;
            }

            var kind = JsonCode.LocalName(p, "Kind");
            var value = JsonCode.LocalName(p, "Value");
            sb.Append('\n').Append("            // The union's case, from the discriminator; a value the spec does not list keeps the other fields as they came.\n");
            var first = true;
            foreach (var k in union.Cases)
            {
                sb.Append("            ").Append(first ? "if" : "else if").Append(" (").Append(kind).Append(" == ").AppendLiteral(k.Value).Append(")\n")
                  .Append("            {\n");
                foreach (var f in k.RequiredFields)
                {
                    MissingCheck(sb, f, "                ");
                    sb.Append('\n');
                }

                sb.Append("                ").Append(value).Append(" = new ").Append(k.FullName).Append('\n')
                  .Append("                {\n");
                foreach (var f in k.Fields)
                {
                    Assignment(sb, f, "                    ");
                }

                sb.Append("                };\n")
                  .Append("            }\n");
                first = false;
            }

            var other = JsonCode.LocalName(p, "Other");
            sb.Append("            else if (").Append(kind).Append(" is { } ").Append(other).Append(")\n")
              .Append("            {\n")
              .Append("                ").Append(value).Append(" = new ").Append(union.OtherFullName).Append('(').Append(other).Append(") { Fields = additional };\n")
              .Append("                additional = null;\n")
              .Append("            }\n");
        }

        return string.Empty;
    }

    private static void MissingCheck(StringBuilder sb, BoundProperty p, string indent) =>
        sb.Append(indent).Append("if (!").AppendLocal(p, "Seen").Append(")\n")
          .Append(indent).Append("{\n")
          .Append(indent).Append("    throw ").Append(H).Append(".MissingRequired(ref reader, ").AppendLiteral(p.WireName).Append(");\n")
          .Append(indent).Append("}\n");

    private static void Assignment(StringBuilder sb, BoundProperty p, string indent) =>
        sb.Append(indent).Append(p.Name).Append(" = ").AppendLocal(p, "Value").Append(p.Required && !p.IsValueType ? "!" : string.Empty).Append(",\n");

    /// <summary>The initializer lines of the object read: every JSON field, the members set by the caller, errcode/errmsg.</summary>
    public static string JsonInitializers(TemplateContext context, BoundClass c)
    {
        var sb = Templates.Output(context);
        foreach (var p in c.JsonFields)
        {
            Assignment(sb, p, "                ");
        }

        foreach (var p in c.NotInJson)
        {
            sb.Append("                ").Append(p.Name).Append(" = default").Append(p.IsValueType ? string.Empty : "!").Append(", // not part of the JSON body: the caller sets it\n");
        }

        if (c.IsResponse)
        {
            sb.Append("                ErrCode = errCode,\n                ErrMsg = errMsg,\n");
        }

        return string.Empty;
    }

    /// <summary>The writes of WriteObject: errcode/errmsg for a response, then every JSON field.</summary>
    public static string JsonWrites(TemplateContext context, BoundClass c)
    {
        var sb = Templates.Output(context);
        if (c.IsResponse)
        {
            sb.Append("            if (value.ErrCode != 0 || value.ErrMsg is not null)\n")
              .Append("            {\n")
              .Append("                writer.WriteNumber(\"errcode\"u8, value.ErrCode);\n")
              .Append("            }\n\n")
              .Append("            if (value.ErrMsg is not null)\n")
              .Append("            {\n")
              .Append("                writer.WriteString(\"errmsg\"u8, value.ErrMsg);\n")
              .Append("            }\n\n");
        }

        foreach (var p in c.JsonFields)
        {
            WriteField(sb, p, "value." + p.Name, "            ");
            if (!(p.Required && p.IsValueType))
            {
                sb.Append('\n');
            }
        }

        return string.Empty;
    }

    /// <summary>Writes one property whose value is <paramref name="v"/>: directly when it is a required value type,
    /// else only when present (a required reference that is missing is written as null).</summary>
    private static void WriteField(StringBuilder sb, BoundProperty p, string v, string i)
    {
        if (p.Required && p.IsValueType)
        {
            JsonCode.Write(sb, p, v, i);
            return;
        }

        var local = JsonCode.LocalName(p, "Value");
        sb.Append(i).Append("if (").Append(v).Append(" is { } ").Append(local).Append(")\n")
          .Append(i).Append("{\n");
        if (p.Union is { } union)
        {
            sb.Append(i).Append("    writer.WriteString(").Append(p.EncodedName).Append(", ").Append(local).Append(".Kind);\n")
              .Append(i).Append("    switch (").Append(local).Append(")\n")
              .Append(i).Append("    {\n");
            foreach (var k in union.Cases)
            {
                var pattern = JsonCode.LocalCase(k);
                sb.Append(i).Append("        case ").Append(k.FullName).Append(' ').Append(pattern).Append(":\n");
                foreach (var f in k.Fields)
                {
                    WriteField(sb, f, pattern + "." + f.Name, i + "            ");
                }

                sb.Append(i).Append("            break;\n");
            }

            sb.Append(i).Append("        case ").Append(union.OtherFullName).Append(" other:\n")
              .Append(i).Append("            ").Append(H).Append(".WriteAdditional(writer, other.Fields);\n")
              .Append(i).Append("            break;\n")
              .Append(i).Append("    }\n");
        }
        else
        {
            JsonCode.Write(sb, p, local, i + "    ");
        }

        sb.Append(i).Append("}\n");
        if (p.Required)
        {
            sb.Append(i).Append("else\n")
              .Append(i).Append("{\n")
              .Append(i).Append("    writer.WriteNull(").Append(p.EncodedName).Append(");\n")
              .Append(i).Append("}\n");
        }
    }

    /// <summary>The reader method of every list or map field (and object read as one or many), each after a blank line.</summary>
    public static string JsonCollectionReaders(TemplateContext context, BoundClass c)
    {
        var sb = Templates.Output(context);
        foreach (var p in Collections(c))
        {
            CollectionReader(sb, p);
        }

        return string.Empty;
    }

    private static IEnumerable<BoundProperty> Collections(BoundClass c)
    {
        foreach (var p in c.JsonFields)
        {
            if (p.IsList || p.IsMap)
            {
                yield return p;
            }
        }

        foreach (var f in c.CaseFields)
        {
            if (f.IsList || f.IsMap)
            {
                yield return f;
            }
        }
    }

    private static void CollectionReader(StringBuilder sb, BoundProperty p)
    {
        sb.Append('\n')
          .Append("        private static global::System.Collections.Generic.").Append(p.IsMap ? "Dictionary<string, " : "List<").Append(p.ElementType).Append(">? ")
          .Append(p.ListReader).Append("(ref global::System.Text.Json.Utf8JsonReader reader)\n")
          .Append("        {\n")
          .Append("            if (reader.TokenType == ").Append(T).Append(".Null)\n")
          .Append("            {\n")
          .Append("                return null;\n")
          .Append("            }\n\n");
        if (p.IsMap)
        {
            sb.Append("            ").Append(H).Append(".StartObject(ref reader);\n")
              .Append("            var map = new global::System.Collections.Generic.Dictionary<string, ").Append(p.ValueType).Append(">(global::System.StringComparer.Ordinal);\n")
              .Append("            while (reader.Read() && reader.TokenType == ").Append(T).Append(".PropertyName)\n")
              .Append("            {\n")
              .Append("                var key = reader.GetString()!;\n")
              .Append("                reader.Read();\n")
              .Append("                map[key] = ").AppendItemRead(p).Append(";\n")
              .Append("            }\n\n")
              .Append("            return map;\n");
        }
        else
        {
            var wire = Literal.String(p.WireName);
            if (p.Field.OneOrMany)
            {
                sb.Append("            if (reader.TokenType == ").Append(T).Append(".StartObject)\n")
                  .Append("            {\n")
                  .Append("                // The single-object form of a field that also arrives as an array.\n")
                  .Append("                return new global::System.Collections.Generic.List<").Append(p.ValueType).Append("> { ").Append(p.NestedConverter).Append(".ReadObject(ref reader) };\n")
                  .Append("            }\n\n");
            }

            sb.Append("            ").Append(H).Append(".StartArray(ref reader, ").Append(wire).Append(");\n")
              .Append("            var list = new global::System.Collections.Generic.List<").Append(p.ElementType).Append(">();\n")
              .Append("            while (reader.Read() && reader.TokenType != ").Append(T).Append(".EndArray)\n")
              .Append("            {\n");
            if (p.IsListOfLists)
            {
                sb.Append("                // A list of lists: each element is an array of the items.\n")
                  .Append("                ").Append(H).Append(".StartArray(ref reader, ").Append(wire).Append(");\n")
                  .Append("                var inner = new global::System.Collections.Generic.List<").Append(p.ValueType).Append(">();\n")
                  .Append("                while (reader.Read() && reader.TokenType != ").Append(T).Append(".EndArray)\n")
                  .Append("                {\n")
                  .Append("                    inner.Add(").AppendItemRead(p).Append(");\n")
                  .Append("                }\n\n")
                  .Append("                list.Add(inner);\n");
            }
            else
            {
                sb.Append("                list.Add(").AppendItemRead(p).Append(");\n");
            }

            sb.Append("            }\n\n")
              .Append("            return list;\n");
        }

        sb.Append("        }\n");
    }
}
