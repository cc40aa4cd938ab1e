using System.Globalization;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;
using static WxContracts.Analyzers.Tests.AnalyzerHarness;

namespace WxContracts.Analyzers.Tests;

/// <summary>WXC1005: the generated client used in a project that runs in the browser.</summary>
public class ServerSideOnlyTests
{
    private const string Calls = """
                await client.AutoReply.[|GetCurrentInfoAsync|]();
                await client.Comment.[|ReplyAsync|](new ReplyCommentRequest { MsgDataId = 1, UserCommentId = 2, Content = "Thanks" });
        """;

    [Fact]
    public async Task Blazor_WebAssembly_sdk_is_an_error()
    {
        var diagnostics = await Verify("WXC1005", Wrap(Calls), Options(("UsingMicrosoftNETSdkBlazorWebAssembly", "true")));
        Assert.All(diagnostics, d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
        Assert.Contains("this project runs in the browser (Microsoft.NET.Sdk.BlazorWebAssembly)", diagnostics[1].GetMessage(CultureInfo.InvariantCulture));
        Assert.StartsWith("Comment.ReplyAsync (replycomment) must be called from a server", diagnostics[1].GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Browser_wasm_runtime_identifier() =>
        await Verify("WXC1005", Wrap(Calls), Options(("RuntimeIdentifier", "browser-wasm")));

    [Fact]
    public async Task Browser_target_platform() =>
        await Verify("WXC1005", Wrap(Calls), Options(("TargetPlatformIdentifier", "browser")));

    [Fact]
    public async Task Server_projects_are_not_reported() =>
        await Verify("WXC1005", Wrap(Calls.Replace("[|", "").Replace("|]", "")), Options(("RuntimeIdentifier", "linux-x64"), ("UsingMicrosoftNETSdkBlazorWebAssembly", "false"), ("TargetPlatformIdentifier", "")));
}
