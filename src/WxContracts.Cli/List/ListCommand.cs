using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using WxContracts.Cli.Lint;
using WxContracts.Specs.Model;

namespace WxContracts.Cli.List;

/// <summary><c>wxspec list &lt;dir&gt;</c>: a Markdown coverage table of the endpoint specs under a directory.</summary>
internal static class ListCommand
{
    /// <summary>How the repository regenerates docs/coverage.md (written into its header).</summary>
    public const string RegenerateCommand = "dotnet run --project src/WxContracts.Cli -- list specs --format markdown --catalog tests/fixtures/coverage/core-endpoints.tsv --catalog tests/fixtures/coverage/more-endpoints.tsv --reasons docs/coverage-reasons.yaml -o docs/coverage.md";

    /// <summary>
    /// <c>wxspec list &lt;dir&gt; --format markdown [--catalog tsv]... [--reasons yaml] [-o file]</c>: the coverage
    /// document. Exit 1 when a catalog endpoint has neither a spec nor a reason, or a spec has errors.
    /// </summary>
    public static int ExecuteMarkdown(string dir, IReadOnlyList<string>? catalogPaths, string? reasonsPath, string? outputPath, TextWriter output, TextWriter error)
    {
        if (!Directory.Exists(dir))
        {
            error.WriteLine(File.Exists(dir) ? $"wxspec list: '{dir}' is a file; give the specs directory" : $"wxspec list: directory '{dir}' does not exist");
            return WxSpecCommand.BadInput;
        }

        var problems = new List<string>();
        List<CatalogEndpoint>? catalog = null;
        foreach (var catalogPath in catalogPaths ?? Array.Empty<string>())
        {
            // Several files are parts of one catalog (core, more): read in the order given.
            var part = CoverageInputs.ReadCatalog(catalogPath, problems);
            if (part is not null)
            {
                (catalog ??= new List<CatalogEndpoint>()).AddRange(part);
            }
        }

        var reasons = reasonsPath is null ? null : CoverageInputs.ReadReasons(reasonsPath, problems);
        var specs = new List<(string, string)>();
        foreach (var file in InputFiles.SpecFiles(new[] { dir }, problems))
        {
            var text = InputFiles.ReadText(file, out var problem);
            if (text is null)
            {
                problems.Add(problem!);
            }
            else
            {
                specs.Add((file, text));
            }
        }

        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                error.WriteLine($"wxspec list: {problem}");
            }

            return WxSpecCommand.BadInput;
        }

        var result = SpecLinter.Lint(specs);
        var root = Path.GetFullPath(dir);
        var endpoints = result.Files.Where(f => f.Endpoint is not null)
            .Select(f => (f.Endpoint!, Path.GetRelativePath(root, Path.GetFullPath(f.FilePath)).Replace(Path.DirectorySeparatorChar, '/')));
        var report = new CoverageReport(endpoints, catalog, reasons);
        var markdown = report.Markdown(RegenerateCommand);
        if (outputPath is null)
        {
            output.Write(markdown);
        }
        else
        {
            try
            {
                File.WriteAllText(outputPath, markdown);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"wxspec list: '{outputPath}' could not be written: {ex.Message}");
                return WxSpecCommand.BadInput;
            }
        }

        foreach (var stale in report.StaleReasons)
        {
            error.WriteLine($"wxspec list: warning: {stale}");
        }

        foreach (var missing in report.Missing)
        {
            error.WriteLine($"wxspec list: {missing.Method} {missing.Path}{(missing.Variant.Length > 0 ? " (" + missing.Variant + ")" : string.Empty)} ({missing.Family}) has neither a spec nor a reason in {reasonsPath ?? "a reasons file (--reasons)"}");
        }

        var invalid = result.Files.Where(f => f.Endpoint is null && f.GlobalErrors is null && f.Push is null).ToList();
        foreach (var file in invalid)
        {
            error.WriteLine($"wxspec list: {file.FilePath} is not listed: it has errors (run wxspec lint)");
        }

        return report.Missing.Count > 0 || invalid.Count > 0 ? WxSpecCommand.ProblemsFound : WxSpecCommand.Ok;
    }

    public static int Execute(string dir, TextWriter output, TextWriter error)
    {
        if (!Directory.Exists(dir))
        {
            error.WriteLine(File.Exists(dir) ? $"wxspec list: '{dir}' is a file; give the specs directory" : $"wxspec list: directory '{dir}' does not exist");
            return WxSpecCommand.BadInput;
        }

        var problems = new List<string>();
        var specs = new List<(string, string)>();
        foreach (var file in InputFiles.SpecFiles(new[] { dir }, problems))
        {
            var text = InputFiles.ReadText(file, out var problem);
            if (text is null)
            {
                problems.Add(problem!);
            }
            else
            {
                specs.Add((file, text));
            }
        }

        var result = SpecLinter.Lint(specs);
        var endpoints = result.Files.Where(f => f.Endpoint is not null).Select(f => f.Endpoint!)
            .OrderBy(e => e.Group, StringComparer.Ordinal).ThenBy(e => e.Operation, StringComparer.Ordinal).ToList();

        output.Write(Table(endpoints));
        output.WriteLine();
        output.WriteLine($"{endpoints.Count} endpoint(s) in {endpoints.Select(e => e.Group).Distinct().Count()} group(s); {endpoints.Sum(e => e.Errors.Count)} documented error code(s).");
        var pushes = result.Files.Count(f => f.Push is not null);
        if (pushes > 0)
        {
            // Push specs (kind: push) are callback messages, not endpoints: counted, not tabled.
            output.WriteLine($"{pushes} push spec(s) (inbound messages, events and passive replies).");
        }

        foreach (var problem in problems)
        {
            error.WriteLine($"wxspec list: {problem}");
        }

        var invalid = result.Files.Where(f => f.Endpoint is null && f.GlobalErrors is null && f.Push is null).ToList();
        foreach (var file in invalid)
        {
            error.WriteLine($"wxspec list: {file.FilePath} is not listed: it has errors (run wxspec lint)");
        }

        return problems.Count > 0 ? WxSpecCommand.BadInput : invalid.Count > 0 ? WxSpecCommand.ProblemsFound : WxSpecCommand.Ok;
    }

    /// <summary>One row per endpoint: client method, HTTP method, path, group, error codes and scope.</summary>
    public static string Table(IEnumerable<EndpointSpec> endpoints)
    {
        var w = new StringWriter();
        w.WriteLine("| Endpoint | Method | Path | Group | Error codes | Official Account | Service Account |");
        w.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var e in endpoints)
        {
            var codes = e.Errors.Count == 0 ? "-" : string.Join(", ", e.Errors.Select(x => x.Code));
            w.WriteLine($"| {e.Group}.{e.Operation} ({e.Interface}) | {e.Call.HttpMethod} | {e.Call.Path} | {e.Group} | {codes} | {Scope(e.Scope.OfficialAccount)} | {Scope(e.Scope.ServiceAccount)} |");
        }

        return w.ToString();
    }

    private static string Scope(AccountAccess access) => access switch
    {
        AccountAccess.Allowed => "allowed",
        AccountAccess.CertifiedOnly => "certified only",
        _ => "not allowed",
    };
}
