using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Xunit;

namespace WxContracts.Cli.Tests;

/// <summary>The commands through the program's entry point (<see cref="WxSpecCommand.Run"/>), in-process.</summary>
public class CommandTests
{
    private static void AssertCleanFailure((int Exit, string Out, string Err) r, string expected)
    {
        Assert.NotEqual(0, r.Exit);
        Assert.Contains(expected, r.Err);
        Assert.DoesNotContain("   at ", r.Err); // no stack trace
        Assert.DoesNotContain("Exception", r.Err);
    }

    [Fact]
    public void Import_writes_the_spec_to_the_output_file_and_exits_0()
    {
        using var dir = new TestFiles.TempDir();
        var output = Path.Combine(dir.Path, "comment", "replycomment.yaml");
        var r = TestFiles.Run("import", TestFiles.Page("replycomment.md"), "-o", output);
        Assert.Equal(0, r.Exit);
        Assert.Contains("marked '# review:'", r.Err);
        Assert.Contains("name: ReplyComment", File.ReadAllText(output));
        Assert.Equal(0, TestFiles.Run("lint", output).Exit);
    }

    [Fact]
    public void Import_to_standard_output()
    {
        var r = TestFiles.Run("import", TestFiles.Page("getCurrentAutoreplyInfo.md"));
        Assert.Equal(0, r.Exit);
        Assert.StartsWith("# yaml-language-server:", r.Out);
    }

    [Fact]
    public void Import_of_a_page_with_problems_reports_page_lines_writes_the_rest_and_exits_1()
    {
        using var dir = new TestFiles.TempDir();
        var page = dir.File("broken.md", TestFiles.PageText("replycomment.md").Replace("content | string | yes |", "content | text64 | yes |"));
        var r = TestFiles.Run("import", page);
        Assert.Equal(1, r.Exit);
        Assert.Contains($"{page}(26): import problem: unknown type 'text64'", r.Err);
        Assert.Contains("name: ReplyComment", r.Out);
    }

    [Fact]
    public void Import_missing_file() => AssertCleanFailure(TestFiles.Run("import", "/no/such/page.md"), "does not exist");

    [Fact]
    public void Import_directory()
    {
        using var dir = new TestFiles.TempDir();
        AssertCleanFailure(TestFiles.Run("import", dir.Path), "is a directory");
    }

    [Fact]
    public void Import_binary_file()
    {
        using var dir = new TestFiles.TempDir();
        var path = Path.Combine(dir.Path, "image.png");
        File.WriteAllBytes(path, new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0xFF, 0xFE });
        AssertCleanFailure(TestFiles.Run("import", path), "not a UTF-8 text file");
    }

    [Fact]
    public void Import_empty_file()
    {
        using var dir = new TestFiles.TempDir();
        AssertCleanFailure(TestFiles.Run("import", dir.File("empty.md", "  \n")), "is empty");
    }

    [Fact]
    public void Import_page_in_another_layout()
    {
        using var dir = new TestFiles.TempDir();
        var r = TestFiles.Run("import", dir.File("readme.md", "# Some project\n\nJust a readme.\n"));
        AssertCleanFailure(r, "not an official API doc page");
        Assert.Equal(string.Empty, r.Out);
    }

    [Fact]
    public void Import_to_an_unwritable_path()
    {
        using var dir = new TestFiles.TempDir();
        var blocker = dir.File("file", "x");
        AssertCleanFailure(TestFiles.Run("import", TestFiles.Page("replycomment.md"), "-o", Path.Combine(blocker, "out.yaml")), "could not write");
    }

    [Fact]
    public void Lint_of_the_repository_specs_is_clean()
    {
        var r = TestFiles.Run("lint", TestFiles.Specs);
        Assert.Equal(0, r.Exit);
        Assert.Contains(" 0 error(s).", r.Out);
    }

    [Fact]
    public void Lint_prints_errors_compiler_style_and_exits_1()
    {
        using var dir = new TestFiles.TempDir();
        var path = dir.File("bad.yaml", File.ReadAllText(Path.Combine(TestFiles.Specs, "comment", "replycomment.yaml")).Replace("method: POST", "method: PATCH"));
        var r = TestFiles.Run("lint", dir.Path);
        Assert.Equal(1, r.Exit);
        Assert.Contains($"{path}(12,11): error WXC009: HTTP method 'PATCH' is not supported", r.Out);
    }

    [Fact]
    public void Lint_reports_cross_spec_duplicates()
    {
        using var dir = new TestFiles.TempDir();
        var text = File.ReadAllText(Path.Combine(TestFiles.Specs, "comment", "replycomment.yaml"));
        dir.File("a.yaml", text);
        var b = dir.File("b.yaml", text.Replace("operation: Reply", "operation: Other"));
        var r = TestFiles.Run("lint", dir.Path);
        Assert.Equal(1, r.Exit);
        Assert.Contains($"{b}(3,7): error WXC006:", r.Out);
    }

    [Fact]
    public void Lint_bad_inputs()
    {
        AssertCleanFailure(TestFiles.Run("lint", "/no/such/dir"), "does not exist");
        using var dir = new TestFiles.TempDir();
        AssertCleanFailure(TestFiles.Run("lint", dir.Path), "no *.yaml or *.yml files");
        var binary = Path.Combine(dir.Path, "x.yaml");
        File.WriteAllBytes(binary, new byte[] { 0xC3, 0x28, 0x00 });
        AssertCleanFailure(TestFiles.Run("lint", binary), "not a UTF-8 text file");
        var empty = dir.File("empty.yaml", string.Empty);
        var r = TestFiles.Run("lint", empty);
        Assert.Equal(1, r.Exit);
        Assert.Contains("error WXC016", r.Out);
    }

    [Fact]
    public void List_prints_a_coverage_row_per_endpoint()
    {
        var r = TestFiles.Run("list", TestFiles.Specs);
        Assert.Equal(0, r.Exit);
        Assert.Contains("| Comment.Reply (replycomment) | POST | /cgi-bin/comment/reply/add | Comment | 45009, 88000, 88001, 88005, 88007, 88008 | certified only | certified only |", r.Out);
        var rows = r.Out.Split('\n').Count(l => l.StartsWith("| ", StringComparison.Ordinal)) - 1;
        var specs = Directory.EnumerateFiles(TestFiles.Specs, "*.yaml", SearchOption.AllDirectories).Count(p => !p.Contains(Path.DirectorySeparatorChar + "global" + Path.DirectorySeparatorChar) && !p.Contains(Path.DirectorySeparatorChar + "push" + Path.DirectorySeparatorChar));
        Assert.Equal(specs, rows);

        // Push specs (kind: push) are not endpoints: counted on their own line, not tabled.
        var pushes = Directory.EnumerateFiles(Path.Combine(TestFiles.Specs, "push"), "*.yaml").Count();
        Assert.Contains($"{pushes} push spec(s)", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void List_bad_inputs()
    {
        AssertCleanFailure(TestFiles.Run("list", "/no/such/dir"), "does not exist");
        AssertCleanFailure(TestFiles.Run("list", TestFiles.Page("replycomment.md")), "is a file");
    }

    [Fact]
    public void Unknown_command_and_missing_argument_fail_with_usage_not_a_trace()
    {
        var r = TestFiles.Run("frobnicate");
        Assert.NotEqual(0, r.Exit);
        Assert.DoesNotContain("   at ", r.Err);
        Assert.NotEqual(0, TestFiles.Run("import").Exit);
    }

    [Fact]
    public async System.Threading.Tasks.Task The_built_wxspec_assembly_runs_as_a_process()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "wxspec.dll");
        Assert.True(File.Exists(dll), dll);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("lint");
        start.ArgumentList.Add(TestFiles.Specs);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new System.Threading.CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, await stdout + await stderr);
        Assert.Contains(" 0 error(s).", await stdout);
    }
}
