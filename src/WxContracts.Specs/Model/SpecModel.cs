namespace WxContracts.Specs.Model;

// The equatable spec model: what the parser produces from one YAML file and every emitter consumes.
// Only strings, numbers, enums and EquatableArray: no Roslyn types, so pipeline steps cache by value.

public enum FieldKind
{
    Number,
    String,
    Boolean,
    Object,
    ObjectArray,
    Array,

    /// <summary>A file part of a multipart/form-data request.</summary>
    File,

    /// <summary>A JSON object keyed by data (<c>{"keyword1": {...}}</c>); its values are <see cref="FieldSpec.ItemKind"/>.</summary>
    Map,

    /// <summary>Any JSON value, kept as it came.</summary>
    Json,

    /// <summary>A body part chosen by a discriminator field (<c>msgtype</c>): one of <see cref="FieldSpec.Cases"/>.</summary>
    Union,
}

public enum NumberFormat
{
    Int32,
    Int64,
    UInt32,
    UInt64,
    Double,
}

public enum Credential
{
    AccessToken,
    AuthorizerAccessToken,
    None,
}

public enum AccountAccess
{
    Allowed,
    CertifiedOnly,
    NotAllowed,
}

/// <summary>
/// One parsed spec file: an endpoint, the global error table, or nothing (with diagnostics). Positions live only in
/// <see cref="Diagnostics"/> and <see cref="Locations"/>, never in the models, so text that moves inside a file
/// leaves the models equal and re-emits no source.
/// </summary>
public sealed record SpecFile(
    string FilePath,
    EndpointSpec? Endpoint,
    GlobalErrorsSpec? GlobalErrors,
    EquatableArray<SpecDiagnostic> Diagnostics,
    SpecLocations? Locations = null,
    PushSpec? Push = null)
{
    /// <summary>
    /// This file without what no generated code reads: the notes and examples of an endpoint, the notes and example of
    /// a push (their diagnostics were made while parsing). The generator keeps this form, so editing them re-emits
    /// nothing, and a thousand specs' examples do not stay in the compiler's memory.
    /// </summary>
    public SpecFile ForGeneration() =>
        Endpoint is { } e && (e.Notes.Count > 0 || e.Examples != ExamplesSpec.None)
            ? this with { Endpoint = e with { Notes = EquatableArray<string>.Empty, Examples = ExamplesSpec.None } }
            : Push is { } p && (p.Notes.Count > 0 || p.Example is not null)
                ? this with { Push = p with { Notes = EquatableArray<string>.Empty, Example = null } }
                : this;
}

/// <summary>Where an endpoint spec's names are written, for the cross-spec diagnostics.</summary>
public sealed record SpecLocations(SpecLocation Name, SpecLocation Operation);

public sealed record EndpointSpec(
    string FilePath,
    string Name,
    string Interface,
    string Title,
    string? Summary,
    string Group,
    string Operation,
    EquatableArray<string> Notes,
    CallSpec Call,
    EquatableArray<FieldSpec> Query,
    ObjectSpec? Request,
    ObjectSpec Response,
    EquatableArray<EnumSpec> Enums,
    EquatableArray<ErrorSpec> Errors,
    ScopeSpec Scope,
    ExamplesSpec Examples,
    EquatableArray<ObjectSpec> Types = default);

public sealed record CallSpec(
    string HttpMethod,
    string Url,
    string BaseAddress,
    string Path,
    Credential Credential,
    bool Multipart,
    bool ServerSideOnly,
    bool Idempotent,
    string? CloudCall,
    EquatableArray<int> PermissionSets,
    bool Download = false,
    bool BinaryBody = false);

/// <summary>
/// A field of a parameter table. <see cref="Object"/> is set for object and objarray fields (the field's own table, or
/// the shared type named by <see cref="Ref"/>). <see cref="ListDepth"/> is 2 for a list of lists (<c>[[...], [...]]</c>).
/// </summary>
public sealed record FieldSpec(
    string WireName,
    string PropertyName,
    FieldKind Kind,
    FieldKind ItemKind,
    NumberFormat Format,
    bool NumberOrString,
    bool Required,
    string? Description,
    string? Example,
    string? EnumName,
    ObjectSpec? Object,
    ConstraintSpec? Constraints = null,
    bool Strict = false,
    bool OneOrMany = false,
    EquatableArray<UnionCaseSpec> Cases = default,
    string? Ref = null,
    int ListDepth = 1)
{
    /// <summary>Whether <see cref="Object"/> is one of the spec's shared <c>types</c> (named by <see cref="Ref"/>),
    /// generated once as a top-level class, rather than a table of this field's own.</summary>
    public bool IsShared => Ref is not null;

    /// <summary>
    /// Whether reading accepts the other scalar form: a number from a numeric string, a string from a number, a boolean
    /// from 0/1 or "true"/"false". The default for every scalar field; <c>strict: true</c> (or
    /// <c>number_or_string: false</c>) opts out. Writing always uses the spec's type.
    /// </summary>
    public bool Lenient => !Strict;

    /// <summary>The scalar kind of the value: the field's own kind, or its items' kind for arrays.</summary>
    public FieldKind ScalarKind => Kind is FieldKind.Array or FieldKind.Map ? ItemKind : Kind;
}

/// <summary>
/// Limits the doc page states for a field's value (<c>min_length</c>, <c>max_length</c>, <c>minimum</c>,
/// <c>maximum</c>). Lengths count UTF-16 code units, as <c>string.Length</c> does.
/// </summary>
public sealed record ConstraintSpec(int? MinLength, int? MaxLength, double? Minimum, double? Maximum);

/// <summary>
/// One case of a union field: the discriminator's wire value, the C# class of the case, and the fields that travel
/// beside the discriminator for it (<c>msgtype: "text"</c> → <c>"text": {"content": ...}</c>).
/// </summary>
public sealed record UnionCaseSpec(string Value, ObjectSpec Object);

/// <summary>A generated class: request, response or a nested object.</summary>
public sealed record ObjectSpec(
    string TypeName,
    string? Description,
    EquatableArray<FieldSpec> Fields);

public sealed record EnumSpec(
    string Name,
    bool IsNumber,
    string? Description,
    EquatableArray<EnumValueSpec> Values);

public sealed record EnumValueSpec(string Wire, string MemberName, string? Description);

public sealed record ErrorSpec(
    int Code,
    string? ErrMsg,
    string MemberName,
    string? Description,
    string? Solution,
    string? Note);

public sealed record ScopeSpec(AccountAccess OfficialAccount, AccountAccess ServiceAccount);

public sealed record ExamplesSpec(string? Request, string? Response, EquatableArray<string> Normalized)
{
    /// <summary>No examples.</summary>
    public static readonly ExamplesSpec None = new(null, null, EquatableArray<string>.Empty);
}

public sealed record GlobalErrorsSpec(string FilePath, EquatableArray<ErrorSpec> Errors);
