using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace WxContracts.Analyzers.Tests;

/// <summary>
/// Builds samples/AnalyzerDemo with <c>dotnet build</c>, as a user would, and checks the analyzers' warnings in
/// the build output: the analyzers load from the generator project, read the MSBuild properties through the
/// packaged .props, and report at the right lines.
/// </summary>
public class EndToEndTests
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

    [Fact]
    public async System.Threading.Tasks.Task Dotnet_build_of_the_demo_shows_the_warnings()
    {
        var project = Path.Combine(RepoRoot(), "samples", "AnalyzerDemo", "AnalyzerDemo.csproj");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The referenced projects were built with this test project, in the same configuration (bin/<Configuration>/<tfm>/);
        // reuse them instead of building them again while other test projects may be running.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent?.Name ?? "Debug";
        foreach (var arg in new[] { "build", project, "-c", configuration, "-p:BuildProjectReferences=false", "-nodeReuse:false", "-v:q", "-clp:NoSummary", "-p:WxDemoRun=" + Guid.NewGuid().ToString("N") })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new System.Threading.CancellationTokenSource(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, "dotnet build failed:\n" + output);

        // Each expected warning: ID, line and column in Program.cs.
        var expected = new[]
        {
            ("WXC1003", 15, 94),
            ("WXC1001", 21, 34),
            ("WXC1004", 21, 124),
            ("WXC1002", 23, 57),
            ("WXC1006", 29, 45),
        };
        var found = Regex.Matches(output, @"Program\.cs\((\d+),(\d+)\): warning (WXC1\d{3}):")
            .Select(m => (m.Groups[3].Value, int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)))
            .Distinct()
            .OrderBy(w => w.Item2).ThenBy(w => w.Item3)
            .ToArray();
        Assert.Equal(expected.OrderBy(w => w.Item2).ThenBy(w => w.Item3).ToArray(), found);
        Assert.Contains("Comment.ReplyAsync (replycomment) is not available to an Official Account (not certified)", output);
    }
}
