using System.Collections.Generic;
using WxContracts.Specs.Binding;

namespace WxContracts.Generator.Emit;

/// <summary>What the templates that span all specs see: the namespace and the merged entries or groups.</summary>
internal sealed record SharedModel(string Namespace, IReadOnlyList<BoundContextEntry> Entries, IReadOnlyList<BoundGroup> Groups);

/// <summary>What the error-enum template sees: one endpoint's table or the global one.</summary>
internal sealed record ErrorsModel(string Namespace, string Summary, string Remarks, BoundErrorEnum Errors)
{
    public static ErrorsModel ForEndpoint(BoundSpec spec) => new(
        spec.Namespace,
        $"Error codes documented for {spec.Spec.Interface} ({spec.Spec.Title}).",
        $"Raised as WxContracts.WxApiException<{spec.Errors.Name}>; codes every endpoint can return are in {SpecNames.GlobalErrorEnum}.",
        spec.Errors);

    public static ErrorsModel ForGlobal(BoundErrorEnum errors) => new(
        "WxContracts",
        "WeChat global return codes: any endpoint can return these.",
        "Transcribed from the official global return code table; see specs/global/errors.yaml.",
        errors);
}
