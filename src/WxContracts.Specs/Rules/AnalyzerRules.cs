namespace WxContracts.Specs.Rules;

/// <summary>
/// The IDs of the usage analyzers (WXC1001–WXC1006) and the diagnostic property keys they pass to code fixes. The
/// analyzers live in the generator assembly and the fixes in their own; both read the names from here.
/// </summary>
public static class AnalyzerRules
{
    /// <summary>WXC1001: endpoint not available to the declared account.</summary>
    public const string AccountScope = "WXC1001";

    /// <summary>WXC1002: documented error code compared as a number.</summary>
    public const string MagicErrorCode = "WXC1002";

    /// <summary>WXC1003: hard-coded WeChat credential.</summary>
    public const string HardCodedSecret = "WXC1003";

    /// <summary>WXC1004: constant value rejected by the docs.</summary>
    public const string Constraint = "WXC1004";

    /// <summary>WXC1005: WeChat API called from a browser project.</summary>
    public const string ServerSideOnly = "WXC1005";

    /// <summary>WXC1006: raw HTTP call to an endpoint the client covers.</summary>
    public const string RawHttpCall = "WXC1006";

    /// <summary>WXC1002's property: the error-enum members (fully qualified, ';'-separated) the number may mean.</summary>
    public const string MagicErrorCodeCandidatesKey = "Candidates";
}
