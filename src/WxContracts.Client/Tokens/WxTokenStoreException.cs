using System;

namespace WxContracts;

/// <summary>
/// The shared token store (Redis, for example) failed: it could not be reached, refused the credentials, or answered
/// with an error. Never means "another instance holds the refresh lock"; that is waited for, not thrown.
/// </summary>
public sealed class WxTokenStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WxTokenStoreException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
