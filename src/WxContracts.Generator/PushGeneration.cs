using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using WxContracts.Generator.Emit;
using WxContracts.Specs.Binding;
using WxContracts.Specs.Checks;
using WxContracts.Specs.Model;

namespace WxContracts.Generator;

/// <summary>
/// The push step of the generator, separate from the endpoint pipeline: every <c>kind: push</c> spec becomes a class in
/// <c>WxContracts.Push</c> ({Name}.Push.g.cs) and all of them the dispatcher WxPush.g.cs. Like the global error table,
/// the push code is emitted once: in the runtime library, which ships it, and in any compilation that does not
/// reference a library that already has <c>WxContracts.Push.WxPush</c>.
/// </summary>
internal static class PushGeneration
{
    /// <summary>Tracking names of the push steps.</summary>
    public const string PushStep = "WxPushes";

    public static void Register(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<SpecFile> files)
    {
        var shipped = context.CompilationProvider.Select(static (c, _) => c.GetTypeByMetadataName(PushNames.Namespace + "." + PushNames.EntryClass) is not null);
        var pushes = files
            .Where(static f => f.Push is not null)
            .Select(static (f, _) => f.Push!)
            .WithTrackingName(PushStep);

        var conflicts = pushes.Collect().Select(static (all, _) => PushConflicts.Find(all));
        context.RegisterSourceOutput(conflicts.Select(static (c, _) => c.Diagnostics), static (spc, diagnostics) =>
        {
            foreach (var d in diagnostics)
            {
                spc.ReportDiagnostic(WxContractsGenerator.ToDiagnostic(d));
            }
        });

        var generated = pushes
            .Combine(conflicts.Select(static (c, _) => c.Excluded))
            .Where(static pair => !pair.Right.Contains(pair.Left.Name))
            .Select(static (pair, _) => pair.Left)
            .Combine(shipped)
            .Where(static pair => !pair.Right)
            .Select(static (pair, _) => PushBinder.Bind(pair.Left));
        context.RegisterSourceOutput(generated, static (spc, push) =>
            WxContractsGenerator.Add(spc, push.HintName, () => Templates.Render("Push", push)));

        var entries = generated
            .Select(static (push, _) => PushBinder.Entry(push.Spec))
            .Collect();
        context.RegisterSourceOutput(entries, static (spc, all) =>
        {
            if (all.Length > 0)
            {
                WxContractsGenerator.Add(spc, PushNames.EntryFile, () => Templates.Render("PushEntry", PushEntryModel.From(all)));
            }
        });
    }
}
