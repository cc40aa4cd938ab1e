using WxContracts.Specs.Model;

namespace WxContracts.Specs.Binding;

/// <summary>
/// The runtime library's names that generated code refers to, in one explicit mapping. Nothing here comes from
/// <c>ToString()</c> of the spec model's own enums: renaming a model member cannot silently rename generated code.
/// </summary>
public static class RuntimeNames
{
    /// <summary>The runtime's namespace, qualified.</summary>
    public const string Namespace = "global::WxContracts";

    /// <summary>Base class of every response.</summary>
    public const string Response = Namespace + ".WxResponse";

    /// <summary>Implemented by requests with query parameters.</summary>
    public const string QueryParameters = Namespace + ".IWxQueryParameters";

    /// <summary>What <see cref="QueryParameters"/> appends to.</summary>
    public const string QueryBuilder = Namespace + ".WxQueryBuilder";

    /// <summary>Implemented by multipart/form-data requests.</summary>
    public const string MultipartRequest = Namespace + ".IWxMultipartRequest";

    /// <summary>What <see cref="MultipartRequest"/> appends to.</summary>
    public const string MultipartBuilder = Namespace + ".WxMultipartBuilder";

    /// <summary>Implemented by responses of endpoints that may answer with a file's bytes.</summary>
    public const string FileResponse = Namespace + ".IWxFileResponse";

    /// <summary>A file part.</summary>
    public const string File = Namespace + ".WxFile";

    /// <summary>The documented limits of a property (read by WXC1004).</summary>
    public const string ConstraintAttribute = Namespace + ".WxConstraintAttribute";

    /// <summary>Marks a credential property (read by WXC1003 and the redactor).</summary>
    public const string SecretAttribute = Namespace + ".WxSecretAttribute";

    /// <summary>The endpoint metadata on a client method (read by the analyzers).</summary>
    public const string EndpointAttribute = Namespace + ".WxEndpointAttribute";

    /// <summary>The run-time endpoint descriptor.</summary>
    public const string EndpointInfo = Namespace + ".WxEndpointInfo";

    /// <summary>What the client sends through.</summary>
    public const string Transport = Namespace + ".IWxTransport";

    /// <summary>The reading and writing helpers of the generated converters.</summary>
    public const string JsonHelpers = Namespace + ".Serialization.WxJson";

    /// <summary>The <c>WxCredentialKind</c> member for a spec's credential.</summary>
    public static string Credential(Credential credential) => credential switch
    {
        Model.Credential.AccessToken => Namespace + ".WxCredentialKind.AccessToken",
        Model.Credential.AuthorizerAccessToken => Namespace + ".WxCredentialKind.AuthorizerAccessToken",
        _ => Namespace + ".WxCredentialKind.None",
    };

    /// <summary>The <c>WxAccountAccess</c> member for a scope column.</summary>
    public static string AccountAccess(AccountAccess access) => access switch
    {
        Model.AccountAccess.Allowed => Namespace + ".WxAccountAccess.Allowed",
        Model.AccountAccess.CertifiedOnly => Namespace + ".WxAccountAccess.CertifiedOnly",
        _ => Namespace + ".WxAccountAccess.NotAllowed",
    };

    /// <summary>The <see cref="JsonHelpers"/> method that reads one scalar value of a field.</summary>
    public static string Reader(FieldKind scalar, NumberFormat format, bool nullable) => (scalar, nullable) switch
    {
        (FieldKind.String, false) => "ReadString",
        (FieldKind.String, true) => "ReadNullableString",
        (FieldKind.Boolean, false) => "ReadBoolean",
        (FieldKind.Boolean, true) => "ReadNullableBoolean",
        _ => NumberReader(format, nullable),
    };

    /// <summary>The <see cref="JsonHelpers"/> method that reads a number of the given width.</summary>
    public static string NumberReader(NumberFormat format, bool nullable) => (format, nullable) switch
    {
        (NumberFormat.Int64, false) => "ReadInt64",
        (NumberFormat.Int64, true) => "ReadNullableInt64",
        (NumberFormat.UInt32, false) => "ReadUInt32",
        (NumberFormat.UInt32, true) => "ReadNullableUInt32",
        (NumberFormat.UInt64, false) => "ReadUInt64",
        (NumberFormat.UInt64, true) => "ReadNullableUInt64",
        (NumberFormat.Double, false) => "ReadDouble",
        (NumberFormat.Double, true) => "ReadNullableDouble",
        (_, false) => "ReadInt32",
        _ => "ReadNullableInt32",
    };

    /// <summary>The C# keyword of a number width.</summary>
    public static string NumberType(NumberFormat format) => format switch
    {
        NumberFormat.Int64 => "long",
        NumberFormat.UInt32 => "uint",
        NumberFormat.UInt64 => "ulong",
        NumberFormat.Double => "double",
        _ => "int",
    };
}
