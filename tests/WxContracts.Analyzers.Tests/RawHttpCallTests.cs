using System.Globalization;
using System.Threading.Tasks;
using Xunit;
using static WxContracts.Analyzers.Tests.AnalyzerHarness;

namespace WxContracts.Analyzers.Tests;

/// <summary>WXC1006: hand-written HTTP calls to endpoints the generated client covers.</summary>
public class RawHttpCallTests
{
    [Fact]
    public async Task Literal_url_given_to_HttpClient()
    {
        var d = await Verify("WXC1006", Wrap("""
                using var content = new StringContent("{}");
                await http.PostAsync([|"https://api.weixin.qq.com/cgi-bin/comment/reply/add?access_token=" + fromConfig|], content);
                await http.GetStringAsync([|$"https://api.weixin.qq.com/cgi-bin/get_current_autoreply_info?access_token={fromConfig}"|]);
        """));
        Assert.Equal("/cgi-bin/comment/reply/add is the WeChat endpoint replycomment; call the generated WxApiClient.Comment.ReplyAsync instead of sending it by hand", d[0].GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Request_messages_uris_relative_paths_and_json_extensions() =>
        await Verify("WXC1006", Wrap("""
                using var message = new HttpRequestMessage(HttpMethod.Post, [|"https://api.weixin.qq.com/cgi-bin/stable_token"|]);
                await http.GetAsync(new Uri([|"https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential"|]));
                await http.GetAsync([|"/cgi-bin/token"|]);
                await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(http, [|"cgi-bin/comment/reply/add"|], new { content = "x" });
        """));

    [Fact]
    public async Task Other_urls_and_strings_not_sent_over_http_are_not_reported() =>
        await Verify("WXC1006", Wrap("""
                await http.PostAsync("https://api.weixin.qq.com/cgi-bin/menu/delete", new StringContent("{}"));
                await http.GetAsync("https://example.com/cgi-bin/comment/reply/addition");
                Console.WriteLine("https://api.weixin.qq.com/cgi-bin/comment/reply/add");
                var uri = new Uri("https://api.weixin.qq.com/cgi-bin/token");
                await http.GetAsync(fromConfig);
        """));
}
