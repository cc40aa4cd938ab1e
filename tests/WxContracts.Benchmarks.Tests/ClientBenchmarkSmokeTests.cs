using System.Linq;
using System.Threading.Tasks;
using WxContracts.Benchmarks.Client;
using Xunit;

namespace WxContracts.Benchmarks.Tests;

/// <summary>The client benchmarks, run once each against their Kestrel server.</summary>
public sealed class ClientBenchmarkSmokeTests
{
    [Fact]
    public async Task Generated_and_hand_written_calls_reach_the_server_and_read_the_same_answer()
    {
        var bench = new ClientCallBenchmarks();
        bench.Setup();
        try
        {
            var generated = await bench.AutoReply_Generated();
            var handWritten = await bench.AutoReply_HandWritten();
            Assert.Equal(
                generated.KeywordAutoreplyInfo!.List!.Select(r => (r.RuleName, r.CreateTime, r.ReplyMode!.Value.Value)),
                handWritten.KeywordAutoreplyInfo!.List!.Select(r => (r.RuleName, r.CreateTime, r.ReplyMode!)));
            Assert.Equal(0, (await bench.Reply_Generated()).ErrCode);
            Assert.Equal("ok", (await bench.Reply_HandWritten()).ErrMsg);
        }
        finally
        {
            bench.Cleanup();
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(20)]
    public async Task A_thousand_concurrent_first_calls_make_one_token_request(int tokenDelayMs)
    {
        var bench = new TokenContentionBenchmarks { Callers = 1000, TokenDelayMs = tokenDelayMs };
        bench.Setup();
        try
        {
            Assert.Equal(1, await bench.ConcurrentFirstCalls());
            Assert.Equal(1, await bench.ConcurrentFirstCalls());
        }
        finally
        {
            bench.Cleanup();
        }
    }
}
