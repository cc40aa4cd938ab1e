using Microsoft.CodeAnalysis;
using WxContracts.Specs.Rules;

namespace WxContracts.Generator.Analyzers;

/// <summary>The analyzers' rules, WXC1001–WXC1006. Each is documented in docs/analyzers.md.</summary>
internal static class Descriptors
{
    public const string Category = "WxContracts.Usage";

    public const string AccountScopeId = AnalyzerRules.AccountScope;
    public const string MagicErrorCodeId = AnalyzerRules.MagicErrorCode;
    public const string HardCodedSecretId = AnalyzerRules.HardCodedSecret;
    public const string ConstraintId = AnalyzerRules.Constraint;
    public const string ServerSideOnlyId = AnalyzerRules.ServerSideOnly;
    public const string RawHttpCallId = AnalyzerRules.RawHttpCall;

    private const string HelpBase = "https://github.com/wxcontracts/wxcontracts/blob/main/docs/analyzers.md#";

    public static readonly DiagnosticDescriptor AccountScope = new(
        AccountScopeId,
        "Endpoint is not available to the declared account",
        "{0} ({1}) is not available to {2}: the docs' scope is {3}",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The project declares its account with WxAccountKind and WxAccountCertified; the endpoint's spec scope excludes that account, so WeChat will refuse the call.",
        helpLinkUri: HelpBase + "wxc1001");

    public static readonly DiagnosticDescriptor MagicErrorCode = new(
        MagicErrorCodeId,
        "Documented error code compared as a number",
        "Error code {0} is documented as {1}; compare with the enum member instead of the number",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The specs document this errcode; the generated error enum names it. Comparing with the number hides what the code means and breaks silently when it is mistyped.",
        helpLinkUri: HelpBase + "wxc1002");

    public static readonly DiagnosticDescriptor HardCodedSecret = new(
        HardCodedSecretId,
        "Hard-coded WeChat credential",
        "A string constant is used as {0}; read secrets and tokens from configuration or a secret store",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "An AppSecret or access token written into the source ends up in the repository, the binaries and every copy of them.",
        helpLinkUri: HelpBase + "wxc1003");

    public static readonly DiagnosticDescriptor Constraint = new(
        ConstraintId,
        "Constant value is rejected by the docs",
        "{0} breaks the documented limit of '{1}' ({2}); WeChat rejects it",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The spec records the limits the doc page states for this field; a constant outside them fails at run time with an errcode.",
        helpLinkUri: HelpBase + "wxc1004");

    public static readonly DiagnosticDescriptor ServerSideOnly = new(
        ServerSideOnlyId,
        "WeChat API called from a browser project",
        "{0} ({1}) must be called from a server, but this project runs in the browser ({2}): the access_token would be shipped to every visitor",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The docs require these APIs to be called on the server side. A Blazor WebAssembly or browser-wasm app runs on the visitor's machine, so its credentials are public.",
        helpLinkUri: HelpBase + "wxc1005");

    public static readonly DiagnosticDescriptor RawHttpCall = new(
        RawHttpCallId,
        "Raw HTTP call to an endpoint the client covers",
        "{0} is the WeChat endpoint {1}; call the generated {2} instead of sending it by hand",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The generated method adds the token without logging it, serializes the request as the spec says and turns errcode into typed exceptions.",
        helpLinkUri: HelpBase + "wxc1006");
}
