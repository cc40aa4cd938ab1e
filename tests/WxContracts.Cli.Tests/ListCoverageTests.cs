using System;
using System.IO;
using System.Linq;
using Xunit;

namespace WxContracts.Cli.Tests;

/// <summary><c>wxspec list --format markdown</c>: the generated docs/coverage.md and its checks against the catalog.</summary>
public class ListCoverageTests
{
    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Generator.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Generator.sln not found above " + AppContext.BaseDirectory);
    }

    private static (int Exit, string Out, string Err) Coverage(string root) => TestFiles.Run(
        "list", Path.Combine(root, "specs"), "--format", "markdown",
        "--catalog", Path.Combine(root, "tests", "fixtures", "coverage", "core-endpoints.tsv"),
        "--catalog", Path.Combine(root, "tests", "fixtures", "coverage", "more-endpoints.tsv"),
        "--reasons", Path.Combine(root, "docs", "coverage-reasons.yaml"));

    [Fact]
    public void The_committed_coverage_document_is_what_the_command_generates()
    {
        var root = RepoRoot();
        var r = Coverage(root);
        var committed = File.ReadAllText(Path.Combine(root, "docs", "coverage.md")).Replace("\r\n", "\n");
        Assert.True(committed == r.Out, "docs/coverage.md is stale; regenerate it with: " + WxContracts.Cli.List.ListCommand.RegenerateCommand);
    }

    [Fact]
    public void Every_catalog_endpoint_core_and_more_has_a_spec_or_a_listed_reason()
    {
        var r = Coverage(RepoRoot());
        Assert.True(r.Exit == 0, r.Err);
        Assert.DoesNotContain("neither", r.Err);
        Assert.Contains("| **total** | | **289** |", r.Out);
        Assert.Contains("(core: 145 of 145; more: ", r.Out);
        Assert.Contains("| card | more | 53 |", r.Out);
        Assert.Contains("; 0 have neither.", r.Out);
    }

    [Fact]
    public void A_catalog_endpoint_without_spec_or_reason_fails_and_is_named()
    {
        using var dir = new TestFiles.TempDir();
        dir.File("specs/comment/replycomment.yaml", File.ReadAllText(Path.Combine(TestFiles.Specs, "comment", "replycomment.yaml")));
        var catalog = dir.File("core.tsv", "family\tmethod\tpath\tvariant\ncomment\tPOST\t/cgi-bin/comment/reply/add\t\ncomment\tPOST\t/cgi-bin/comment/open\t\ntemplate\tPOST\t/cgi-bin/message/template/send\t\n");
        var reasons = dir.File("reasons.yaml", "- method: POST\n  path: /cgi-bin/message/template/send\n  reason: map field\n");

        var r = TestFiles.Run("list", Path.Combine(dir.Path, "specs"), "--format", "markdown", "--catalog", catalog, "--reasons", reasons);

        Assert.Equal(1, r.Exit);
        Assert.Contains("POST /cgi-bin/comment/open (comment) has neither a spec nor a reason", r.Err);
        Assert.Contains("**1 of the catalog's 3 core endpoints have a spec**; 1 have none yet, for the reason given below; 1 have neither.", r.Out);
        Assert.Contains("| Comment.Reply | POST | `/cgi-bin/comment/reply/add` | 45009, 88000, 88001, 88005, 88007, 88008 | certified / certified | no | `comment/replycomment.yaml` |", r.Out);
        Assert.Contains("| – | POST | `/cgi-bin/message/template/send` | | | | no spec yet: map field |", r.Out);
        Assert.Contains("| – | POST | `/cgi-bin/comment/open` | | | | **missing: no spec and no reason** |", r.Out);
    }

    [Fact]
    public void A_reason_for_an_endpoint_that_has_a_spec_or_is_not_in_the_catalog_is_reported_as_stale()
    {
        using var dir = new TestFiles.TempDir();
        dir.File("specs/comment/replycomment.yaml", File.ReadAllText(Path.Combine(TestFiles.Specs, "comment", "replycomment.yaml")));
        var catalog = dir.File("core.tsv", "comment\tPOST\t/cgi-bin/comment/reply/add\n");
        var reasons = dir.File("reasons.yaml", "- method: POST\n  path: /cgi-bin/comment/reply/add\n  reason: old\n- method: GET\n  path: /nowhere\n  reason: typo\n");

        var r = TestFiles.Run("list", Path.Combine(dir.Path, "specs"), "--format", "markdown", "--catalog", catalog, "--reasons", reasons);

        Assert.Equal(0, r.Exit);
        Assert.Contains("warning: POST /cgi-bin/comment/reply/add has a spec now", r.Err);
        Assert.Contains("warning: GET /nowhere is not a core catalog endpoint", r.Err);
        Assert.Contains("**1 of the catalog's 1 core endpoints have a spec**", r.Out);
    }

    [Fact]
    public void The_document_is_written_to_the_output_file()
    {
        using var dir = new TestFiles.TempDir();
        var output = Path.Combine(dir.Path, "coverage.md");
        var r = TestFiles.Run("list", TestFiles.Specs, "--format", "markdown", "-o", output);
        Assert.Equal(0, r.Exit);
        Assert.Equal(string.Empty, r.Out);
        var text = File.ReadAllText(output);
        Assert.StartsWith("# API coverage", text);
        var rows = text.Split('\n').Count(l => l.StartsWith("| ", StringComparison.Ordinal) && l.Contains(".yaml`", StringComparison.Ordinal));
        Assert.Equal(Directory.EnumerateFiles(TestFiles.Specs, "*.yaml", SearchOption.AllDirectories).Count(p => !p.Contains(Path.DirectorySeparatorChar + "global" + Path.DirectorySeparatorChar) && !p.Contains(Path.DirectorySeparatorChar + "push" + Path.DirectorySeparatorChar)), rows);
    }

    [Theory]
    [InlineData("core.tsv", "comment POST /cgi-bin/comment/open\n", "expected 'family<TAB>method<TAB>/path[<TAB>variant]'")]
    [InlineData("reasons.yaml", "method: POST\n", "expected a list of reasons")]
    [InlineData("reasons.yaml", "- method: POST\n  path: /x\n", "a reason needs method, path and reason")]
    [InlineData("reasons.yaml", "- method: POST\n  path: /x\n  reason: r\n  why: w\n", "unknown key(s): why")]
    [InlineData("reasons.yaml", "- [unclosed\n", "not valid YAML")]
    public void Bad_catalog_or_reasons_files_fail_with_a_clear_message(string name, string text, string expected)
    {
        using var dir = new TestFiles.TempDir();
        var file = dir.File(name, text);
        var good = dir.File(name == "core.tsv" ? "reasons.yaml" : "core.tsv", name == "core.tsv" ? "[]\n" : "comment\tPOST\t/cgi-bin/comment/open\n");
        var (catalog, reasons) = name == "core.tsv" ? (file, good) : (good, file);

        var r = TestFiles.Run("list", TestFiles.Specs, "--format", "markdown", "--catalog", catalog, "--reasons", reasons);

        Assert.Equal(2, r.Exit);
        Assert.Contains(expected, r.Err);
        Assert.DoesNotContain("   at ", r.Err);
    }

    [Fact]
    public void An_unknown_format_is_refused_by_the_command_line()
    {
        var r = TestFiles.Run("list", TestFiles.Specs, "--format", "html");
        Assert.NotEqual(0, r.Exit);
        Assert.Contains("html", r.Err);
    }
}
