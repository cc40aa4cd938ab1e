using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using WxContracts.Specs.Binding;
using WxContracts.Specs.Parsing;

namespace WxContracts.Benchmarks.Generator;

/// <summary>
/// Where the cold run's time goes at 1,000 specs, beside System.Text.Json's generator (the baseline) in one run:
/// our generator; the YAML alone (YamlDotNet's parser events over the same texts, no tree); our parse and bind without
/// emitting (SpecParser + Binder called directly); and a generator that only hands Roslyn the text ours generates
/// (the same 4,288 sources, made beforehand, added from one pipeline step per spec). The last three are floors: no
/// emitter of any kind can go below YAML + parse/bind + adding its output.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class GeneratorFloorBenchmarks
{
    private GeneratorWorkload _workload = null!;
    private ReplayGenerator _replay = null!;

    [Params(1000)]
    public int Specs { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _workload = new GeneratorWorkload(Specs);
        _workload.Verify();
        _replay = new ReplayGenerator(_workload.SpecTexts.Select(s => s.Path).ToList(), _workload.OurSources());
        var replayed = _workload.RunColdWith(_replay).GetRunResult().GeneratedTrees.Length;
        Console.WriteLine($"// {Specs} specs: {_workload.TwinClassCount} equivalent DTO classes; replay adds {replayed} sources, {_replay.Chars:N0} characters");
    }

    [Benchmark(Baseline = true, Description = "System.Text.Json: cold, equivalent DTOs")]
    public GeneratorDriver StjCold() => _workload.RunStjCold();

    [Benchmark(Description = "ours: cold")]
    public GeneratorDriver Cold() => _workload.RunCold();

    [Benchmark(Description = "floor: YamlDotNet events only")]
    public int YamlEvents()
    {
        var events = 0;
        foreach (var spec in _workload.SpecTexts)
        {
            var parser = new YamlDotNet.Core.Parser(new StringReader(spec.Text));
            while (parser.MoveNext())
            {
                events++;
            }
        }

        return events;
    }

    [Benchmark(Description = "floor: our parse + bind, no emit")]
    public int ParseAndBind()
    {
        var bound = 0;
        foreach (var spec in _workload.SpecTexts)
        {
            if (SpecParser.Parse(spec.Path, spec.Text).Endpoint is { } endpoint && Binder.Bind(endpoint, SpecNames.DefaultNamespace) is not null)
            {
                bound++;
            }
        }

        return bound;
    }

    [Benchmark(Description = "floor: adding our output, no parse or emit")]
    public GeneratorDriver AddOnly() => _workload.RunColdWith(_replay);

    /// <summary>Adds, for each spec file, a share of the sources given (made beforehand): the driver's and Roslyn's cost of
    /// taking that much generated text, with nothing computed.</summary>
    private sealed class ReplayGenerator : IIncrementalGenerator
    {
        private readonly Dictionary<string, List<(string HintName, string Text)>> _byPath = new(StringComparer.Ordinal);

        public ReplayGenerator(IReadOnlyList<string> paths, IReadOnlyList<(string HintName, string Text)> sources)
        {
            foreach (var path in paths)
            {
                _byPath[path] = new List<(string, string)>();
            }

            for (var i = 0; i < sources.Count; i++)
            {
                _byPath[paths[i % paths.Count]].Add(sources[i]);
                Chars += sources[i].Text.Length;
            }
        }

        public long Chars { get; }

        public void Initialize(IncrementalGeneratorInitializationContext context) =>
            context.RegisterSourceOutput(context.AdditionalTextsProvider, (spc, text) =>
            {
                foreach (var (hintName, source) in _byPath[text.Path])
                {
                    spc.AddSource(hintName, SourceText.From(source, Encoding.UTF8));
                }
            });
    }
}
