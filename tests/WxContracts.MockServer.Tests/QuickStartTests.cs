using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace WxContracts.MockServer.Tests;

/// <summary>The README's main job, run as a user runs it: a separate process, no credentials, exit code 0.</summary>
public class QuickStartTests
{
    private readonly ITestOutputHelper _output;

    public QuickStartTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task The_QuickStart_runs_against_the_embedded_mock_and_exits_with_0()
    {
        // tests/WxContracts.MockServer.Tests/bin/<Configuration>/net10.0/ → samples/QuickStart/bin/<Configuration>/net10.0/
        var baseDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var dll = Path.GetFullPath(Path.Combine(baseDir.FullName, "..", "..", "..", "..", "..", "samples", "QuickStart", "bin", baseDir.Parent!.Name, baseDir.Name, "QuickStart.dll"));
        Assert.True(File.Exists(dll), "QuickStart not built: " + dll);

        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        info.Environment.Remove("WX_APPID");
        info.Environment.Remove("WX_APPSECRET");
        info.Environment.Remove("WX_BASE_URL");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        var output = await stdout;
        _output.WriteLine(output);
        _output.WriteLine(await stderr);

        Assert.Equal(0, process.ExitCode);
        Assert.Contains("Embedded mock WeChat on http://127.0.0.1:", output);
        Assert.Contains("rule \"autoreply-news\" (reply_all)", output);
        Assert.Contains("keyword \"video测试\" (equal)", output);
        Assert.Contains("· MULTI_NEWS4 — http://mp.weixin.qq.com/", output);
        Assert.Contains("sent: errcode 0", output);
        Assert.Contains("handled ReplyCommentError.AlreadyReply (88005)", output);
        Assert.Contains("POST /cgi-bin/comment/reply/add             -> errcode 88005", output);
        Assert.Contains("o6_bmjrPTlm6_2sgVt7hMZOPfL2M: follows yes, since 2013-10-25, came by ADD_SCENE_QR_CODE", output);
        Assert.Matches(@"sent: msgid \d+", output);
        Assert.Contains("POST /cgi-bin/message/template/send         -> errcode 0", output);
        Assert.Contains("6 requests, 1 access token issued", output);
    }
}
