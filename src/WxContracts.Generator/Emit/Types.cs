using System.Collections.Generic;
using WxContracts.Generator.Model;

namespace WxContracts.Generator.Emit;

/// <summary>A generated class (request, response or nested object) with the names the emitters need.</summary>
internal sealed class ObjectInfo
{
    public ObjectInfo(ObjectSpec spec, string fullName, string contextName, ObjectRole role)
    {
        Spec = spec;
        FullName = fullName;
        ContextName = contextName;
        Role = role;
    }

    public ObjectSpec Spec { get; }

    /// <summary>Fully qualified C# name, e.g. <c>global::Ns.Outer.Inner</c>.</summary>
    public string FullName { get; }

    /// <summary>Flattened name used for the JSON context property and the converter class.</summary>
    public string ContextName { get; }

    public ObjectRole Role { get; }

    public string ConverterName => ContextName + "Converter";
}

internal enum ObjectRole
{
    Request,
    Response,
    Nested,
}

/// <summary>C# names and types for spec elements. Everything is fully qualified so generated code never
/// depends on what else is in scope.</summary>
internal static class Types
{
    public const string Runtime = "global::WxContracts";
    public const string Json = "global::System.Text.Json";
    public const string JsonHelpers = "global::WxContracts.Serialization.WxJson";
    public const string ClientName = "WxApiClient";
    public const string ContextName = "WxApiJsonContext";
    public const string EndpointsName = "WxApiEndpoints";

    /// <summary>Wire names of fields that carry a credential; their properties get <c>[WxSecret]</c>.</summary>
    public static bool IsSecretWireName(string wireName) =>
        wireName is "secret" or "appsecret" or "access_token" or "authorizer_access_token" or "component_appsecret" or "component_access_token";

    public static string Qualify(string ns, string name) => "global::" + ns + "." + name;

    /// <summary>All classes of a spec, parents before children.</summary>
    public static List<ObjectInfo> Objects(EndpointSpec spec, string ns)
    {
        var list = new List<ObjectInfo>();
        void Walk(ObjectSpec obj, string fullName, string contextName, ObjectRole role)
        {
            list.Add(new ObjectInfo(obj, fullName, contextName, role));
            foreach (var field in obj.Fields)
            {
                if (field.Object is { } child)
                {
                    Walk(child, fullName + "." + child.TypeName, contextName + child.TypeName, ObjectRole.Nested);
                }
            }
        }

        if (spec.Request is { } request)
        {
            Walk(request, Qualify(ns, request.TypeName), request.TypeName, ObjectRole.Request);
        }

        Walk(spec.Response, Qualify(ns, spec.Response.TypeName), spec.Response.TypeName, ObjectRole.Response);
        return list;
    }

    public static string Number(NumberFormat format) => format switch
    {
        NumberFormat.Int64 => "long",
        NumberFormat.UInt32 => "uint",
        NumberFormat.UInt64 => "ulong",
        NumberFormat.Double => "double",
        _ => "int",
    };

    /// <summary>The C# type of one value of the field (the item type for arrays), without nullability.</summary>
    public static string Scalar(FieldSpec field, string ns)
    {
        if (field.EnumName is { } enumName)
        {
            return Qualify(ns, enumName);
        }

        return field.ScalarKind switch
        {
            FieldKind.String => "string",
            FieldKind.Boolean => "bool",
            _ => Number(field.Format),
        };
    }

    public static bool IsValueType(FieldSpec field) =>
        field.Kind is FieldKind.Number or FieldKind.Boolean || (field.Kind == FieldKind.String && field.EnumName is not null);

    /// <summary>The property type, nullable unless the field is required.</summary>
    public static string Property(FieldSpec field, string ownerFullName, string ns)
    {
        var type = field.Kind switch
        {
            FieldKind.Object => ownerFullName + "." + field.Object!.TypeName,
            FieldKind.ObjectArray => "global::System.Collections.Generic.IReadOnlyList<" + ownerFullName + "." + field.Object!.TypeName + ">",
            FieldKind.Array => "global::System.Collections.Generic.IReadOnlyList<" + Scalar(field, ns) + ">",
            FieldKind.File => Runtime + ".WxFile",
            _ => Scalar(field, ns),
        };
        return field.Required ? type : type + "?";
    }

    public static string Describe(FieldSpec field)
    {
        var type = field.Kind switch
        {
            FieldKind.Number => "number (" + field.Format.ToString().ToLowerInvariant() + ")",
            FieldKind.String => "string",
            FieldKind.Boolean => "boolean",
            FieldKind.Object => "object",
            FieldKind.ObjectArray => "array of objects",
            FieldKind.File => "file (a multipart/form-data part)",
            _ => "array of " + (field.ItemKind == FieldKind.Number ? "number (" + field.Format.ToString().ToLowerInvariant() + ")" : field.ItemKind.ToString().ToLowerInvariant()),
        };
        if (field.NumberOrString)
        {
            type += ", also accepted as a numeric string";
        }

        return type;
    }

    public static string Access(AccountAccess access) => access switch
    {
        AccountAccess.Allowed => "may call",
        AccountAccess.CertifiedOnly => "certified accounts only",
        _ => "may not call",
    };
}
