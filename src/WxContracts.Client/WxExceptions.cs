using System;

namespace WxContracts;

/// <summary>
/// WeChat answered with a non-zero <c>errcode</c>. Carries the numeric code, the global enum value when the code
/// is a global one, <c>errmsg</c> and the <c>rid</c> WeChat appends to it.
/// </summary>
public class WxApiException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WxApiException(WxEndpointInfo endpoint, int errorCode, string? errorMessage)
        : base(FormatMessage(endpoint, errorCode, errorMessage))
    {
        Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
        RequestId = ParseRid(errorMessage);
    }

    /// <summary>The endpoint that answered.</summary>
    public WxEndpointInfo Endpoint { get; }

    /// <summary>WeChat's <c>errcode</c>.</summary>
    public int ErrorCode { get; }

    /// <summary>WeChat's <c>errmsg</c> as it came.</summary>
    public string? ErrorMessage { get; }

    /// <summary>The <c>rid</c> WeChat appends to errmsg (<c>"... rid: 5f8a..."</c>), for WeChat's support tools.</summary>
    public string? RequestId { get; }

    /// <summary>The code as a global return code, when it is one.</summary>
    public WxGlobalError? GlobalError => Enum.IsDefined((WxGlobalError)ErrorCode) ? (WxGlobalError)ErrorCode : null;

    /// <summary>Whether WeChat said "system busy" (-1): worth retrying later.</summary>
    public bool IsSystemBusy => ErrorCode == (int)WxGlobalError.SystemBusy;

    /// <summary>Whether the access token was rejected (40001, 40014, 42001).</summary>
    public bool IsInvalidToken => IsTokenRejection(ErrorCode);

    /// <summary>Whether a quota is exhausted (45009 daily, 45011 per minute): retrying now does not help.</summary>
    public bool IsQuotaExceeded => ErrorCode is (int)WxGlobalError.ApiDailyQuotaExceeded or (int)WxGlobalError.ApiMinuteQuotaExceeded;

    internal static bool IsTokenRejection(int code) =>
        code is (int)WxGlobalError.InvalidCredential or (int)WxGlobalError.InvalidAccessToken or (int)WxGlobalError.AccessTokenExpired;

    private static string FormatMessage(WxEndpointInfo endpoint, int code, string? message) =>
        $"WeChat {endpoint?.InterfaceName} ({endpoint?.Path}) returned errcode {code}: {(string.IsNullOrEmpty(message) ? "(no errmsg)" : message)}";

    private static string? ParseRid(string? message)
    {
        if (message is null)
        {
            return null;
        }

        var idx = message.LastIndexOf("rid:", StringComparison.Ordinal);
        if (idx < 0)
        {
            return null;
        }

        var rid = message.Substring(idx + 4).Trim();
        return rid.Length == 0 ? null : rid;
    }
}

/// <summary>A non-zero errcode from an endpoint whose documented codes are <typeparamref name="TError"/>.</summary>
public sealed class WxApiException<TError> : WxApiException
    where TError : struct, Enum
{
    /// <summary>Creates the exception.</summary>
    public WxApiException(WxEndpointInfo endpoint, int errorCode, string? errorMessage)
        : base(endpoint, errorCode, errorMessage)
    {
        var value = (TError)Enum.ToObject(typeof(TError), errorCode);
        Error = Enum.IsDefined(value) ? value : null;
    }

    /// <summary>The endpoint's documented error, or null when the code is not in its table.</summary>
    public TError? Error { get; }
}

/// <summary>What went wrong when no usable WeChat response came back.</summary>
public enum WxRequestFailure
{
    /// <summary>No connection could be made (refused, DNS, TLS): the request never left.</summary>
    ConnectFailed,

    /// <summary>The attempt timed out; the request may have reached WeChat.</summary>
    Timeout,

    /// <summary>The connection broke after the request was sent.</summary>
    ConnectionBroken,

    /// <summary>The HTTP status was not 2xx.</summary>
    HttpStatus,

    /// <summary>The body was not the JSON the contract describes (HTML, truncated, wrong types).</summary>
    InvalidBody,

    /// <summary>The body was larger than the configured limit.</summary>
    BodyTooLarge,

    /// <summary>
    /// A handler of the HttpClient (a retrying one, such as <c>AddStandardResilienceHandler</c>'s) tried to send a
    /// non-idempotent request a second time and was stopped; the first send may have reached WeChat.
    /// </summary>
    DuplicateSendRefused,
}

/// <summary>
/// No usable WeChat response came back: the request failed, the HTTP status was not 2xx, or the body was not the
/// JSON the contract describes. Says what came back; never contains the access token or the AppSecret.
/// </summary>
public sealed class WxRequestException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WxRequestException(
        WxEndpointInfo endpoint,
        WxRequestFailure failure,
        string message,
        bool requestMayHaveBeenSent,
        int? statusCode = null,
        string? contentType = null,
        string? bodyStart = null,
        Exception? innerException = null)
        : this(endpoint, failure, $"WeChat {endpoint?.InterfaceName} ({endpoint?.Path}): {message}", null, requestMayHaveBeenSent, statusCode, contentType, bodyStart, innerException)
    {
    }

    /// <summary>A body that did not match the contract at a JSON path: the message is complete as given.</summary>
    internal WxRequestException(
        WxEndpointInfo endpoint,
        WxRequestFailure failure,
        string fullMessage,
        string? jsonPath,
        bool requestMayHaveBeenSent,
        int? statusCode,
        string? contentType,
        string? bodyStart,
        Exception? innerException)
        : base(fullMessage, innerException)
    {
        JsonPath = jsonPath;
        Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        Failure = failure;
        RequestMayHaveBeenSent = requestMayHaveBeenSent;
        StatusCode = statusCode;
        ContentType = contentType;
        BodyStart = bodyStart;
    }

    /// <summary>The endpoint that was called.</summary>
    public WxEndpointInfo Endpoint { get; }

    /// <summary>For <see cref="WxRequestFailure.InvalidBody"/>: the JSON path of the value that did not match the
    /// contract (<c>$.comment[0].reply</c>), when the body was JSON.</summary>
    public string? JsonPath { get; }

    /// <summary>What went wrong.</summary>
    public WxRequestFailure Failure { get; }

    /// <summary>Whether WeChat may have received (and acted on) the request.</summary>
    public bool RequestMayHaveBeenSent { get; }

    /// <summary>The HTTP status, when a response came back.</summary>
    public int? StatusCode { get; }

    /// <summary>The response's content type, when a response came back.</summary>
    public string? ContentType { get; }

    /// <summary>The first bytes of the body as text (at most 200 characters, tokens redacted), when a body came back.</summary>
    public string? BodyStart { get; }
}
