using System.Collections.Generic;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using WxContracts.Api;
using Xunit;

namespace WxContracts.Client.Tests;

/// <summary>The newly covered endpoints against Kestrel on 127.0.0.1: paging, nested request bodies, enums.</summary>
public class CoverageClientTests
{
    private const string Token = "TOKEN_cov_SECRET";

    private static WxApiClient CreateClient(LoopbackServer server, HttpClient http) =>
        new(new WxHttpTransport(http, new StaticAccessTokenProvider(Token), server.TransportOptions));

    [Fact]
    public async Task User_get_pages_through_the_followers_with_next_openid_until_it_is_empty()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Respond = seen => seen.Query.Contains("next_openid=B")
            ? (200, "application/json", """{"total":3,"count":1,"data":{"openid":["C"]},"next_openid":""}""")
            : (200, "application/json", """{"total":3,"count":2,"data":{"openid":["A","B"]},"next_openid":"B"}""");
        using var http = new HttpClient();
        var client = CreateClient(server, http);

        var all = new List<string>();
        string? next = null;
        do
        {
            var page = await client.User.GetFansAsync(new GetFansRequest { NextOpenid = next });
            all.AddRange(page.Data?.Openid ?? []);
            next = page.NextOpenid;
        }
        while (!string.IsNullOrEmpty(next));

        Assert.Equal(new[] { "A", "B", "C" }, all);
        var requests = server.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.All(requests, r => Assert.Equal(("GET", "/cgi-bin/user/get"), (r.Method, r.Path)));
        Assert.Equal("?access_token=" + Token, requests[0].Query);
        Assert.Contains("next_openid=B", requests[1].Query);
    }

    [Fact]
    public async Task Menu_create_sends_nested_buttons_with_enum_types()
    {
        await using var server = await LoopbackServer.StartAsync();
        using var http = new HttpClient();
        var client = CreateClient(server, http);

        await client.Menu.CreateAsync(new CreateCustomMenuRequest
        {
            Button =
            [
                new CreateCustomMenuRequest.MenuButton { Type = MenuButtonType.Click, Name = "今日歌曲", Key = "V1001_TODAY_MUSIC" },
                new CreateCustomMenuRequest.MenuButton
                {
                    Name = "菜单",
                    SubButton = [new CreateCustomMenuRequest.MenuButton.MenuSubButton { Type = MenuButtonType.Miniprogram, Name = "wxa", Url = "http://mp.weixin.qq.com", Appid = "wx1", Pagepath = "pages/index" }],
                },
            ],
        });

        var seen = Assert.Single(server.Requests);
        Assert.Equal("/cgi-bin/menu/create", seen.Path);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"button":[{"type":"click","name":"今日歌曲","key":"V1001_TODAY_MUSIC"},{"name":"菜单","sub_button":[{"type":"miniprogram","name":"wxa","url":"http://mp.weixin.qq.com","appid":"wx1","pagepath":"pages/index"}]}]}"""),
            JsonNode.Parse(seen.Body)), seen.Body);
    }

    [Fact]
    public async Task Comment_list_reads_comments_with_the_author_reply_and_a_typed_error()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Respond = _ => (200, "application/json", Specs.Example(System.IO.Path.Combine("comment", "listcomment.yaml"), "response"));
        using var http = new HttpClient();
        var client = CreateClient(server, http);

        var list = await client.Comment.ListAsync(new ListCommentRequest { MsgDataId = 2247483664, Begin = 0, Count = 20, Type = CommentListType.All });
        var comment = Assert.Single(list.Comment!);
        Assert.Equal(CommentFeaturedState.Featured, comment.CommentType);
        Assert.Equal("谢谢", Assert.Single(comment.Reply!).Content);
        Assert.Contains("\"type\":0", Assert.Single(server.Requests).Body.Replace(" ", string.Empty));

        server.Respond = _ => (200, "application/json", """{"errcode":88010,"errmsg":"count range error. cout <= 0 or count > 50"}""");
        // 51 on purpose, to see WeChat's answer; the WXC1004 analyzer rightly flags it.
#pragma warning disable WXC1004
        var ex = await Assert.ThrowsAsync<WxApiException<ListCommentError>>(() =>
            client.Comment.ListAsync(new ListCommentRequest { MsgDataId = 1, Begin = 0, Count = 51, Type = CommentListType.Featured }));
#pragma warning restore WXC1004
        Assert.Equal(ListCommentError.CountRangeError, ex.Error);
    }
}
