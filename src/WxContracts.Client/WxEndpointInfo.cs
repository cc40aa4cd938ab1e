using System;

namespace WxContracts;

/// <summary>How an endpoint receives its credential.</summary>
public enum WxCredentialKind
{
    /// <summary>The <c>access_token</c> query parameter: the account's own token, or an authorizer's token for a third-party platform.</summary>
    AccessToken,

    /// <summary>The <c>authorizer_access_token</c> query parameter (third-party platforms only).</summary>
    AuthorizerAccessToken,

    /// <summary>No credential (for example the token endpoints themselves).</summary>
    None,
}

/// <summary>Whether an account kind may call an endpoint, as the docs' scope table says.</summary>
public enum WxAccountAccess
{
    /// <summary>The account can call it (✔).</summary>
    Allowed,

    /// <summary>Only certified accounts can call it ("Certification only").</summary>
    CertifiedOnly,

    /// <summary>The account cannot call it.</summary>
    NotAllowed,
}

/// <summary>Describes one WeChat endpoint at run time: where it lives and how to call it.</summary>
public class WxEndpointInfo
{
    /// <summary>Creates a descriptor; generated code does this once per endpoint.</summary>
    public WxEndpointInfo(string name, string interfaceName, string httpMethod, string baseAddress, string path, WxCredentialKind credential, bool idempotent)
        : this(name, interfaceName, httpMethod, baseAddress, path, credential, idempotent, responseMayBeFile: false)
    {
    }

    /// <summary>Creates the descriptor of an endpoint that may answer with a file's bytes instead of JSON.</summary>
    public WxEndpointInfo(string name, string interfaceName, string httpMethod, string baseAddress, string path, WxCredentialKind credential, bool idempotent, bool responseMayBeFile)
    {
        ResponseMayBeFile = responseMayBeFile;
        Name = name ?? throw new ArgumentNullException(nameof(name));
        InterfaceName = interfaceName ?? throw new ArgumentNullException(nameof(interfaceName));
        HttpMethod = httpMethod ?? throw new ArgumentNullException(nameof(httpMethod));
        BaseAddress = baseAddress ?? throw new ArgumentNullException(nameof(baseAddress));
        Path = path ?? throw new ArgumentNullException(nameof(path));
        Credential = credential;
        Idempotent = idempotent;
    }

    /// <summary>The spec's C# name, e.g. <c>ReplyComment</c>.</summary>
    public string Name { get; }

    /// <summary>The docs' interface name, e.g. <c>replycomment</c>.</summary>
    public string InterfaceName { get; }

    /// <summary><c>GET</c> or <c>POST</c>.</summary>
    public string HttpMethod { get; }

    /// <summary>The documented host, e.g. <c>https://api.weixin.qq.com</c>; a transport may replace it.</summary>
    public string BaseAddress { get; }

    /// <summary>The path, e.g. <c>/cgi-bin/comment/reply/add</c>.</summary>
    public string Path { get; }

    /// <summary>How the credential is passed.</summary>
    public WxCredentialKind Credential { get; }

    /// <summary>Whether repeating the call is harmless. Non-idempotent calls are never retried once sent.</summary>
    public bool Idempotent { get; }

    /// <summary>
    /// Whether a success may be the file's bytes rather than JSON (media/get, material/get_material): the response's
    /// <see cref="IWxFileResponse.File"/> then holds them. Errors are JSON as always.
    /// </summary>
    public bool ResponseMayBeFile { get; }

    /// <summary>Creates the exception for a non-zero errcode.</summary>
    public virtual WxApiException CreateException(int errorCode, string? errorMessage) =>
        new(this, errorCode, errorMessage);

    /// <inheritdoc/>
    public override string ToString() => $"{InterfaceName} ({HttpMethod} {Path})";
}

/// <summary>An endpoint whose documented error codes are the enum <typeparamref name="TError"/>.</summary>
public sealed class WxEndpointInfo<TError> : WxEndpointInfo
    where TError : struct, Enum
{
    /// <summary>Creates a descriptor; generated code does this once per endpoint.</summary>
    public WxEndpointInfo(string name, string interfaceName, string httpMethod, string baseAddress, string path, WxCredentialKind credential, bool idempotent)
        : base(name, interfaceName, httpMethod, baseAddress, path, credential, idempotent)
    {
    }

    /// <summary>Creates the descriptor of an endpoint that may answer with a file's bytes instead of JSON.</summary>
    public WxEndpointInfo(string name, string interfaceName, string httpMethod, string baseAddress, string path, WxCredentialKind credential, bool idempotent, bool responseMayBeFile)
        : base(name, interfaceName, httpMethod, baseAddress, path, credential, idempotent, responseMayBeFile)
    {
    }

    /// <inheritdoc/>
    public override WxApiException CreateException(int errorCode, string? errorMessage) =>
        new WxApiException<TError>(this, errorCode, errorMessage);
}

/// <summary>
/// Marks a generated client method with its endpoint's contract, for analyzers and tools. Nothing reads it at
/// run time.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class WxEndpointAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    public WxEndpointAttribute(string httpMethod, string path)
    {
        HttpMethod = httpMethod;
        Path = path;
    }

    /// <summary><c>GET</c> or <c>POST</c>.</summary>
    public string HttpMethod { get; }

    /// <summary>The path, e.g. <c>/cgi-bin/comment/reply/add</c>.</summary>
    public string Path { get; }

    /// <summary>The docs' interface name.</summary>
    public string? Interface { get; set; }

    /// <summary>The documented host.</summary>
    public string? BaseAddress { get; set; }

    /// <summary>How the credential is passed.</summary>
    public WxCredentialKind Credential { get; set; }

    /// <summary>Whether repeating the call is harmless.</summary>
    public bool Idempotent { get; set; }

    /// <summary>Whether the docs require the call to be made from a server, never from a front end.</summary>
    public bool ServerSideOnly { get; set; }

    /// <summary>Scope for Official Accounts (subscription accounts).</summary>
    public WxAccountAccess OfficialAccount { get; set; }

    /// <summary>Scope for Service Accounts.</summary>
    public WxAccountAccess ServiceAccount { get; set; }

    /// <summary>Third-party platform permission set ids; empty when third-party calls are not supported.</summary>
    public int[]? PermissionSets { get; set; }

    /// <summary>The cloud-call name, or null when cloud calls are not supported.</summary>
    public string? CloudCall { get; set; }

    /// <summary>The endpoint's error-code enum.</summary>
    public Type? ErrorCodes { get; set; }
}
