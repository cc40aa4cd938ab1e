using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace WxContracts.Packaging.Tests;

/// <summary>
/// Packs the three packages into a folder feed once (<see cref="PackedFeed"/>), then builds and runs fresh projects, in
/// empty temporary folders outside the repository, that reference only those packages.
/// </summary>
public class PackageConsumerTests : IClassFixture<PackedFeed>
{
    private static readonly TimeSpan s_stepTimeout = TimeSpan.FromMinutes(5);
    private readonly PackedFeed _feed;
    private readonly ITestOutputHelper _output;

    public PackageConsumerTests(PackedFeed feed, ITestOutputHelper output)
    {
        _feed = feed;
        _output = output;
    }

    [Fact]
    public async Task A_project_that_references_only_the_packages_generates_the_client_from_a_dropped_spec_and_calls_the_mock()
    {
        _output.WriteLine(_feed.Log);
        Assert.True(_feed.ExitCode == 0, _feed.Log);
        foreach (var id in PackedFeed.Packages)
        {
            var nupkg = Path.Combine(_feed.Folder, id + ".0.1.0.nupkg");
            Assert.True(File.Exists(nupkg), $"{id} was not packed:\n{_feed.Log}");
            _output.WriteLine($"{id}.0.1.0.nupkg: {new FileInfo(nupkg).Length} bytes");
        }

        CheckLayout(_feed.Folder);

        // A fresh consumer: only the packages and one dropped spec, replycomment.yaml, whose interface name is that of
        // a shipped spec, so it replaces it (WXC020, info: shown at detailed verbosity). All shipped groups are built.
        var consumer = _feed.NewConsumer("consumer", "consumer");
        var specs = Directory.CreateDirectory(Path.Combine(consumer, "specs", "comment")).FullName;
        File.Copy(Path.Combine(PackedFeed.RepoRoot(), "specs", "comment", "replycomment.yaml"), Path.Combine(specs, "replycomment.yaml"));

        var watch = Stopwatch.StartNew();
        var build = await DotNetProcess.RunAsync(consumer, _feed.Environment, s_stepTimeout, "build", "-v:d", "-nodeReuse:false");
        Assert.True(build.ExitCode == 0, Tail(build.Output));
        var info = Assert.Single(build.Output.Split('\n'), l => l.Contains("info WXC020", StringComparison.Ordinal));
        Assert.Contains(Path.Combine(specs, "replycomment.yaml") + "(3,7): info WXC020: 'ReplyComment' (interface 'replycomment') replaces the shipped spec 'ReplyComment' of group Comment", info);
        Assert.DoesNotContain("WXC006", build.Output); // the shipped ReplyComment is out of the build, so no clash

        var run = await DotNetProcess.RunAsync(consumer, _feed.Environment, s_stepTimeout, "run", "--no-build", "--", Path.Combine(consumer, "specs"));
        watch.Stop();
        _output.WriteLine(run.Output);
        _output.WriteLine($"restore + build + run {watch.Elapsed.TotalSeconds:F1} s");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("served: /cgi-bin/comment/reply/add", run.Output);
        Assert.Contains("first reply: errcode 0", run.Output);
        Assert.Contains("second reply: AlreadyReply (88005)", run.Output);
        Assert.Contains("journal: 2 requests", run.Output);
        // Every group of the repository's specs is in the client.
        var groups = Directory.EnumerateFiles(Path.Combine(PackedFeed.RepoRoot(), "specs"), "*.yaml", SearchOption.AllDirectories)
            .SelectMany(File.ReadLines)
            .Where(l => l.StartsWith("group:", StringComparison.Ordinal))
            .Select(l => l.Substring("group:".Length).Trim())
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(groups.Count > 10, string.Join(", ", groups));
        Assert.Contains("shipped groups: " + string.Join(", ", groups) + "\n", run.Output);
        Assert.True(Directory.Exists(Path.Combine(_feed.Cache, "wxcontracts.client", "0.1.0")), "the packages were restored into the isolated cache");
    }

    [Fact]
    public async Task A_project_that_sets_WxContractsInclude_gets_only_those_groups_of_the_shipped_specs()
    {
        Assert.True(_feed.ExitCode == 0, _feed.Log);

        // <WxContractsInclude>comment;Token</WxContractsInclude> in the project file, no own specs.
        var consumer = _feed.NewConsumer("selecting", "selecting");
        var run = await DotNetProcess.RunAsync(consumer, _feed.Environment, s_stepTimeout, "run");
        _output.WriteLine(run.Output);

        Assert.True(run.ExitCode == 0, Tail(run.Output));
        Assert.Contains("groups: Comment, Token", run.Output);
        Assert.Contains("WxContracts.Api.ReplyCommentRequest: generated", run.Output);
        Assert.Contains("WxContracts.Api.GetStableAccessTokenRequest: generated", run.Output);
        Assert.Contains("WxContracts.Api.CreateCustomMenuRequest: absent", run.Output); // group Menu not included
        Assert.Contains("WxContracts.Api.GetFansResponse: absent", run.Output); // group User not included

        // A misspelt group is a warning listing the known groups; the consumer treats warnings as errors.
        var misspelt = await DotNetProcess.RunAsync(consumer, _feed.Environment, s_stepTimeout, "build", "-p:WxContractsInclude=Comment%3BTokn");
        Assert.NotEqual(0, misspelt.ExitCode);
        Assert.Contains("WXC021: WxContractsInclude names a group that no spec has: Tokn. Known groups: ", misspelt.Output);
        Assert.Contains(", Token, ", misspelt.Output);
    }

    private static string Tail(string output) => output.Length > 20_000 ? output.Substring(output.Length - 20_000) : output;

    /// <summary>What each package must carry: analyzer + YamlDotNet + props, lib folders, readme, license, repository.</summary>
    private static void CheckLayout(string feed)
    {
        string[] Entries(string id)
        {
            using var zip = ZipFile.OpenRead(Path.Combine(feed, id + ".0.1.0.nupkg"));
            return zip.Entries.Select(e => e.FullName).ToArray();
        }

        string Nuspec(string id)
        {
            using var zip = ZipFile.OpenRead(Path.Combine(feed, id + ".0.1.0.nupkg"));
            using var reader = new StreamReader(zip.GetEntry(id + ".nuspec")!.Open());
            return reader.ReadToEnd();
        }

        var generator = Entries("WxContracts.Generator");
        Assert.Contains("analyzers/dotnet/cs/WxContracts.Generator.dll", generator);
        Assert.Contains("analyzers/dotnet/cs/YamlDotNet.dll", generator);
        Assert.Contains("analyzers/dotnet/cs/WxContracts.Specs.dll", generator);
        Assert.Contains("analyzers/dotnet/cs/Scriban.Signed.dll", generator);
        Assert.Contains("build/WxContracts.Generator.props", generator);
        Assert.Contains("buildTransitive/WxContracts.Generator.props", generator);
        Assert.DoesNotContain(generator, e => e.StartsWith("lib/", StringComparison.Ordinal));
        // The project's specs ship in the generator package: every endpoint spec, the global error table, the schema.
        var repoSpecs = Directory.EnumerateFiles(Path.Combine(PackedFeed.RepoRoot(), "specs"), "*.yaml", SearchOption.AllDirectories)
            .Select(p => "specs/" + Path.GetRelativePath(Path.Combine(PackedFeed.RepoRoot(), "specs"), p).Replace('\\', '/'))
            .OrderBy(p => p, StringComparer.Ordinal).ToList();
        Assert.Contains("specs/comment/replycomment.yaml", repoSpecs);
        Assert.Equal(repoSpecs, generator.Where(e => e.StartsWith("specs/", StringComparison.Ordinal) && e.EndsWith(".yaml", StringComparison.Ordinal)).OrderBy(e => e, StringComparer.Ordinal));
        Assert.Contains("specs/global/errors.yaml", generator);
        Assert.Contains("specs/spec.schema.json", generator);
        Assert.Contains("lib/net8.0/WxContracts.Client.dll", Entries("WxContracts.Client"));
        Assert.Contains("lib/net10.0/WxContracts.Client.dll", Entries("WxContracts.Client"));
        Assert.Contains("lib/net10.0/WxContracts.Specs.dll", Entries("WxContracts.MockServer")); // the shared spec library
        Assert.DoesNotContain("lib/net10.0/WxContracts.Generator.dll", Entries("WxContracts.MockServer"));
        Assert.DoesNotContain("WxContracts.Generator\"", Nuspec("WxContracts.Client")); // no dependency on the generator package
        foreach (var id in PackedFeed.Packages)
        {
            var nuspec = Nuspec(id);
            Assert.Contains("README.md", Entries(id));
            Assert.Contains("<readme>README.md</readme>", nuspec);
            Assert.Contains("<license type=\"expression\">MIT</license>", nuspec);
            Assert.Contains("<repository type=\"git\" url=\"https://github.com/wxcontracts/wxcontracts\"", nuspec);
        }

        Assert.True(File.Exists(Path.Combine(feed, "WxContracts.Client.0.1.0.snupkg")));
        Assert.True(File.Exists(Path.Combine(feed, "WxContracts.MockServer.0.1.0.snupkg")));
    }
}
