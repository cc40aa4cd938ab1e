using System.Collections.Generic;
using System.IO;
using System.Linq;
using WxContracts.Specs.Parsing;

namespace WxContracts.Cli.Import;

/// <summary>
/// <c>wxspec import &lt;doc-page&gt; [-o file.yaml]</c>. Exit 0: the page was read fully. Exit 1: problems were
/// reported (the spec is still written as far as the page could be read), or the page is not in the expected
/// layout (nothing written). Exit 2: the file could not be read at all.
/// </summary>
internal static class ImportCommand
{
    /// <summary>The whole import, without touching the file system: page text in, spec text and problems out.</summary>
    public sealed record Outcome(string? Yaml, ImportedSpec? Spec, IReadOnlyList<ImportProblem> Problems);

    public static Outcome ImportText(string pageText, string? pageName)
    {
        var result = DocImporter.Import(pageText);
        if (result.Spec is null)
        {
            return new Outcome(null, null, result.Problems);
        }

        var spec = result.Spec;
        var problems = new List<ImportProblem>(result.Problems);
        var yaml = SpecYamlWriter.Write(spec, pageName);
        var diagnostics = SpecParser.Parse(pageName ?? "imported.yaml", yaml).Diagnostics;

        // An example that contradicts what was read of the tables (say, a table the page lacks) would make the
        // spec fail the build: leave that example out, say why, and keep the rest.
        foreach (var which in new[] { "response", "request" })
        {
            var exampleErrors = diagnostics.Where(d => d.Id is "WXC010" or "WXC011" && d.Message.Contains(which)).ToList();
            if (exampleErrors.Count == 0)
            {
                continue;
            }

            foreach (var d in exampleErrors)
            {
                problems.Add(new ImportProblem(0, $"the {which} example was left out: it does not agree with the tables read from the page ({d.Message})"));
            }

            if (which == "response")
            {
                spec.ResponseExample = null;
            }
            else
            {
                spec.RequestExample = null;
            }

            spec.Reviews.Add($"the page's {which} example was left out because it contradicts the tables read from the page");
            yaml = SpecYamlWriter.Write(spec, pageName);
            diagnostics = SpecParser.Parse(pageName ?? "imported.yaml", yaml).Diagnostics;
        }

        // Self-check with the generator's parser: the output must be a spec the build accepts.
        foreach (var d in diagnostics)
        {
            problems.Add(new ImportProblem(0, $"the imported spec does not pass the spec checks: {d.Id} at spec line {d.Location.Line + 1}: {d.Message}"));
        }

        return new Outcome(yaml, spec, problems);
    }

    public static int Execute(string page, string? outFile, TextWriter output, TextWriter error)
    {
        var text = InputFiles.ReadText(page, out var problem);
        if (text is null)
        {
            error.WriteLine($"wxspec import: {problem}");
            return WxSpecCommand.BadInput;
        }

        if (text.Trim().Length == 0)
        {
            error.WriteLine($"wxspec import: '{page}' is empty; expected an official API doc page");
            return WxSpecCommand.BadInput;
        }

        var outcome = ImportText(text, Path.GetFileName(page));
        foreach (var p in outcome.Problems.OrderBy(p => p.Line))
        {
            error.WriteLine(p.Line > 0 ? $"{page}({p.Line}): import problem: {p.Message}" : $"{page}: import problem: {p.Message}");
        }

        if (outcome.Yaml is null)
        {
            error.WriteLine("wxspec import: nothing imported.");
            return WxSpecCommand.ProblemsFound;
        }

        if (outFile is null)
        {
            output.Write(outcome.Yaml);
        }
        else
        {
            try
            {
                var dir = Path.GetDirectoryName(Path.GetFullPath(outFile));
                if (dir is not null)
                {
                    Directory.CreateDirectory(dir);
                }

                File.WriteAllText(outFile, outcome.Yaml);
            }
            catch (System.Exception ex) when (ex is IOException or System.UnauthorizedAccessException)
            {
                error.WriteLine($"wxspec import: could not write '{outFile}': {ex.Message}");
                return WxSpecCommand.BadInput;
            }
        }

        var reviews = outcome.Yaml.Split('\n').Count(l => l.TrimStart().StartsWith("# review:", System.StringComparison.Ordinal));
        error.WriteLine($"wxspec import: {(outFile is null ? "spec written to standard output" : "wrote " + outFile)}; {reviews} line(s) marked '# review:', {outcome.Problems.Count} problem(s).");
        return outcome.Problems.Count > 0 ? WxSpecCommand.ProblemsFound : WxSpecCommand.Ok;
    }
}
