using System.Linq;
using WxContracts.Generator.Model;

namespace WxContracts.Generator.Emit;

/// <summary>Emits the request, response and nested DTO classes of one spec.</summary>
internal static class ModelEmitter
{
    public static string Emit(EndpointSpec spec, string ns)
    {
        var w = SourceWriter.File(ns);
        if (spec.Request is { } request)
        {
            WriteClass(w, request, Types.Qualify(ns, request.TypeName), ns, ObjectRole.Request, spec);
            w.Line();
        }

        WriteClass(w, spec.Response, Types.Qualify(ns, spec.Response.TypeName), ns, ObjectRole.Response, spec);
        return w.ToString();
    }

    private static void WriteClass(SourceWriter w, ObjectSpec obj, string fullName, string ns, ObjectRole role, EndpointSpec spec)
    {
        switch (role)
        {
            case ObjectRole.Request:
                w.Doc("summary", $"The request of {spec.Interface} ({spec.Title}).");
                w.Doc("remarks", $"Sent to {spec.Call.HttpMethod} {spec.Call.Path}; see {Types.ClientName}.{spec.Group}.{spec.Operation}Async.");
                break;
            case ObjectRole.Response:
                w.Doc("summary", $"The response of {spec.Interface} ({spec.Title}).");
                w.Doc("remarks", "errcode and errmsg are on the base class; a non-zero errcode is raised as an exception by the client.");
                break;
            default:
                w.Doc("summary", obj.Description ?? obj.TypeName);
                break;
        }

        var bases = new System.Collections.Generic.List<string>();
        if (role == ObjectRole.Response)
        {
            bases.Add(Types.Runtime + ".WxResponse");
        }

        if (role == ObjectRole.Request && spec.Query.Count > 0)
        {
            bases.Add(Types.Runtime + ".IWxQueryParameters");
        }

        if (role == ObjectRole.Request && spec.Call.Multipart)
        {
            bases.Add(Types.Runtime + ".IWxMultipartRequest");
        }

        var baseList = bases.Count == 0 ? string.Empty : " : " + string.Join(", ", bases);
        w.Open($"public sealed partial class {obj.TypeName}{baseList}");

        var first = true;
        if (role == ObjectRole.Request)
        {
            foreach (var field in spec.Query)
            {
                first = Separate(w, first);
                WriteProperty(w, field, fullName, ns, "Query parameter");
            }
        }

        foreach (var field in obj.Fields)
        {
            first = Separate(w, first);
            WriteProperty(w, field, fullName, ns, spec.Call.Multipart && role == ObjectRole.Request ? "Form part" : "JSON field");
        }

        first = Separate(w, first);
        w.Doc("summary", "Fields the spec does not list, as they came in; they are written back on serialization, so nothing is lost.");
        w.Line("public global::System.Collections.Generic.IDictionary<string, global::System.Text.Json.JsonElement>? AdditionalProperties { get; set; }");

        if (role == ObjectRole.Request && spec.Query.Count > 0)
        {
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Open($"void {Types.Runtime}.IWxQueryParameters.AppendQuery({Types.Runtime}.WxQueryBuilder query)");
            foreach (var field in spec.Query)
            {
                var value = field.EnumName is not null ? (field.Required ? field.PropertyName + ".ToString()" : field.PropertyName + "?.ToString()") : field.PropertyName;
                w.Line($"query.Add({Literal.String(field.WireName)}, {value});");
            }

            w.Close();
        }

        if (role == ObjectRole.Request && spec.Call.Multipart)
        {
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Open($"void {Types.Runtime}.IWxMultipartRequest.AppendParts({Types.Runtime}.WxMultipartBuilder parts)");
            foreach (var field in obj.Fields)
            {
                if (field.Kind == FieldKind.File)
                {
                    w.Line($"parts.AddFile({Literal.String(field.WireName)}, {field.PropertyName});");
                }
                else
                {
                    var value = field.EnumName is not null ? (field.Required ? field.PropertyName + ".ToString()" : field.PropertyName + "?.ToString()") : field.PropertyName;
                    w.Line($"parts.Add({Literal.String(field.WireName)}, {value});");
                }
            }

            w.Close();
        }

        foreach (var field in obj.Fields)
        {
            if (field.Object is { } child)
            {
                w.Line();
                WriteClass(w, child, fullName + "." + child.TypeName, ns, ObjectRole.Nested, spec);
            }
        }

        w.Close();
    }

    private static bool Separate(SourceWriter w, bool first)
    {
        if (!first)
        {
            w.Line();
        }

        return false;
    }

    private static void WriteProperty(SourceWriter w, FieldSpec field, string ownerFullName, string ns, string where)
    {
        w.Doc("summary", field.Description ?? field.WireName);
        var remarks = $"{where} <c>{field.WireName}</c>: {Xml.Escape(Types.Describe(field))}, {(field.Required ? "required" : "optional")}.";
        if (field.Example is { } example)
        {
            remarks += " Example: <c>" + Xml.Escape(example) + "</c>.";
        }

        if (field.Constraints is { } limits)
        {
            remarks += " Limits from the docs: " + Xml.Escape(DescribeLimits(limits)) + ".";
        }

        w.DocRaw("<remarks>" + remarks + "</remarks>");
        WriteMetadata(w, field);
        var required = field.Required ? "required " : string.Empty;
        w.Line($"public {required}{Types.Property(field, ownerFullName, ns)} {field.PropertyName} {{ get; set; }}");
    }

    /// <summary>The limits in words, for the doc comment: "length 1 to 600", "at most 50".</summary>
    internal static string DescribeLimits(ConstraintSpec c)
    {
        var parts = new System.Collections.Generic.List<string>();
        if (c.MinLength is { } minLength && c.MaxLength is { } maxLength)
        {
            parts.Add($"length {minLength} to {maxLength}");
        }
        else if (c.MinLength is { } onlyMin)
        {
            parts.Add($"length at least {onlyMin}");
        }
        else if (c.MaxLength is { } onlyMax)
        {
            parts.Add($"length at most {onlyMax}");
        }

        if (c.Minimum is { } minimum && c.Maximum is { } maximum)
        {
            parts.Add($"{Parsing.ConstraintParser.Format(minimum)} to {Parsing.ConstraintParser.Format(maximum)}");
        }
        else if (c.Minimum is { } onlyMinimum)
        {
            parts.Add($"at least {Parsing.ConstraintParser.Format(onlyMinimum)}");
        }
        else if (c.Maximum is { } onlyMaximum)
        {
            parts.Add($"at most {Parsing.ConstraintParser.Format(onlyMaximum)}");
        }

        return string.Join(", ", parts);
    }

    /// <summary>The analyzers' metadata: the doc's limits (WXC1004) and whether the field is a credential (WXC1003).</summary>
    private static void WriteMetadata(SourceWriter w, FieldSpec field)
    {
        if (field.Constraints is { } c)
        {
            var named = new System.Collections.Generic.List<string>();
            if (c.MinLength is { } minLength)
            {
                named.Add("MinLength = " + minLength.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            if (c.MaxLength is { } maxLength)
            {
                named.Add("MaxLength = " + maxLength.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            if (c.Minimum is { } minimum)
            {
                named.Add("Minimum = " + Parsing.ConstraintParser.Format(minimum));
            }

            if (c.Maximum is { } maximum)
            {
                named.Add("Maximum = " + Parsing.ConstraintParser.Format(maximum));
            }

            w.Line($"[{Types.Runtime}.WxConstraintAttribute({Literal.String(field.WireName)}, {string.Join(", ", named)})]");
        }

        if (Types.IsSecretWireName(field.WireName))
        {
            w.Line($"[{Types.Runtime}.WxSecretAttribute({Literal.String(field.WireName)})]");
        }
    }
}
