using System;

namespace WxContracts.AspNetCore.Authentication;

/// <summary>Why a WeChat sign-in failed.</summary>
public enum WeChatAuthenticationFailure
{
    /// <summary>The code was already exchanged (40163), typically after a double redirect or a reloaded callback.</summary>
    CodeAlreadyUsed,

    /// <summary>WeChat does not know the code (40029): expired (5 minutes), forged, or issued to another AppID.</summary>
    InvalidCode,

    /// <summary>The user is a snapshot-page virtual account and <see cref="WeChatOfficialAccountOptions.RefuseSnapshotUsers"/> is set.</summary>
    SnapshotUser,

    /// <summary>The refresh_token is invalid (40030) or expired (42002): the user must sign in again.</summary>
    RefreshTokenRejected,

    /// <summary>WeChat answered with another error code, or the answer was not usable.</summary>
    WeChatError,
}

/// <summary>
/// A WeChat sign-in or token refresh failed for a reason WeChat gave. The sign-in handler reports it as the failure of
/// the remote authentication (<c>RemoteFailureContext.Failure</c>); it is never retried. The message never carries the
/// code or a token.
/// </summary>
public sealed class WeChatAuthenticationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WeChatAuthenticationException(WeChatAuthenticationFailure reason, int? errorCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
        ErrorCode = errorCode;
    }

    /// <summary>Why the sign-in failed.</summary>
    public WeChatAuthenticationFailure Reason { get; }

    /// <summary>WeChat's errcode, when WeChat gave one.</summary>
    public int? ErrorCode { get; }
}
