using System;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;

namespace WxContracts.Benchmarks.Client;

/// <summary>
/// 1,000 concurrent first calls through a fresh token provider: the time until all complete. Each invocation checks
/// that exactly one token request reached the server and fails the benchmark otherwise. With a token delay, every
/// caller is certainly waiting before the token arrives.
/// </summary>
[MemoryDiagnoser]
public class TokenContentionBenchmarks
{
    private ClientFixture _fixture = null!;

    [Params(1000)]
    public int Callers { get; set; }

    [Params(0, 20)]
    public int TokenDelayMs { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _fixture = ClientFixture.StartAsync().GetAwaiter().GetResult();
        _fixture.Server.TokenDelay = TimeSpan.FromMilliseconds(TokenDelayMs);

        // Open the connections once, so the measured runs are about tokens rather than TCP handshakes.
        _fixture.ConcurrentFirstCallsAsync(Callers).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _fixture.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Description = "1,000 concurrent cold calls")]
    public async Task<int> ConcurrentFirstCalls()
    {
        var tokenRequests = await _fixture.ConcurrentFirstCallsAsync(Callers);
        return tokenRequests == 1
            ? tokenRequests
            : throw new InvalidOperationException($"{tokenRequests} token requests reached the server for {Callers} concurrent first calls; expected 1.");
    }
}
