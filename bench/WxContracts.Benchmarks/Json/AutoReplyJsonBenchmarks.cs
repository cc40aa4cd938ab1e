using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using WxContracts.Api;

namespace WxContracts.Benchmarks.Json;

/// <summary>
/// The getCurrentAutoreplyInfo response example (3.6 KB, nested lists, the docs' biggest payload): read from and
/// written to UTF-8 bytes. Ratios are to (b), System.Text.Json's source generator on hand-written twins.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class AutoReplyJsonBenchmarks
{
    private readonly JsonCodecs<GetCurrentAutoReplyInfoResponse, TwinAutoReplyResponse> _codecs = JsonSetups.AutoReply;
    private byte[] _utf8 = null!;
    private GetCurrentAutoReplyInfoResponse _generated = null!;
    private TwinAutoReplyResponse _twin = null!;

    [GlobalSetup]
    public void Setup()
    {
        _utf8 = Payloads.AutoReplyResponse;
        _generated = _codecs.ReadGenerated(_utf8);
        _twin = _codecs.ReadSourceGen(_utf8);
    }

    [Benchmark(Description = "(a) generated"), BenchmarkCategory("Deserialize")]
    public GetCurrentAutoReplyInfoResponse Deserialize_Generated() => _codecs.ReadGenerated(_utf8);

    [Benchmark(Baseline = true, Description = "(b) STJ source-gen"), BenchmarkCategory("Deserialize")]
    public TwinAutoReplyResponse Deserialize_StjSourceGen() => _codecs.ReadSourceGen(_utf8);

    [Benchmark(Description = "(c) STJ reflection"), BenchmarkCategory("Deserialize")]
    public TwinAutoReplyResponse Deserialize_StjReflection() => _codecs.ReadReflection(_utf8);

    [Benchmark(Description = "(d) Newtonsoft"), BenchmarkCategory("Deserialize")]
    public TwinAutoReplyResponse Deserialize_Newtonsoft() => _codecs.ReadNewtonsoft(_utf8);

    [Benchmark(Description = "(a) generated"), BenchmarkCategory("Serialize")]
    public byte[] Serialize_Generated() => _codecs.WriteGenerated(_generated);

    [Benchmark(Baseline = true, Description = "(b) STJ source-gen"), BenchmarkCategory("Serialize")]
    public byte[] Serialize_StjSourceGen() => _codecs.WriteSourceGen(_twin);

    [Benchmark(Description = "(c) STJ reflection"), BenchmarkCategory("Serialize")]
    public byte[] Serialize_StjReflection() => _codecs.WriteReflection(_twin);

    [Benchmark(Description = "(d) Newtonsoft"), BenchmarkCategory("Serialize")]
    public byte[] Serialize_Newtonsoft() => _codecs.WriteNewtonsoft(_twin);
}
