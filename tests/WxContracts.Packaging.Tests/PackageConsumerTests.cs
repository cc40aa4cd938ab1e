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
/// Packs the three packages into a folder feed, then builds and runs a fresh project, in an empty temporary
/// folder outside the repository, that references only those packages and drops one spec into its specs/.
/// </summary>
public class PackageConsumerTests
{
    private static readonly string[] s_packages = ["WxContracts.Generator", "WxContracts.Client", "WxContracts.MockServer"];
    private static readonly TimeSpan s_stepTimeout = TimeSpan.FromMinutes(5);
    private readonly ITestOutputHelper _output;

    public PackageConsumerTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task A_project_that_references_only_the_packages_generates_the_client_from_a_dropped_spec_and_calls_the_mock()
    {
        var repo = RepoRoot();
        var work = Directory.CreateTempSubdirectory("wxcontracts-consumer-");
        try
        {
            var feed = Directory.CreateDirectory(Path.Combine(work.FullName, "feed")).FullName;
            var watch = Stopwatch.StartNew();

            // 1. Pack the three projects in one MSBuild run. Debug, so the build that ran the tests is reused and
            //    only the packing is new (a cold Release pack takes about a minute here); the package layout is
            //    the same in both configurations. Release packages: dotnet pack -c Release.
            var packProject = Path.Combine(work.FullName, "pack.proj");
            File.WriteAllText(packProject, $"""
                <Project>
                  <ItemGroup>
                {string.Concat(s_packages.Select(p => $"    <P Include=\"{Path.Combine(repo, "src", p, p + ".csproj")}\" />\n"))}  </ItemGroup>
                  <Target Name="Pack">
                    <MSBuild Projects="@(P)" Targets="Pack" Properties="Configuration=Debug;PackageOutputPath={feed}" BuildInParallel="true" />
                  </Target>
                </Project>
                """);
            var pack = await DotNetProcess.RunAsync(work.FullName, new Dictionary<string, string>(), s_stepTimeout, "msbuild", packProject, "-t:Pack", "-m", "-nodeReuse:false", "-v:m", "-p:UseSharedCompilation=false");
            Assert.True(pack.ExitCode == 0, pack.Output);
            var packed = watch.Elapsed;

            foreach (var id in s_packages)
            {
                var nupkg = Path.Combine(feed, id + ".0.1.0.nupkg");
                Assert.True(File.Exists(nupkg), $"{id} was not packed:\n{pack.Output}");
                _output.WriteLine($"{id}.0.1.0.nupkg: {new FileInfo(nupkg).Length} bytes");
            }

            CheckLayout(feed);

            // 2. A fresh consumer outside the repository: only the packages, one spec, an isolated package cache.
            var consumer = Directory.CreateDirectory(Path.Combine(work.FullName, "consumer")).FullName;
            var fixtures = Path.Combine(AppContext.BaseDirectory, "fixtures", "consumer");
            File.Copy(Path.Combine(fixtures, "Consumer.csproj"), Path.Combine(consumer, "Consumer.csproj"));
            File.Copy(Path.Combine(fixtures, "Program.cs"), Path.Combine(consumer, "Program.cs"));
            var specs = Directory.CreateDirectory(Path.Combine(consumer, "specs", "comment")).FullName;
            File.Copy(Path.Combine(repo, "specs", "comment", "replycomment.yaml"), Path.Combine(specs, "replycomment.yaml"));
            // Stop MSBuild's upward search for Directory.* files in whatever folder the temp folder sits in.
            foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
            {
                File.WriteAllText(Path.Combine(consumer, name), "<Project />\n");
            }

            var cache = Path.Combine(work.FullName, "packages");
            File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="wxcontracts-test-feed" value="{feed}" />
                  </packageSources>
                  <!-- Third-party dependencies (YamlDotNet) come from the machine's package folder, so the test needs no network. -->
                  <fallbackPackageFolders>
                    <clear />
                    <add key="machine" value="{MachinePackageFolder()}" />
                  </fallbackPackageFolders>
                </configuration>
                """);
            var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = cache };

            var run = await DotNetProcess.RunAsync(consumer, environment, s_stepTimeout, "run", "--", Path.Combine(consumer, "specs"));
            watch.Stop();
            _output.WriteLine(run.Output);
            _output.WriteLine($"pack {packed.TotalSeconds:F1} s; restore + build + run {(watch.Elapsed - packed).TotalSeconds:F1} s; total {watch.Elapsed.TotalSeconds:F1} s");

            Assert.True(run.ExitCode == 0, run.Output);
            Assert.Contains("served: /cgi-bin/comment/reply/add", run.Output);
            Assert.Contains("first reply: errcode 0", run.Output);
            Assert.Contains("second reply: AlreadyReply (88005)", run.Output);
            Assert.Contains("journal: 2 requests", run.Output);
            Assert.True(Directory.Exists(Path.Combine(cache, "wxcontracts.client", "0.1.0")), "the packages were restored into the isolated cache");
        }
        finally
        {
            try
            {
                work.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is not a test failure.
            }
        }
    }

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
        Assert.Contains("lib/net8.0/WxContracts.Client.dll", Entries("WxContracts.Client"));
        Assert.Contains("lib/net10.0/WxContracts.Client.dll", Entries("WxContracts.Client"));
        Assert.Contains("lib/net10.0/WxContracts.Specs.dll", Entries("WxContracts.MockServer")); // the shared spec library
        Assert.DoesNotContain("lib/net10.0/WxContracts.Generator.dll", Entries("WxContracts.MockServer"));
        Assert.DoesNotContain("WxContracts.Generator\"", Nuspec("WxContracts.Client")); // no dependency on the generator package
        foreach (var id in s_packages)
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

    private static string MachinePackageFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Generator.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Generator.sln not found above " + AppContext.BaseDirectory);
    }
}
