using System;
using System.Diagnostics;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace WxContracts.Benchmarks.Generator;

/// <summary>
/// <c>dotnet run -c Release -- generator-timing</c>: the driver's own timing info (GetTimingInfo) for every
/// scenario and size, the median of several runs, next to wall-clock time. Complements GeneratorBenchmarks.
/// </summary>
public static class GeneratorTimingReport
{
    public static void Run(int repeats = 7)
    {
        Console.WriteLine("| specs | scenario | driver elapsed (median) | generator time (median) | wall (median) |");
        Console.WriteLine("|---:|---|---:|---:|---:|");
        foreach (var specs in new[] { 1, 100, 1000 })
        {
            var workload = new GeneratorWorkload(specs);
            workload.Verify();
            var warm = workload.Warm();
            Measure(specs, "ours: cold", () => workload.RunCold(), repeats);
            Measure(specs, "ours: one spec edited", () => workload.RunAfterSpecEdit(warm), repeats);
            Measure(specs, "ours: one field description edited", () => workload.RunAfterFieldDocEdit(warm), repeats);
            Measure(specs, "ours: unrelated C# edit", () => workload.RunAfterUnrelatedEdit(warm), repeats);
            Measure(specs, $"System.Text.Json: cold ({workload.TwinClassCount} classes)", () => workload.RunStjCold(), repeats);
        }
    }

    private static void Measure(int specs, string scenario, Func<GeneratorDriver> run, int repeats)
    {
        var elapsed = new double[repeats];
        var generator = new double[repeats];
        var wall = new double[repeats];
        run(); // warm-up (JIT)
        for (var i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            var driver = run();
            wall[i] = clock.Elapsed.TotalMilliseconds;
            var timing = driver.GetTimingInfo();
            elapsed[i] = timing.ElapsedTime.TotalMilliseconds;
            generator[i] = timing.GeneratorTimes.Sum(t => t.ElapsedTime.TotalMilliseconds);
        }

        Console.WriteLine($"| {specs} | {scenario} | {Median(elapsed):0.0} ms | {Median(generator):0.0} ms | {Median(wall):0.0} ms |");
    }

    private static double Median(double[] values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted[sorted.Length / 2];
    }
}
