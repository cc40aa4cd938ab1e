using System.Collections.Generic;
using System.Linq;
using WxContracts.Specs.Checks;
using WxContracts.Specs.Model;
using WxContracts.Specs.Parsing;

namespace WxContracts.Cli.Lint;

/// <summary>
/// The checks of <c>wxspec lint</c>: the generator's own parser on each file, then the generator's cross-spec
/// checks on all of them. Nothing here decides what is an error; it only runs the shared code.
/// </summary>
internal static class SpecLinter
{
    public sealed record Result(IReadOnlyList<SpecFile> Files, IReadOnlyList<SpecDiagnostic> Diagnostics)
    {
        public int ErrorCount => Diagnostics.Count(d => d.IsError);
    }

    /// <summary>Lints specs given as (path, text). Diagnostics come per file in input order, then the cross-spec ones.</summary>
    public static Result Lint(IEnumerable<(string Path, string Text)> specs)
    {
        var files = specs.Select(s => SpecParser.Parse(s.Path, s.Text)).ToList();
        var diagnostics = files.SelectMany(f => f.Diagnostics).Concat(Conflicts.Check(files)).ToList();
        return new Result(files, diagnostics);
    }
}
