using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using WxContracts.Api;
using WxContracts.Benchmarks.Json;

namespace WxContracts.Benchmarks.Client;

/// <summary>
/// One call through the generated client (token cache warm) against the same call written by hand with HttpClient
/// and System.Text.Json's source generator (the baseline), both to the same Kestrel server on 127.0.0.1.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ClientCallBenchmarks
{
    private ClientFixture _fixture = null!;

    [GlobalSetup]
    public void Setup() => _fixture = ClientFixture.StartAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => _fixture.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Description = "generated client"), BenchmarkCategory("POST reply/add")]
    public Task<ReplyCommentResponse> Reply_Generated() => _fixture.GeneratedReplyAsync();

    [Benchmark(Baseline = true, Description = "hand-written HttpClient"), BenchmarkCategory("POST reply/add")]
    public Task<TwinReplyCommentResponse> Reply_HandWritten() => _fixture.HandWrittenReplyAsync();

    [Benchmark(Description = "generated client"), BenchmarkCategory("GET autoreply")]
    public Task<GetCurrentAutoReplyInfoResponse> AutoReply_Generated() => _fixture.GeneratedAutoReplyAsync();

    [Benchmark(Baseline = true, Description = "hand-written HttpClient"), BenchmarkCategory("GET autoreply")]
    public Task<TwinAutoReplyResponse> AutoReply_HandWritten() => _fixture.HandWrittenAutoReplyAsync();
}
