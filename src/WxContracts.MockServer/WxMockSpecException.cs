using System;

namespace WxContracts.MockServer;

/// <summary>The specs given to the mock server cannot be served; the message lists each problem with its file, line and column.</summary>
public sealed class WxMockSpecException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WxMockSpecException(string message)
        : base(message)
    {
    }
}
