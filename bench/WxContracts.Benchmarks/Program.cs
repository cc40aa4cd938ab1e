using System;
using BenchmarkDotNet.Running;
using WxContracts.Benchmarks.Generator;

namespace WxContracts.Benchmarks;

/// <summary>
/// Runs the benchmarks: <c>dotnet run -c Release --project bench/WxContracts.Benchmarks -- --filter '*'</c>;
/// <c>-- generator-timing</c> prints the generator driver's own timing info instead.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "generator-timing")
        {
            GeneratorTimingReport.Run();
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
