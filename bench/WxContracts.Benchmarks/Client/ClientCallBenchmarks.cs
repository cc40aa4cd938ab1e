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

    /// <summary>Calls awaited one after another in one invocation, as a request handler or a worker makes them: the
    /// continuations and the next call run on thread-pool threads, where the runtime's pooled async state is reused.
    /// The single-call benchmarks above block BenchmarkDotNet's own thread on each call instead, which sends every
    /// pooled async box back to another thread's cache: both are reported.</summary>
    private const int Sequential = 16;

    [Benchmark(Description = "generated client", OperationsPerInvoke = Sequential), BenchmarkCategory("POST reply/add, 16 awaited in a row")]
    public async Task Reply_Generated_Sequential()
    {
        for (var i = 0; i < Sequential; i++)
        {
            await _fixture.GeneratedReplyAsync().ConfigureAwait(false);
        }
    }

    [Benchmark(Baseline = true, Description = "hand-written HttpClient", OperationsPerInvoke = Sequential), BenchmarkCategory("POST reply/add, 16 awaited in a row")]
    public async Task Reply_HandWritten_Sequential()
    {
        for (var i = 0; i < Sequential; i++)
        {
            await _fixture.HandWrittenReplyAsync().ConfigureAwait(false);
        }
    }

    [Benchmark(Description = "generated client"), BenchmarkCategory("GET autoreply")]
    public Task<GetCurrentAutoReplyInfoResponse> AutoReply_Generated() => _fixture.GeneratedAutoReplyAsync();

    [Benchmark(Baseline = true, Description = "hand-written HttpClient"), BenchmarkCategory("GET autoreply")]
    public Task<TwinAutoReplyResponse> AutoReply_HandWritten() => _fixture.HandWrittenAutoReplyAsync();
}
