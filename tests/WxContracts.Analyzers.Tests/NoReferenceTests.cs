using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;
using static WxContracts.Analyzers.Tests.AnalyzerHarness;

namespace WxContracts.Analyzers.Tests;

/// <summary>The analyzers stay silent, and never throw, where the generated client is not used or the code is broken.</summary>
public class NoReferenceTests
{
    [Fact]
    public async Task A_project_without_the_runtime_gets_nothing_even_with_look_alike_code()
    {
        // Look-alikes of everything the rules match, but in a compilation that does not reference WxContracts.Client.
        const string source = """
            using System;
            using System.Net.Http;
            namespace Other
            {
                public class WxApiException : Exception { public int ErrorCode { get; set; } }
                public class Options { public string? AppSecret { get; set; } }
                public static class Use
                {
                    public static void Run(WxApiException ex, HttpClient http)
                    {
                        if (ex.ErrorCode == 88005) { }
                        var o = new Options { AppSecret = "0f1e2d3c4b5a" };
                        http.GetAsync("https://api.weixin.qq.com/cgi-bin/token");
                    }
                }
            }
            """;
        // No WxContracts.Client reference and no specs, but the generator and the analyzers are there, as in a
        // project that has the package without using it. No marked span: nothing may be reported.
        var test = new WxAnalyzerTest(null, source, Options(("WxAccountKind", "OfficialAccount"), ("WxAccountCertified", "false"), ("RuntimeIdentifier", "browser-wasm")), withRuntime: false);
        Assert.Empty(await test.VerifyAsync());
        Assert.Null(test.LastCompilation!.GetTypeByMetadataName("WxContracts.WxEndpointAttribute"));
    }

    [Fact]
    public async Task Broken_code_does_not_make_an_analyzer_throw()
    {
        const string source = """
            using WxContracts;
            using WxContracts.Api;
            public class Broken
            {
                public async System.Threading.Tasks.Task Run(WxApiClient client, WxApiException ex)
                {
                    await client.Comment.ReplyAsync(new ReplyCommentRequest { Content = , Index = "x" });
                    if (ex.ErrorCode == ) { }
                    switch (ex.ErrorCode) { case 88005 when: break; }
                    var s = new StaticAccessTokenProvider(;
                    await client.Comment.ReplyAsync(
                }
            """;
        // CollectAsync asserts that no analyzer threw; the results themselves do not matter here.
        var test = new WxAnalyzerTest(null, source, Options(("WxAccountKind", "OfficialAccount"), ("WxAccountCertified", "false"), ("RuntimeIdentifier", "browser-wasm")));
        var diagnostics = await test.CollectAsync();
        Assert.Contains(diagnostics, d => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("CS", System.StringComparison.Ordinal));
    }
}
