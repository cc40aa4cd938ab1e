using System;
using System.CommandLine;
using System.IO;
using WxContracts.Cli.Diff;
using WxContracts.Cli.Import;
using WxContracts.Cli.Lint;
using WxContracts.Cli.List;

namespace WxContracts.Cli;

/// <summary>
/// The <c>wxspec</c> command line: <c>import</c>, <c>diff</c>, <c>lint</c> and <c>list</c>. <see cref="Run"/> is the whole
/// program (Main only passes the console), so tests call it in-process with their own writers.
/// Exit codes: 0 success, 1 problems found (spec errors, a page not read fully), 2 bad usage or unreadable input.
/// </summary>
internal static class WxSpecCommand
{
    public const int Ok = 0;
    public const int ProblemsFound = 1;
    public const int BadInput = 2;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        try
        {
            var root = Build(output, error);
            var parsed = root.Parse(args);
            return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex)
        {
            // Never a stack trace: one line saying what failed.
            error.WriteLine($"wxspec: internal error ({ex.GetType().Name}): {ex.Message}");
            return BadInput;
        }
    }

    private static RootCommand Build(TextWriter output, TextWriter error)
    {
        var root = new RootCommand("wxspec: turn WeChat API doc pages into WxContracts specs, check specs, list coverage.");

        var page = new Argument<string>("doc-page") { Description = "The official API doc page (Markdown text) to import." };
        var outFile = new Option<string?>("--output", "-o") { Description = "Write the spec to this file instead of standard output." };
        var import = new Command("import", "Import an official API doc page as a spec. Guesses are marked '# review:'.") { page, outFile };
        import.SetAction(r => ImportCommand.Execute(r.GetValue(page)!, r.GetValue(outFile), output, error));
        root.Subcommands.Add(import);

        var diffPage = new Argument<string>("doc-page") { Description = "The official API doc page (Markdown text, English or Chinese)." };
        var diffSpec = new Argument<string>("spec") { Description = "The spec to compare it with." };
        var diff = new Command("diff", "Import the page and compare it with the spec: one line per difference (fields, types, required, enums, error codes, scope, permission sets, cloud call); exit 1 when there is any.") { diffPage, diffSpec };
        diff.SetAction(r => DiffCommand.Execute(r.GetValue(diffPage)!, r.GetValue(diffSpec)!, output, error));
        root.Subcommands.Add(diff);

        var lintPaths = new Argument<string[]>("paths") { Description = "Spec files or directories (searched for *.yaml and *.yml).", Arity = ArgumentArity.OneOrMore };
        var lint = new Command("lint", "Check specs with the generator's parser and cross-spec checks; prints path(line,col): error WXC0nn: message.") { lintPaths };
        lint.SetAction(r => LintCommand.Execute(r.GetValue(lintPaths)!, output, error));
        root.Subcommands.Add(lint);

        var listDir = new Argument<string>("dir") { Description = "The specs directory." };
        var format = new Option<string>("--format") { Description = "table (default): one row per spec; markdown: the coverage document (docs/coverage.md).", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "markdown");
        var catalog = new Option<string[]>("--catalog") { Description = "markdown: the catalog endpoints to count against (family<TAB>method<TAB>path[<TAB>variant] lines); repeat it for each part (core-endpoints.tsv, more-endpoints.tsv)." };
        var reasons = new Option<string?>("--reasons") { Description = "markdown: why catalog endpoints have no spec (YAML list of method, path, variant, reason)." };
        var listOut = new Option<string?>("--output", "-o") { Description = "markdown: write the document to this file instead of standard output." };
        var list = new Command("list", "Print a coverage table of the specs: endpoint, method, path, group, error codes, scope; or, with --format markdown, the coverage document.") { listDir, format, catalog, reasons, listOut };
        list.SetAction(r => r.GetValue(format) == "markdown"
            ? ListCommand.ExecuteMarkdown(r.GetValue(listDir)!, r.GetValue(catalog), r.GetValue(reasons), r.GetValue(listOut), output, error)
            : ListCommand.Execute(r.GetValue(listDir)!, output, error));
        root.Subcommands.Add(list);

        return root;
    }
}
