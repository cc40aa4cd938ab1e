using System;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;

namespace WxContracts.Benchmarks.Generator;

/// <summary>
/// Our generator through CSharpGeneratorDriver over 1, 100 and 1,000 synthetic specs: cold, after editing one spec,
/// after an unrelated C# edit; and System.Text.Json's generator over the equivalent hand-written DTOs, in the same run.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class GeneratorBenchmarks
{
    private GeneratorWorkload _workload = null!;
    private GeneratorDriver _warm = null!;

    /// <summary>The largest size whose set-up checks incrementality with Roslyn's step tracking.</summary>
    private const int TrackedUpTo = 100;

    [Params(1, 100, 1000)]
    public int Specs { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _workload = new GeneratorWorkload(Specs);
        _workload.Verify();
        if (Specs <= TrackedUpTo)
        {
            var report = _workload.CheckIncrementality();
            if (report.UnrelatedRedone != 0)
            {
                throw new InvalidOperationException($"An unrelated C# edit redid {report.UnrelatedRedone} tracked step outputs.");
            }

            Console.WriteLine($"// {Specs} specs: {_workload.TwinClassCount} equivalent DTO classes; unrelated edit: {report.UnrelatedReused} outputs cached/unchanged, {report.UnrelatedRedone} redone; one-spec edit: {report.SpecEditReused} reused, {report.SpecEditRedone} redone");
        }
        else
        {
            // Step tracking grows superlinearly in Roslyn (minutes per run here at 1,000 specs): check the outputs instead.
            var (reused, total) = _workload.UnrelatedEditSourcesReused();
            if (reused != total)
            {
                throw new InvalidOperationException($"An unrelated C# edit emitted {total - reused} of {total} sources again.");
            }

            Console.WriteLine($"// {Specs} specs: {_workload.TwinClassCount} equivalent DTO classes; unrelated edit: {reused} of {total} sources reused as they were");
        }

        _warm = _workload.Warm();
    }

    [Benchmark(Description = "ours: cold")]
    public GeneratorDriver Cold() => _workload.RunCold();

    [Benchmark(Description = "ours: one spec edited")]
    public GeneratorDriver OneSpecEdited() => _workload.RunAfterSpecEdit(_warm);

    [Benchmark(Description = "ours: unrelated C# edit")]
    public GeneratorDriver UnrelatedEdit() => _workload.RunAfterUnrelatedEdit(_warm);

    [Benchmark(Description = "System.Text.Json: cold, equivalent DTOs")]
    public GeneratorDriver StjCold() => _workload.RunStjCold();
}
