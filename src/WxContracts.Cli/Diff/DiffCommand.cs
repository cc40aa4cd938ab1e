using System.IO;
using System.Linq;
using WxContracts.Cli.Import;
using WxContracts.Specs.Parsing;

namespace WxContracts.Cli.Diff;

/// <summary>
/// <c>wxspec diff &lt;doc-page&gt; &lt;spec&gt;</c>: imports the page and compares it with the spec (see
/// <see cref="SpecDiff"/>). One line per difference on standard output. Exit 0: no difference. Exit 1: differences,
/// or the page could not be read fully (its problems go to standard error). Exit 2: a file could not be read, the
/// page is not an API doc page, or the spec has errors.
/// </summary>
internal static class DiffCommand
{
    public static int Execute(string page, string specPath, TextWriter output, TextWriter error)
    {
        var pageText = InputFiles.ReadText(page, out var problem);
        if (pageText is null)
        {
            error.WriteLine($"wxspec diff: {problem}");
            return WxSpecCommand.BadInput;
        }

        var specText = InputFiles.ReadText(specPath, out problem);
        if (specText is null)
        {
            error.WriteLine($"wxspec diff: {problem}");
            return WxSpecCommand.BadInput;
        }

        var spec = SpecParser.Parse(specPath, specText);
        if (spec.Diagnostics.Count > 0 || spec.Endpoint is null)
        {
            foreach (var d in spec.Diagnostics)
            {
                error.WriteLine(d.ToString());
            }

            error.WriteLine(spec.Endpoint is null && spec.Diagnostics.Count == 0
                ? $"wxspec diff: '{specPath}' is not an endpoint spec"
                : $"wxspec diff: '{specPath}' has errors; fix them (wxspec lint) before comparing");
            return WxSpecCommand.BadInput;
        }

        var outcome = ImportCommand.ImportText(pageText, Path.GetFileName(page));
        foreach (var p in outcome.Problems.OrderBy(p => p.Line))
        {
            error.WriteLine(p.Line > 0 ? $"{page}({p.Line}): import problem: {p.Message}" : $"{page}: import problem: {p.Message}");
        }

        if (outcome.Yaml is null || outcome.Spec is null)
        {
            error.WriteLine($"wxspec diff: '{page}' could not be imported; nothing compared");
            return WxSpecCommand.BadInput;
        }

        var imported = SpecParser.Parse("imported.yaml", outcome.Yaml);
        if (imported.Endpoint is null)
        {
            error.WriteLine($"wxspec diff: the import of '{page}' is not a valid spec; nothing compared");
            return WxSpecCommand.BadInput;
        }

        var differences = SpecDiff.Compare(imported.Endpoint, outcome.Spec, spec.Endpoint);
        foreach (var line in differences)
        {
            output.WriteLine(line);
        }

        error.WriteLine(differences.Count == 0
            ? $"wxspec diff: '{specPath}' agrees with '{page}'{(outcome.Problems.Count > 0 ? $" as far as the page could be read ({outcome.Problems.Count} problem(s))" : string.Empty)}."
            : $"wxspec diff: {differences.Count} difference(s) between '{specPath}' and '{page}' (spec → page).");
        return differences.Count > 0 || outcome.Problems.Count > 0 ? WxSpecCommand.ProblemsFound : WxSpecCommand.Ok;
    }
}
