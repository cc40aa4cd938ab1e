using WxContracts.Benchmarks.Push;
using Xunit;

namespace WxContracts.Benchmarks.Tests;

/// <summary>Every push benchmark method once through its own setup: all three paths hand the handler the same text.</summary>
public sealed class PushBenchmarkSmokeTests
{
    [Fact]
    public void All_three_paths_verify_decrypt_parse_and_dispatch_the_same_message_in_both_modes()
    {
        var bench = new PushBenchmarks();
        bench.Setup();
        const string Expected = "echo: hello #23849572938475";
        Assert.Equal(Expected, bench.Plaintext_WxContracts());
        Assert.Equal(Expected, bench.Plaintext_XDocument());
        Assert.Equal(Expected, bench.Plaintext_XmlSerializer());
        Assert.Equal(Expected, bench.Safe_WxContracts());
        Assert.Equal(Expected, bench.Safe_XDocument());
        Assert.Equal(Expected, bench.Safe_XmlSerializer());
        Assert.Equal(Expected, bench.XmlOnly_WxContracts());
        Assert.Equal(Expected, bench.XmlOnly_XDocument());
        Assert.Equal(Expected, bench.XmlOnly_XmlSerializer());
    }
}
