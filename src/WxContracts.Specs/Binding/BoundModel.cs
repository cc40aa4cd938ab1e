using System.Collections.Generic;
using System.Linq;
using WxContracts.Specs.Model;

namespace WxContracts.Specs.Binding;

// The bound model: one endpoint spec with every C# name the generated code uses already computed (by the Binder,
// through SpecNames and RuntimeNames). Emitters and analyzers only read it. Equatable, and free of positions and of
// Roslyn types, so pipeline steps cache by value.

/// <summary>An endpoint spec with its C# names. <see cref="Shared"/> are the spec's shared types (top-level classes);
/// <see cref="Classes"/> lists every class with a converter, shared ones first.</summary>
public sealed record BoundSpec(
    EndpointSpec Spec,
    string Namespace,
    string File,
    BoundClass? Request,
    BoundClass Response,
    EquatableArray<BoundClass> Classes,
    EquatableArray<BoundEnum> Enums,
    BoundErrorEnum Errors,
    BoundMethod Method,
    EquatableArray<BoundContextEntry> ContextEntries,
    EquatableArray<BoundClass> Shared = default)
{
    /// <summary>The spec's name (the base of its type names).</summary>
    public string Name => Spec.Name;
}

/// <summary>The role of a generated class.</summary>
public enum ClassRole
{
    /// <summary>The request: query parameters and body fields.</summary>
    Request,

    /// <summary>The response: derives from the runtime's response base.</summary>
    Response,

    /// <summary>A nested object of a table.</summary>
    Nested,
}

/// <summary>A generated class: request, response or a nested object.</summary>
public sealed record BoundClass(
    string TypeName,
    string FullName,
    string DocName,
    string ContextProperty,
    string Converter,
    ClassRole Role,
    string? Description,
    EquatableArray<string> Bases,
    EquatableArray<BoundProperty> Query,
    EquatableArray<BoundProperty> Fields,
    EquatableArray<BoundClass> Nested,
    bool IsMultipart,
    bool IsDownload = false,
    bool IsBinaryBody = false)
{
    /// <summary>Whether this is the request class.</summary>
    public bool IsRequest => Role == ClassRole.Request;

    /// <summary>Whether this is the response class.</summary>
    public bool IsResponse => Role == ClassRole.Response;

    /// <summary>The properties that travel in the JSON body (file parts do not).</summary>
    public IReadOnlyList<BoundProperty> JsonFields => Fields.Any(f => f.IsFile) ? Fields.Where(f => !f.IsFile).ToList() : Fields;

    /// <summary>The required properties of the JSON body.</summary>
    public IReadOnlyList<BoundProperty> RequiredJsonFields => Fields.Where(f => !f.IsFile && f.Required).ToList();

    /// <summary>The properties outside the JSON body: query parameters and file parts, which the caller sets.</summary>
    public IReadOnlyList<BoundProperty> NotInJson => Query.Concat(Fields.Where(f => f.IsFile)).ToList();

    /// <summary>The union properties (an object has at most one; the validator reports more).</summary>
    public IReadOnlyList<BoundProperty> Unions => HasUnion ? Fields.Where(f => f.Union is not null).ToList() : System.Array.Empty<BoundProperty>();

    /// <summary>The cases of this class's union, each with the union property that owns it.</summary>
    public IReadOnlyList<BoundUnionOption> UnionOptions => HasUnion
        ? Unions.SelectMany(f => f.Union!.Cases.Select(c => new BoundUnionOption(f, c))).ToList()
        : System.Array.Empty<BoundUnionOption>();

    /// <summary>The properties of all union cases, which travel beside this class's own.</summary>
    public IReadOnlyList<BoundProperty> CaseFields => HasUnion ? UnionOptions.SelectMany(o => o.Option.Fields).ToList() : System.Array.Empty<BoundProperty>();

    private bool HasUnion
    {
        get
        {
            foreach (var f in Fields)
            {
                if (f.Union is not null)
                {
                    return true;
                }
            }

            return false;
        }
    }
}

/// <summary>A union case together with the union property it belongs to.</summary>
public sealed record BoundUnionOption(BoundProperty Owner, BoundUnionCase Option);

/// <summary>A property of a generated class, with the names its converter uses.</summary>
public sealed record BoundProperty(
    FieldSpec Field,
    string Name,
    string Type,
    string ValueType,
    bool IsValueType,
    string EncodedName,
    string? NestedConverter,
    string? NestedType,
    string? EnumType,
    string? EnumConverter,
    string? ListReader,
    string Reader,
    string ItemReader,
    string Key,
    string? NestedTypeInfo = null,
    BoundUnion? Union = null,
    string ElementType = "")
{
    /// <summary>Whether the value is a list of lists (<c>list_depth: 2</c>); its elements are <see cref="ElementType"/>.</summary>
    public bool IsListOfLists => Field.ListDepth > 1;

    /// <summary>The wire name.</summary>
    public string WireName => Field.WireName;

    /// <summary>Whether the field is required.</summary>
    public bool Required => Field.Required;

    /// <summary>Whether the value is a list (objarray or array, or an object read as one or many).</summary>
    public bool IsList => Field.Kind is FieldKind.ObjectArray or FieldKind.Array || (Field.Kind == FieldKind.Object && Field.OneOrMany);

    /// <summary>Whether the value is a single nested object.</summary>
    public bool IsObject => Field.Kind == FieldKind.Object && !Field.OneOrMany;

    /// <summary>Whether the value is a map keyed by data.</summary>
    public bool IsMap => Field.Kind == FieldKind.Map;

    /// <summary>Whether the value is any JSON, kept as a JsonElement.</summary>
    public bool IsJson => Field.Kind == FieldKind.Json;

    /// <summary>Whether the property is a union chosen by its discriminator.</summary>
    public bool IsUnion => Field.Kind == FieldKind.Union;

    /// <summary>Whether the values (list items, map values) are objects with a converter.</summary>
    public bool HasObjectValues => Field.Kind is FieldKind.Object or FieldKind.ObjectArray || (Field.Kind == FieldKind.Map && Field.ItemKind == FieldKind.Object);

    /// <summary>Whether the field is a multipart file part (not part of any JSON).</summary>
    public bool IsFile => Field.Kind == FieldKind.File;

    /// <summary>Whether the property carries a credential (secret list).</summary>
    public bool IsSecret => global::WxContracts.WxSecretFields.IsSecret(Field.WireName);
}

/// <summary>A union: the abstract class, its cases and the case for values the spec does not list.</summary>
public sealed record BoundUnion(string TypeName, string FullName, string DocName, string? Description, EquatableArray<BoundUnionCase> Cases, string OtherFullName);

/// <summary>One case of a union: the discriminator's wire value, the case class and its properties.</summary>
public sealed record BoundUnionCase(string Value, string TypeName, string FullName, string? Description, EquatableArray<BoundProperty> Fields, EquatableArray<BoundClass> Nested)
{
    /// <summary>The required properties of the case.</summary>
    public IReadOnlyList<BoundProperty> RequiredFields => Fields.Where(f => f.Required).ToList();
}

/// <summary>An extensible enum struct.</summary>
public sealed record BoundEnum(EnumSpec Spec, string Name, string FullName, string DocName, string Converter)
{
    /// <summary>Whether the wire values are numbers.</summary>
    public bool IsNumber => Spec.IsNumber;
}

/// <summary>The error-code enum of an endpoint (or the global table).</summary>
public sealed record BoundErrorEnum(string Name, string FullName, string DocName, EquatableArray<ErrorSpec> Members);

/// <summary>The client method of an endpoint, a member of its group class.</summary>
public sealed record BoundMethod(
    string Group,
    string GroupClass,
    string Name,
    string ClientPath,
    string EndpointProperty,
    string EndpointInfo,
    string? RequestType,
    string ResponseType,
    string? RequestContextProperty,
    string ResponseContextProperty,
    string ErrorType,
    string Credential,
    string OfficialAccount,
    string ServiceAccount,
    bool IsMultipart);

/// <summary>One type the JSON context serves: its property, its type and its converter.</summary>
public sealed record BoundContextEntry(string Property, string Type, string DocName, string Converter);

/// <summary>The names that span all specs: the client's groups.</summary>
public sealed record BoundGroup(string Name, string ClassName);
