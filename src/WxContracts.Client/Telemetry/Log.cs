using Microsoft.Extensions.Logging;

namespace WxContracts;

/// <summary>The runtime's log messages (source-generated). None of them carries a token, a secret, a URL query or a body.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "WeChat {Interface}: {Method} {Path}")]
    public static partial void CallStarting(ILogger logger, string @interface, string method, string path);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "WeChat {Interface} succeeded after {Attempts} attempt(s) in {ElapsedMs:F1} ms")]
    public static partial void CallSucceeded(ILogger logger, string @interface, int attempts, double elapsedMs);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "WeChat {Interface} answered errcode {ErrCode} ({ErrMsg}) after {Attempts} attempt(s)")]
    public static partial void CallApiError(ILogger logger, string @interface, int errCode, string? errMsg, int attempts);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "WeChat {Interface} failed: {Failure} after {Attempts} attempt(s)")]
    public static partial void CallRequestError(ILogger logger, string @interface, WxRequestFailure failure, int attempts);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Retrying WeChat {Interface} (attempt {NextAttempt}) after {Reason}, in {DelayMs:F0} ms")]
    public static partial void Retrying(ILogger logger, string @interface, int nextAttempt, string reason, double delayMs);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "WeChat {Interface} rejected the access token (errcode {ErrCode}); refreshing it and retrying once")]
    public static partial void TokenRejected(ILogger logger, string @interface, int errCode);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Access token fetched ({Mode}, {Reason}); WeChat says it expires in {ExpiresIn} s")]
    public static partial void TokenFetched(ILogger logger, WxTokenMode mode, string reason, int expiresIn);

    [LoggerMessage(EventId = 8, Level = LogLevel.Debug, Message = "Access token refresh not needed: another caller or instance already replaced it")]
    public static partial void TokenAlreadyReplaced(ILogger logger);

    [LoggerMessage(EventId = 9, Level = LogLevel.Debug, Message = "Another instance holds the token refresh lock; waiting for its token")]
    public static partial void WaitingForLock(ILogger logger);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "No access token other than the rejected one is available; the call fails with the original error")]
    public static partial void NoOtherToken(ILogger logger);
}
