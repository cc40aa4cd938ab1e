using System.Collections.Generic;
using System.Linq;
using WxContracts.Specs.Binding;
using WxContracts.Specs.Model;

namespace WxContracts.Specs.Checks;

/// <summary>The cross-spec checks of push specs: a class name, or a MsgType/Event, defined by two specs. Both are skipped.</summary>
public static class PushConflicts
{
    /// <summary>The names of the specs to skip and a diagnostic for each.</summary>
    public static ConflictResult Find(IEnumerable<PushSpec> pushes)
    {
        var list = pushes.OrderBy(p => p.FilePath, System.StringComparer.Ordinal).ToList();
        var excluded = new HashSet<string>(System.StringComparer.Ordinal);
        var diagnostics = new List<SpecDiagnostic>();
        var endpoints = new[] { PushNames.EntryClass };
        foreach (var group in list.GroupBy(p => p.Name, System.StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            foreach (var spec in group)
            {
                excluded.Add(spec.Name);
                diagnostics.Add(new SpecDiagnostic(DiagnosticCatalog.DuplicateName, $"Push class '{spec.Name}' is defined by {group.Count()} specs ({string.Join(", ", group.Select(s => s.FilePath))}); neither is generated", SpecLocation.FileStart(spec.FilePath)));
            }
        }

        foreach (var group in list.GroupBy(Key, System.StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            foreach (var spec in group)
            {
                excluded.Add(spec.Name);
                diagnostics.Add(new SpecDiagnostic(DiagnosticCatalog.DuplicateName, $"{group.Key} is described by {group.Count()} push specs ({string.Join(", ", group.Select(s => s.FilePath))}); neither is generated", SpecLocation.FileStart(spec.FilePath)));
            }
        }

        return new ConflictResult(excluded.OrderBy(n => n, System.StringComparer.Ordinal).ToEquatableArray(), diagnostics.ToEquatableArray());
    }

    /// <summary>The dispatch key: replies and messages by MsgType, events by Event (WeChat's letter case varies).</summary>
    public static string Key(PushSpec spec) => spec.Direction switch
    {
        PushDirection.Reply => "Reply MsgType " + spec.MsgType,
        PushDirection.Event => "Event " + spec.Event,
        _ => "MsgType " + spec.MsgType,
    };
}
