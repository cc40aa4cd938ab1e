extern alias WxGenerator;

using System.Collections.Generic;
using System.Linq;
using System.Text;
using WxContracts.Specs.Model;
using WxContracts.Specs.Parsing;

namespace WxContracts.Benchmarks.Generator;

/// <summary>
/// For System.Text.Json's generator: the DTOs a developer would write by hand for the same specs (plain classes with
/// [JsonPropertyName], nested classes and lists, required members, numeric strings allowed where the spec says so,
/// enumeration values as string or int, unknown members kept in [JsonExtensionData]) and one context with a
/// [JsonSerializable] for every request and response, as WxApiJsonContext covers them.
/// </summary>
public static class TwinSources
{
    /// <summary>The C# source of the DTOs and the context, and how many classes it declares.</summary>
    public static (string Source, int ClassCount) For(IReadOnlyList<SpecText> specs)
    {
        var sb = new StringBuilder();
        sb.AppendLine("#nullable enable");
        sb.AppendLine("using System.Collections.Generic;");
        sb.AppendLine("using System.Text.Json;");
        sb.AppendLine("using System.Text.Json.Serialization;");
        sb.AppendLine("namespace Twins;");
        var roots = new List<string>();
        var classes = 0;
        foreach (var spec in specs)
        {
            var endpoint = SpecParser.Parse(spec.Path, spec.Text).Endpoint
                ?? throw new System.InvalidOperationException($"{spec.Path} does not parse.");
            if (endpoint.Request is { } request)
            {
                classes += WriteClass(sb, request.TypeName, request.Fields, response: false, indent: 0);
                roots.Add(request.TypeName);
            }

            classes += WriteClass(sb, endpoint.Response.TypeName, endpoint.Response.Fields, response: true, indent: 0);
            roots.Add(endpoint.Response.TypeName);
        }

        foreach (var root in roots)
        {
            sb.Append("[JsonSerializable(typeof(").Append(root).AppendLine("))]");
        }

        sb.AppendLine("public sealed partial class TwinsContext : JsonSerializerContext { }");
        return (sb.ToString(), classes);
    }

    private static int WriteClass(StringBuilder sb, string name, IEnumerable<FieldSpec> fields, bool response, int indent)
    {
        var pad = new string(' ', indent * 4);
        var count = 1;
        sb.Append(pad).Append("public sealed class ").AppendLine(name);
        sb.Append(pad).AppendLine("{");
        if (response)
        {
            sb.Append(pad).AppendLine("    [JsonPropertyName(\"errcode\")] public int ErrCode { get; set; }");
            sb.Append(pad).AppendLine("    [JsonPropertyName(\"errmsg\")] public string? ErrMsg { get; set; }");
        }

        foreach (var f in fields)
        {
            sb.Append(pad).Append("    [JsonPropertyName(\"").Append(f.WireName).Append("\")]");
            if (f.NumberOrString)
            {
                sb.Append(" [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]");
            }

            sb.Append(" public ").Append(f.Required ? "required " : string.Empty).Append(TypeOf(f))
                .Append(' ').Append(f.PropertyName).AppendLine(" { get; set; }");
        }

        sb.Append(pad).AppendLine("    [JsonExtensionData] public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }");
        foreach (var f in fields.Where(f => f.Object is not null))
        {
            count += WriteClass(sb, f.Object!.TypeName, f.Object.Fields, response: false, indent + 1);
        }

        sb.Append(pad).AppendLine("}");
        return count;
    }

    private static string TypeOf(FieldSpec f)
    {
        var nullable = f.Required ? string.Empty : "?";
        return f.Kind switch
        {
            FieldKind.Object => f.Object!.TypeName + nullable,
            FieldKind.ObjectArray => "List<" + f.Object!.TypeName + ">" + nullable,
            FieldKind.Array => "List<" + Scalar(f) + ">" + nullable,
            _ => Scalar(f) + (Scalar(f) == "string" ? (f.Required ? string.Empty : "?") : nullable),
        };
    }

    private static string Scalar(FieldSpec f) => f.ScalarKind switch
    {
        FieldKind.String => "string",
        FieldKind.Boolean => "bool",
        _ => f.Format switch
        {
            NumberFormat.Int64 => "long",
            NumberFormat.UInt32 => "uint",
            NumberFormat.UInt64 => "ulong",
            NumberFormat.Double => "double",
            _ => "int",
        },
    };
}
