using System.Collections.Generic;
using System.Linq;

namespace WxContracts.Specs.Model;

/// <summary>
/// Every diagnostic the spec checks can report. The generator turns these into Roslyn diagnostics and the
/// wxspec CLI prints them compiler-style; both read this one catalog. Documented in docs/diagnostics.md.
/// </summary>
public static class DiagnosticCatalog
{
    public const string YamlSyntax = "WXC001";
    public const string MissingKey = "WXC002";
    public const string UnknownKey = "WXC003";
    public const string UnknownType = "WXC004";
    public const string BadEnum = "WXC005";
    public const string DuplicateName = "WXC006";
    public const string BadErrorCode = "WXC007";
    public const string InvalidIdentifier = "WXC008";
    public const string UnsupportedHttpMethod = "WXC009";
    public const string ExampleNotJson = "WXC010";
    public const string ExampleContradictsTables = "WXC011";
    public const string WrongValueKind = "WXC012";
    public const string InvalidValue = "WXC013";
    public const string DuplicateKey = "WXC014";
    public const string LimitExceeded = "WXC015";
    public const string EmptySpec = "WXC016";
    public const string InternalError = "WXC017";
    public const string BadNesting = "WXC018";
    public const string UnreadableSpec = "WXC019";
    public const string ShippedSpecReplaced = "WXC020";
    public const string UnknownGroup = "WXC021";

    private static readonly DiagnosticKind[] s_all =
    {
        new(YamlSyntax, "Spec is not valid YAML", true),
        new(MissingKey, "Required key is missing", true),
        new(UnknownKey, "Unknown key", true),
        new(UnknownType, "Unknown type or number format", true),
        new(BadEnum, "Invalid enumeration", true),
        new(DuplicateName, "C# name defined twice", true),
        new(BadErrorCode, "Invalid or duplicate error code", true),
        new(InvalidIdentifier, "Not a valid C# identifier", true),
        new(UnsupportedHttpMethod, "Unsupported HTTP method", true),
        new(ExampleNotJson, "Example is not valid JSON", true),
        new(ExampleContradictsTables, "Example contradicts the parameter tables", true),
        new(WrongValueKind, "Value has the wrong kind", true),
        new(InvalidValue, "Invalid value", true),
        new(DuplicateKey, "Key or field defined twice", true),
        new(LimitExceeded, "Spec exceeds a size, depth or alias limit", true),
        new(EmptySpec, "Spec file is empty", true),
        new(UnreadableSpec, "Spec file could not be read", true),
        new(InternalError, "Generator failed on this spec", true),
        new(BadNesting, "Nested fields do not match the type", true),
        new(ShippedSpecReplaced, "Own spec replaces a shipped spec", false),
        new(UnknownGroup, "WxContractsInclude names an unknown group", false),
    };

    /// <summary>Diagnostics that only inform (reported with Info severity rather than Warning): a build property or
    /// spec doing what it was asked to.</summary>
    public static bool IsInfo(string id) => id == ShippedSpecReplaced;

    private static readonly Dictionary<string, DiagnosticKind> s_byId = s_all.ToDictionary(d => d.Id);

    public static IReadOnlyList<DiagnosticKind> All => s_all;

    public static DiagnosticKind Get(string id) => s_byId[id];
}
