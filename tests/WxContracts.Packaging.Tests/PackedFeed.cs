using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace WxContracts.Packaging.Tests;

/// <summary>
/// The three packages packed once, into a folder feed in a temporary folder outside the repository, for all the
/// consumer projects of <see cref="PackageConsumerTests"/>; each consumer gets its own folder, and they share an
/// isolated package cache. The temporary folder is deleted at the end.
/// </summary>
public sealed class PackedFeed : IAsyncLifetime
{
    public static readonly string[] Packages = ["WxContracts.Generator", "WxContracts.Client", "WxContracts.MockServer"];

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("wxcontracts-consumer-");

    public string Folder => Path.Combine(_work.FullName, "feed");

    /// <summary>The consumers' package cache (NUGET_PACKAGES), so the packages are restored from the feed.</summary>
    public string Cache => Path.Combine(_work.FullName, "packages");

    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["NUGET_PACKAGES"] = Cache };

    public int ExitCode { get; private set; } = -1;

    public string Log { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Folder);
        var repo = RepoRoot();

        // Pack the three projects in one MSBuild run. Debug, so the build that ran the tests is reused and only the
        // packing is new (a cold Release pack takes about a minute here); the package layout is the same in both
        // configurations. Release packages: dotnet pack -c Release.
        var packProject = Path.Combine(_work.FullName, "pack.proj");
        File.WriteAllText(packProject, $"""
            <Project>
              <ItemGroup>
            {string.Concat(Packages.Select(p => $"    <P Include=\"{Path.Combine(repo, "src", p, p + ".csproj")}\" />\n"))}  </ItemGroup>
              <Target Name="Pack">
                <MSBuild Projects="@(P)" Targets="Pack" Properties="Configuration=Debug;PackageOutputPath={Folder}" BuildInParallel="true" />
              </Target>
            </Project>
            """);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var pack = await DotNetProcess.RunAsync(_work.FullName, new Dictionary<string, string>(), TimeSpan.FromMinutes(5), "msbuild", packProject, "-t:Pack", "-m", "-nodeReuse:false", "-v:m", "-p:UseSharedCompilation=false");
        ExitCode = pack.ExitCode;
        Log = pack.Output + $"\npack {watch.Elapsed.TotalSeconds:F1} s";
    }

    /// <summary>A fresh consumer folder with the files of <c>fixtures/{fixture}</c>, a nuget.config that knows only the
    /// feed, and empty Directory.* files that stop MSBuild's upward search.</summary>
    public string NewConsumer(string name, string fixture)
    {
        var consumer = Directory.CreateDirectory(Path.Combine(_work.FullName, name)).FullName;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "fixtures", fixture)))
        {
            File.Copy(file, Path.Combine(consumer, Path.GetFileName(file)));
        }

        foreach (var stop in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            File.WriteAllText(Path.Combine(consumer, stop), "<Project />\n");
        }

        File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="wxcontracts-test-feed" value="{Folder}" />
              </packageSources>
              <!-- Third-party dependencies (YamlDotNet) come from the machine's package folder, so the test needs no network. -->
              <fallbackPackageFolders>
                <clear />
                <add key="machine" value="{MachinePackageFolder()}" />
              </fallbackPackageFolders>
            </configuration>
            """);
        return consumer;
    }

    public Task DisposeAsync()
    {
        try
        {
            _work.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not a test failure.
        }

        return Task.CompletedTask;
    }

    private static string MachinePackageFolder() =>
        System.Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Generator.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Generator.sln not found above " + AppContext.BaseDirectory);
    }
}
