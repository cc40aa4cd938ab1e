using System.Collections.Generic;
using System.IO;
using WxContracts.Specs.Model;

namespace WxContracts.Cli.Lint;

/// <summary><c>wxspec lint &lt;dir-or-files&gt;</c>: prints each diagnostic compiler-style, exit 1 on any error.</summary>
internal static class LintCommand
{
    public static int Execute(IReadOnlyList<string> paths, TextWriter output, TextWriter error)
    {
        var problems = new List<string>();
        var files = InputFiles.SpecFiles(paths, problems);
        var specs = new List<(string, string)>();
        foreach (var file in files)
        {
            var text = InputFiles.ReadText(file, out var problem);
            if (text is null)
            {
                problems.Add(problem!);
                continue;
            }

            specs.Add((file, text));
        }

        foreach (var problem in problems)
        {
            error.WriteLine($"wxspec lint: {problem}");
        }

        if (specs.Count == 0 && problems.Count == 0)
        {
            error.WriteLine($"wxspec lint: no *.yaml or *.yml files under {string.Join(", ", paths)}");
            return WxSpecCommand.BadInput;
        }

        var result = SpecLinter.Lint(specs);
        foreach (SpecDiagnostic d in result.Diagnostics)
        {
            output.WriteLine(d.ToString());
        }

        output.WriteLine($"{specs.Count} spec file(s), {result.ErrorCount} error(s).");
        if (problems.Count > 0)
        {
            return WxSpecCommand.BadInput;
        }

        return result.ErrorCount > 0 ? WxSpecCommand.ProblemsFound : WxSpecCommand.Ok;
    }
}
