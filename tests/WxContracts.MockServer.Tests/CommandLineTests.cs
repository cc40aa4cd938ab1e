using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace WxContracts.MockServer.Tests;

/// <summary>
/// The standalone mock's command line (System.CommandLine): bad input is one clear line and exit code 2, never a
/// stack trace; good options start the server. Run as a process, as <c>dotnet run</c> runs it.
/// </summary>
public class CommandLineTests
{
    private static readonly string s_dll = Path.Combine(AppContext.BaseDirectory, "WxContracts.MockServer.dll");

    [Theory]
    [InlineData("--port abc", "--port: 'abc' is not a port number")]
    [InlineData("--port 70000", "--port: '70000' is not a port number")]
    [InlineData("--port -1", "--port: '-1' is not a port number")]
    [InlineData("--port", "--port")]
    [InlineData("--quota many", "--quota: 'many' is not a whole number")]
    [InlineData("--appid", "--appid")]
    [InlineData("--frobnicate", "'--frobnicate'")]
    public async Task A_bad_option_is_one_line_and_exit_code_2(string args, string expected)
    {
        var run = await RunToEndAsync(args.Split(' '));

        Assert.Equal(2, run.Exit);
        var line = Assert.Single(Lines(run.Err));
        Assert.StartsWith("WxContracts.MockServer: ", line);
        Assert.Contains(expected, line);
        AssertNoStackTrace(run);
        Assert.Equal(string.Empty, run.Out);
    }

    [Fact]
    public async Task An_empty_secret_is_refused()
    {
        var run = await RunToEndAsync("--secret", "");

        Assert.Equal(2, run.Exit);
        Assert.Equal("WxContracts.MockServer: --secret must not be empty (see --help)", Assert.Single(Lines(run.Err)));
    }

    [Fact]
    public async Task A_specs_folder_that_is_missing_a_file_or_empty_is_exit_code_2()
    {
        var dir = Directory.CreateTempSubdirectory("wxmock-cli-");
        try
        {
            var missing = Path.Combine(dir.FullName, "no-such-folder");
            var file = Path.Combine(dir.FullName, "a-file.yaml");
            File.WriteAllText(file, "spec: 1\n");
            var empty = Directory.CreateDirectory(Path.Combine(dir.FullName, "empty")).FullName;

            foreach (var (folder, expected) in new[]
            {
                (missing, $"--specs: the folder '{missing}' does not exist"),
                (file, $"--specs: '{file}' is a file, not a folder of specs"),
                (empty, $"--specs: no *.yaml or *.yml files under '{empty}'"),
            })
            {
                var run = await RunToEndAsync("--specs", folder);

                Assert.Equal(2, run.Exit);
                Assert.Equal($"WxContracts.MockServer: {expected} (see --help)", Assert.Single(Lines(run.Err)));
                AssertNoStackTrace(run);
            }
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public async Task A_spec_with_errors_lists_each_located_diagnostic_and_exits_2()
    {
        var dir = Directory.CreateTempSubdirectory("wxmock-cli-bad-");
        try
        {
            var text = File.ReadAllText(Mock.Fixture("extra-specs/comment/listcomment.yaml"));
            Assert.Contains("format: int32", text);
            var spec = Path.Combine(dir.FullName, "listcomment.yaml");
            File.WriteAllText(spec, text.Replace("format: int32", "format: int33"));
            var expectedErrors = text.Split('\n').Count(l => l.Contains("format: int32"));

            var run = await RunToEndAsync("--specs", dir.FullName, "--port", "0");

            Assert.Equal(2, run.Exit);
            AssertNoStackTrace(run);
            var lines = Lines(run.Err);
            Assert.StartsWith("WxContracts.MockServer: ", lines[0]);
            var located = new Regex(@"^(?<path>.+)\((?<line>\d+),(?<col>\d+)\): error (?<id>WXC\d{3}): (?<message>.+)$");
            var diagnostics = lines.Skip(1).Select(l => located.Match(l)).ToList();
            Assert.Equal(expectedErrors, diagnostics.Count);
            var specLines = text.Split('\n');
            foreach (var d in diagnostics)
            {
                Assert.True(d.Success, run.Err);
                Assert.Equal(spec, d.Groups["path"].Value);
                Assert.Equal("WXC004", d.Groups["id"].Value);
                Assert.Contains("int33", d.Groups["message"].Value);
                // The line and column point at the bad value in the file.
                var at = specLines[int.Parse(d.Groups["line"].Value) - 1];
                Assert.Equal("int32", at.Substring(int.Parse(d.Groups["col"].Value) - 1, 5));
            }
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public async Task Help_lists_every_option_and_exits_0()
    {
        var run = await RunToEndAsync("--help");

        Assert.Equal(0, run.Exit);
        Assert.Equal(string.Empty, run.Err);
        foreach (var option in new[] { "--port <N>", "--appid <X>", "--secret <Y>", "--specs <DIR>", "--quota <N>", "/__mock/requests" })
        {
            Assert.Contains(option, run.Out);
        }

        Assert.DoesNotContain(new WxMockOptions().AppSecret, run.Out);
    }

    [Fact]
    public async Task The_entry_point_in_process_reports_bad_input_the_same_way()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await MockServerCommand.RunAsync(["--port", "70000"], output, error, CancellationToken.None);

        Assert.Equal(2, exit);
        Assert.Equal("WxContracts.MockServer: --port: '70000' is not a port number (0 to 65535; 0 picks a free port) (see --help)", error.ToString().TrimEnd());
        Assert.Equal(string.Empty, output.ToString());
    }

    [Fact]
    public async Task Good_options_start_on_the_given_loopback_port_with_the_given_app_specs_and_quota()
    {
        const string secret = "cli-secret-5f2a9c";
        // A specs folder of the repository's token spec and the fixture's comment list (not in specs/).
        var specs = Directory.CreateTempSubdirectory("wxmock-cli-specs-");
        File.Copy(Path.Combine(Mock.RepoRoot(), "specs", "token", "getaccesstoken.yaml"), Path.Combine(specs.FullName, "getaccesstoken.yaml"));
        File.Copy(Mock.Fixture("extra-specs/comment/listcomment.yaml"), Path.Combine(specs.FullName, "listcomment.yaml"));
        var port = FreeLoopbackPort();
        var start = Start("--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--appid", "wxclitest", "--secret", secret,
            "--specs", specs.FullName, "--quota", "1");
        using var process = Process.Start(start)!;
        var err = process.StandardError.ReadToEndAsync();
        var seen = new List<string>();
        try
        {
            var first = await ReadLineAsync(process, seen);
            Assert.Equal($"WxContracts mock server listening on http://127.0.0.1:{port}/", first);
            var endpoints = await ReadLineAsync(process, seen);
            Assert.Equal("AppId wxclitest; 2 endpoints: /cgi-bin/comment/list, /cgi-bin/token", endpoints);
            await ReadLineAsync(process, seen); // admin hints

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            var token = JsonNode.Parse(await http.GetStringAsync($"cgi-bin/token?grant_type=client_credential&appid=wxclitest&secret={secret}"))!["access_token"]!.GetValue<string>();
            var body = new StringContent("{\"msg_data_id\":1,\"index\":0,\"begin\":0,\"count\":10,\"type\":0}");
            var once = JsonNode.Parse(await (await http.PostAsync($"cgi-bin/comment/list?access_token={token}", body)).Content.ReadAsStringAsync())!;
            var twice = JsonNode.Parse(await (await http.PostAsync($"cgi-bin/comment/list?access_token={token}", body)).Content.ReadAsStringAsync())!;

            Assert.Equal(0, once["errcode"]?.GetValue<int>() ?? 0);
            Assert.NotNull(once["total"]);
            Assert.Equal(45009, twice["errcode"]!.GetValue<int>()); // --quota 1

            for (var i = 0; i < 3; i++)
            {
                await ReadLineAsync(process, seen); // the three journal lines
            }

            Assert.Contains(seen, l => l.Contains("GET /cgi-bin/token?grant_type=client_credential&appid=wxclitest&secret=***", StringComparison.Ordinal));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            specs.Delete(true);
        }

        Assert.DoesNotContain(seen, l => l.Contains(secret, StringComparison.Ordinal));
        Assert.DoesNotContain(secret, await err);
    }

    private sealed record Run(int Exit, string Out, string Err);

    private static ProcessStartInfo Start(params string[] args)
    {
        Assert.True(File.Exists(s_dll), s_dll);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(s_dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }

    private static async Task<Run> RunToEndAsync(params string[] args)
    {
        using var process = Process.Start(Start(args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the mock with '{string.Join(' ', args)}' did not exit: {await stdout}");
        }

        return new Run(process.ExitCode, await stdout, await stderr);
    }

    private static async Task<string> ReadLineAsync(Process process, List<string> seen)
    {
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotNull(line);
        seen.Add(line!);
        return line!;
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    private static void AssertNoStackTrace(Run run)
    {
        foreach (var text in new[] { run.Out, run.Err })
        {
            Assert.DoesNotContain("   at ", text);
            Assert.DoesNotContain("Unhandled exception", text);
            Assert.DoesNotContain("Exception:", text);
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
