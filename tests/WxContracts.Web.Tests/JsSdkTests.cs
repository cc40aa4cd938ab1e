using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using WxContracts.AspNetCore.JsSdk;
using WxContracts.Client.Tests;
using WxContracts.MockServer;
using Xunit;

namespace WxContracts.Web.Tests;

/// <summary>The jsapi_ticket provider and the wx.config signer against the mock WeChat (and a real redis-server).</summary>
public sealed class JsSdkTests
{
    private const string AppId = "wxjssdk000000001";
    private const string Secret = "jssdk-secret";

    [Fact]
    public void The_signature_is_WeChat_s_SHA1_over_ticket_nonce_timestamp_and_url()
    {
        // The worked example of the JS-SDK documentation (appendix 1, signature algorithm).
        var signature = WxJsSdkSigner.ComputeSignature(
            "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg",
            "Wm3WZYTPz0wzccnW",
            1414587457,
            "http://mp.weixin.qq.com?params=value");

        Assert.Equal("0f9de62fce790f9a083d5c99e95740ceb90c27ed", signature);
    }

    [Theory]
    [InlineData("https://m.example.com/a/b?x=1&y=%E4%B8%AD#frag", "https://m.example.com/a/b?x=1&y=%E4%B8%AD")]
    [InlineData("https://m.example.com/p?from=singlemessage&isappinstalled=0", "https://m.example.com/p?from=singlemessage&isappinstalled=0")]
    [InlineData("http://m.example.com/?b=2&a=1#/route?x", "http://m.example.com/?b=2&a=1")]
    [InlineData("https://m.example.com/p?q=a+b%20c", "https://m.example.com/p?q=a+b%20c")]
    public void The_signed_URL_is_the_page_s_without_the_fragment_and_with_its_query_untouched(string page, string signed) =>
        Assert.Equal(signed, WxJsSdkSigner.NormalizeUrl(page));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("/relative/page")]
    [InlineData("ftp://m.example.com/p")]
    [InlineData("javascript:alert(1)")]
    [InlineData("https://m.example.com/p q")]
    public void URLs_that_are_not_a_page_s_are_refused_with_a_typed_error(string? page) =>
        Assert.Throws<WxJsSdkUrlException>(() => WxJsSdkSigner.NormalizeUrl(page));

    [Fact]
    public void Only_allowed_hosts_are_signed_when_the_list_is_set()
    {
        var options = new WxJsSdkOptions();
        options.AllowedHosts.Add("m.example.com");

        Assert.Equal("https://M.example.com/p", WxJsSdkSigner.NormalizeUrl("https://M.example.com/p", options));
        var refused = Assert.Throws<WxJsSdkUrlException>(() => WxJsSdkSigner.NormalizeUrl("https://evil.example.net/p", options));
        Assert.Contains("evil.example.net", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_config_endpoint_answers_JSON_for_a_page_and_400_for_a_URL_it_cannot_sign()
    {
        await using var site = await DemoSite.StartAsync();
        using var http = new HttpClient();

        var ok = await http.GetAsync(new Uri(site.Address, "wx/config?url=" + Uri.EscapeDataString("https://m.example.com/p?a=1#x")));
        var bad = await http.GetAsync(new Uri(site.Address, "wx/config?url=" + Uri.EscapeDataString("/relative")));
        var missing = await http.GetAsync(new Uri(site.Address, "wx/config"));

        Assert.Equal(System.Net.HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("no-store", ok.Headers.CacheControl!.ToString());
        using var json = JsonDocument.Parse(await ok.Content.ReadAsStringAsync());
        var c = json.RootElement;
        Assert.Equal(["appId", "timestamp", "nonceStr", "signature"], c.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.True(site.Mock.Web.CheckConfig(c.GetProperty("appId").GetString()!, c.GetProperty("timestamp").GetInt64(), c.GetProperty("nonceStr").GetString()!, c.GetProperty("signature").GetString()!, "https://m.example.com/p?a=1"));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType!.MediaType);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, missing.StatusCode);
    }

    [Fact]
    public async Task A_thousand_concurrent_signatures_make_one_ticket_request_and_all_pass_WeChat_s_check()
    {
        await using var mock = await WxMockServer.StartAsync(new WxMockOptions { AppId = AppId, AppSecret = Secret });
        using var http = new HttpClient();
        var transport = Transport(mock, http);
        using var tickets = new WxJsApiTicketProvider(transport, AppId);
        var signer = new WxJsSdkSigner(tickets);

        var url = "https://m.example.com/page?from=singlemessage";
        var configs = await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => Task.Run(() => signer.SignAsync(url + "&i=" + i))));

        Assert.Single(mock.Journal.For("/cgi-bin/ticket/getticket"));
        Assert.Equal(1, mock.Web.TicketsIssued);
        Assert.Equal(1000, configs.Select(c => c.NonceStr).Distinct().Count());
        for (var i = 0; i < configs.Length; i++)
        {
            var c = configs[i];
            Assert.Equal(AppId, c.AppId);
            Assert.True(mock.Web.CheckConfig(c.AppId, c.Timestamp, c.NonceStr, c.Signature, url + "&i=" + i), "signature " + i);
        }

        // The check is real: the same config for another URL fails.
        Assert.False(mock.Web.CheckConfig(configs[0].AppId, configs[0].Timestamp, configs[0].NonceStr, configs[0].Signature, url + "&i=1"));
    }

    [Fact]
    public async Task A_rejected_ticket_is_replaced_once_however_many_callers_report_it()
    {
        await using var mock = await WxMockServer.StartAsync(new WxMockOptions { AppId = AppId, AppSecret = Secret });
        using var http = new HttpClient();
        using var tickets = new WxJsApiTicketProvider(Transport(mock, http), AppId);
        var first = await tickets.GetTicketAsync(default);
        mock.Web.RevokeTickets();

        var replaced = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(async () => await tickets.RefreshRejectedTicketAsync(first, default))));

        Assert.Equal(2, mock.Journal.For("/cgi-bin/ticket/getticket").Count);
        var second = Assert.Single(replaced.Distinct());
        Assert.NotNull(second);
        Assert.NotEqual(first, second);
        Assert.Equal(second, await tickets.GetTicketAsync(default));
    }

    [Fact]
    public async Task The_ticket_is_fetched_again_within_the_margin_before_it_expires()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var mock = await WxMockServer.StartAsync(new WxMockOptions { AppId = AppId, AppSecret = Secret, TimeProvider = clock });
        using var http = new HttpClient();
        using var tickets = new WxJsApiTicketProvider(Transport(mock, http, clock), AppId, timeProvider: clock);

        var first = await tickets.GetTicketAsync(default);
        clock.Advance(TimeSpan.FromSeconds(7200 - 121));
        Assert.Equal(first, await tickets.GetTicketAsync(default));
        clock.Advance(TimeSpan.FromSeconds(2)); // within the 2-minute margin
        var second = await tickets.GetTicketAsync(default);

        Assert.NotEqual(first, second);
        Assert.Equal(2, mock.Journal.For("/cgi-bin/ticket/getticket").Count);
    }

    [Fact]
    public async Task Two_processes_share_one_ticket_and_one_token_through_Redis()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var mock = await WxMockServer.StartAsync(new WxMockOptions { AppId = AppId, AppSecret = Secret });
        var demo = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "WebDemo.dll"));
        Assert.True(File.Exists(demo), demo);

        var processes = new List<(Process Process, Uri Address)>();
        try
        {
            foreach (var _ in new[] { 1, 2 })
            {
                processes.Add(await StartDemoAsync(demo, mock.BaseAddress, redis.Configuration));
            }

            using var http = new HttpClient();
            var page = "https://m.example.com/jssdk?from=timeline";
            var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
                http.GetStringAsync(new Uri(processes[i % 2].Address, "wx/config?url=" + Uri.EscapeDataString(page)))));

            Assert.Single(mock.Journal.For("/cgi-bin/ticket/getticket"));
            Assert.Single(mock.Journal.For("/cgi-bin/stable_token"));
            foreach (var answer in answers)
            {
                using var json = JsonDocument.Parse(answer);
                var root = json.RootElement;
                Assert.True(mock.Web.CheckConfig(root.GetProperty("appId").GetString()!, root.GetProperty("timestamp").GetInt64(), root.GetProperty("nonceStr").GetString()!, root.GetProperty("signature").GetString()!, page));
            }
        }
        finally
        {
            foreach (var (process, _) in processes)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                process.Dispose();
            }
        }
    }

    private static async Task<(Process, Uri)> StartDemoAsync(string demo, Uri mock, string redis)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = AppContext.BaseDirectory };
        foreach (var arg in new[] { demo, "--urls", "http://127.0.0.1:0", "--WeChat:AppId", AppId, "--WeChat:AppSecret", Secret, "--WeChat:Mock", "false", "--WeChat:Server", mock.ToString(), "--WeChat:Redis", redis })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(info)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            if (line is null)
            {
                break;
            }

            var at = line.IndexOf("Now listening on: ", StringComparison.Ordinal);
            if (at >= 0)
            {
                _ = process.StandardOutput.ReadToEndAsync(); // keep the pipe drained
                return (process, new Uri(line.Substring(at + "Now listening on: ".Length).Trim() + "/"));
            }
        }

        process.Kill(entireProcessTree: true);
        throw new InvalidOperationException("WebDemo did not start.");
    }

    private static WxHttpTransport Transport(WxMockServer mock, HttpClient http, TimeProvider? clock = null)
    {
        var options = new WxClientOptions { AppId = AppId, AppSecret = Secret };
        options.Transport.BaseAddress = mock.BaseAddress;
        var tokens = new WxAccessTokenProvider(http, options, timeProvider: clock);
        return new WxHttpTransport(http, tokens, options.Transport, clock);
    }
}
