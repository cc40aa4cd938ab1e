using System;
using WxContracts.Specs.Parsing;

namespace WxContracts.Specs.Binding;

/// <summary>
/// Every C# name the generated code gets from a spec, each computed by exactly one function here. The parser uses
/// it for the defaults of the names a spec may set (<c>property_name</c>, <c>type_name</c>, inline enums), the
/// validator and the cross-spec checks for the names they must keep apart, and the <see cref="Binder"/> for the
/// rest. Emitters and analyzers read names from the bound model and never build one.
/// </summary>
public static class SpecNames
{
    /// <summary>The grouped client class.</summary>
    public const string ClientClass = "WxApiClient";

    /// <summary>The JSON serializer context class.</summary>
    public const string ContextClass = "WxApiJsonContext";

    /// <summary>The class holding one run-time descriptor per endpoint.</summary>
    public const string EndpointsClass = "WxApiEndpoints";

    /// <summary>The enum generated from the global error table (in the runtime's namespace).</summary>
    public const string GlobalErrorEnum = "WxGlobalError";

    /// <summary>Default namespace of the generated code.</summary>
    public const string DefaultNamespace = "WxContracts.Api";

    /// <summary>Top-level names every compilation of generated code has, whatever the specs say.</summary>
    public static readonly string[] WellKnownTypes = { ClientClass, ContextClass, EndpointsClass };

    /// <summary>Members every generated object type has; a property may not take these names.</summary>
    public static readonly string[] ReservedMembers =
    {
        "AdditionalProperties", "ErrCode", "ErrMsg", "ToString", "GetHashCode", "Equals", "GetType",
    };

    /// <summary>Names the JSON context class itself has; no type may take them as its context property.</summary>
    public static readonly string[] ContextMembers = { "Default", "Options", "GetTypeInfo" };

    /// <summary><c>ReplyComment</c> → <c>ReplyCommentRequest</c>.</summary>
    public static string RequestType(string specName) => specName + "Request";

    /// <summary><c>ReplyComment</c> → <c>ReplyCommentResponse</c>.</summary>
    public static string ResponseType(string specName) => specName + "Response";

    /// <summary><c>ReplyComment</c> → <c>ReplyCommentError</c>, the error-code enum.</summary>
    public static string ErrorEnum(string specName) => specName + "Error";

    /// <summary><c>msg_data_id</c> → <c>MsgDataId</c>: the default property of a field.</summary>
    public static string Property(string wireName) => Naming.ToPascalCase(wireName);

    /// <summary>The default nested class of an object (<c>{Property}Object</c>) or objarray (<c>{Property}Item</c>) field.</summary>
    public static string NestedType(string propertyName, bool isArray) => propertyName + (isArray ? "Item" : "Object");

    /// <summary>The default class of a map's object values: <c>{Property}Value</c>.</summary>
    public static string MapValueType(string propertyName) => propertyName + "Value";

    /// <summary>The default abstract class of a union field: <c>{Property}Union</c>.</summary>
    public static string UnionType(string propertyName) => propertyName + "Union";

    /// <summary>The case a union reads when the discriminator has a value the spec does not list.</summary>
    public const string UnionOtherCase = "Other";

    /// <summary>The property of a union's base class that holds the discriminator's wire value.</summary>
    public const string UnionKindProperty = "Kind";

    /// <summary>An inline enum: spec name, owning class and property (<c>ProbeRequestStatus</c>); the spec name is not
    /// repeated when the owner already starts with it.</summary>
    public static string InlineEnum(string specName, string ownerType, string propertyName)
    {
        var inline = ownerType + propertyName;
        return inline.StartsWith(specName, StringComparison.Ordinal) ? inline : specName + inline;
    }

    /// <summary>The default member of a string enum value (<c>reply_all</c> → <c>ReplyAll</c>, <c>全部</c> → <c>全部</c>):
    /// letters of any script are kept, since C# identifiers may be Unicode.</summary>
    public static string EnumMember(string wireValue) => Naming.ToUnicodePascalCase(wireValue);

    /// <summary>The default member of an error code: PascalCase of errmsg (<c>already reply</c> → <c>AlreadyReply</c>);
    /// without an errmsg that gives a name, <c>Code{code}</c> (<c>CodeMinus1</c> for -1).</summary>
    public static string ErrorMember(int code, string? errmsg)
    {
        var fromErrmsg = errmsg is null ? null : Naming.ToPascalCase(errmsg);
        if (fromErrmsg is { Length: > 0 } && !char.IsDigit(fromErrmsg[0]))
        {
            return fromErrmsg;
        }

        return code < 0
            ? "CodeMinus" + (-(long)code).ToString(System.Globalization.CultureInfo.InvariantCulture)
            : "Code" + code.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The group's class on the client (<c>Comment</c> → <c>CommentApi</c>).</summary>
    public static string GroupClass(string group) => group + "Api";

    /// <summary>The client method (<c>Reply</c> → <c>ReplyAsync</c>).</summary>
    public static string Method(string operation) => operation + "Async";

    /// <summary>The key that must be unique per client method: <c>Comment.Reply</c>.</summary>
    public static string MethodKey(string group, string operation) => group + "." + operation;

    /// <summary>The context property of a class: its nesting path flattened (<c>ListCommentResponseCommentItem</c>).</summary>
    public static string ContextProperty(string parentContextProperty, string typeName) => parentContextProperty + typeName;

    /// <summary>The converter class of a context property (<c>ListCommentResponseConverter</c>).</summary>
    public static string Converter(string contextProperty) => contextProperty + "Converter";

    /// <summary>The static field of a converter holding a property's encoded wire name.</summary>
    public static string EncodedName(string propertyName) => propertyName + "Name";

    /// <summary>The converter's helper that reads a list-valued property.</summary>
    public static string ListReader(string propertyName) => "Read" + propertyName;

    /// <summary>The one generated file of an endpoint spec, <c>{spec}.Endpoint.g.cs</c>: its models, enums, error
    /// enum, converters, descriptor and client method.</summary>
    public static string File(string specName) => specName + ".Endpoint.g.cs";

    /// <summary>A file for a type that spans all specs: <c>WxApiClient.g.cs</c>.</summary>
    public static string SharedFile(string typeName) => typeName + ".g.cs";

    /// <summary>A name qualified for generated code, which never depends on what else is in scope.</summary>
    public static string Qualify(string ns, string name) => "global::" + ns + "." + name;
}
