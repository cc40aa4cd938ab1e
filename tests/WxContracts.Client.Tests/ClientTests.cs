using System;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using WxContracts.Api;
using Xunit;

namespace WxContracts.Client.Tests;

public class ClientTests
{
    private const string Token = "TOKEN_abc123_SECRET";

    private static WxApiClient CreateClient(LoopbackServer server, HttpClient http) =>
        new(new WxHttpTransport(http, new StaticAccessTokenProvider(Token), server.TransportOptions));

    [Fact]
    public async Task Reply_sends_POST_to_the_documented_path_with_the_token_in_the_query_and_the_json_body()
    {
        await using var server = await LoopbackServer.StartAsync();
        using var http = new HttpClient();
        var client = CreateClient(server, http);

        var response = await client.Comment.ReplyAsync(new ReplyCommentRequest { MsgDataId = 2247483664, Index = 0, UserCommentId = 12, Content = "谢谢" });

        Assert.Equal(0, response.ErrCode);
        var seen = Assert.Single(server.Requests);
        Assert.Equal("POST", seen.Method);
        Assert.Equal("/cgi-bin/comment/reply/add", seen.Path);
        Assert.Equal("?access_token=" + Token, seen.Query);
        Assert.StartsWith("application/json", seen.ContentType);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"msg_data_id":2247483664,"index":0,"user_comment_id":12,"content":"谢谢"}"""),
            JsonNode.Parse(seen.Body)), seen.Body);
    }

    [Fact]
    public async Task Errcode_88005_surfaces_as_the_endpoint_enum_AlreadyReply()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Respond = _ => (200, "application/json", """{"errcode":88005,"errmsg":"already reply rid: 6582a1f2-0b1c2d3e-4f5a6b7c"}""");
        using var http = new HttpClient();
        var client = CreateClient(server, http);

        var ex = await Assert.ThrowsAsync<WxApiException<ReplyCommentError>>(() =>
            client.Comment.ReplyAsync(new ReplyCommentRequest { MsgDataId = 1, UserCommentId = 2, Content = "again" }));

        Assert.Equal(ReplyCommentError.AlreadyReply, ex.Error);
        Assert.Equal(88005, ex.ErrorCode);
        Assert.Equal("already reply rid: 6582a1f2-0b1c2d3e-4f5a6b7c", ex.ErrorMessage);
        Assert.Equal("6582a1f2-0b1c2d3e-4f5a6b7c", ex.RequestId);
        Assert.Null(ex.GlobalError);
        Assert.Same(WxApiEndpoints.ReplyComment, ex.Endpoint);
        Assert.DoesNotContain(Token, ex.Message);
    }

    [Fact]
    public async Task A_global_code_has_the_global_enum_and_no_endpoint_enum()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Respond = _ => (200, "application/json", """{"errcode":40001,"errmsg":"invalid credential access_token isinvalid or not latest"}""");
        using var http = new HttpClient();
        var client = CreateClient(server, http);

        var ex = await Assert.ThrowsAsync<WxApiException<GetCurrentAutoReplyInfoError>>(() => client.AutoReply.GetCurrentInfoAsync());

        Assert.Equal(WxGlobalError.InvalidCredential, ex.GlobalError);
        Assert.Null(ex.Error);
        Assert.True(ex.IsInvalidToken);
    }

    [Fact]
    public async Task GetCurrentInfo_sends_GET_without_a_body_and_returns_the_typed_payload()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Respond = _ => (200, "application/json", Specs.AutoReplyResponse);
        using var http = new HttpClient();
        var client = CreateClient(server, http);

        var info = await client.AutoReply.GetCurrentInfoAsync();

        var seen = Assert.Single(server.Requests);
        Assert.Equal("GET", seen.Method);
        Assert.Equal("/cgi-bin/get_current_autoreply_info", seen.Path);
        Assert.Equal("?access_token=" + Token, seen.Query);
        Assert.Equal(string.Empty, seen.Body);
        Assert.Equal(4, info.KeywordAutoreplyInfo!.List!.Count);
        Assert.Equal(AutoReplyType.News, info.KeywordAutoreplyInfo.List[0].ReplyListInfo![0].Type);
    }

    [Theory]
    [InlineData(502, "text/html", "<html><body>Bad Gateway</body></html>")]
    [InlineData(200, "text/html", "<html>maintenance</html>")]
    [InlineData(200, "application/json", "{\"is_autoreply_open\":1,\"keyword")]
    [InlineData(200, "application/json", "")]
    public async Task A_response_that_is_not_the_contract_is_a_request_exception_that_says_what_came_back(int status, string contentType, string body)
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Respond = _ => (status, contentType, body);
        using var http = new HttpClient();
        var client = CreateClient(server, http);

        var ex = await Assert.ThrowsAsync<WxRequestException>(() => client.AutoReply.GetCurrentInfoAsync());

        Assert.Equal(status, ex.StatusCode);
        Assert.StartsWith(contentType, ex.ContentType);
        Assert.Equal(body, ex.BodyStart);
        Assert.DoesNotContain(Token, ex.ToString());
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_refused()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Respond = _ => (200, "application/json", "{\"x\":\"" + new string('a', 5000) + "\"}");
        using var http = new HttpClient();
        var options = server.TransportOptions;
        options.MaxResponseBytes = 2000;
        var client = new WxApiClient(new WxHttpTransport(http, new StaticAccessTokenProvider(Token), options));

        var ex = await Assert.ThrowsAsync<WxRequestException>(() => client.AutoReply.GetCurrentInfoAsync());
        Assert.Contains("2000-byte limit", ex.Message);
        Assert.Equal(WxRequestFailure.BodyTooLarge, ex.Failure);
    }

    [Fact]
    public async Task Upload_sends_a_multipart_body_with_the_file_part_and_the_type_in_the_query()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Respond = _ => (200, "application/json", Specs.Example(System.IO.Path.Combine("media", "uploadtempmedia.yaml"), "response"));
        using var http = new HttpClient();
        var client = CreateClient(server, http);
        var bytes = System.Text.Encoding.UTF8.GetBytes("not really a jpeg, but bytes all the same");

        var response = await client.Media.UploadTempAsync(new UploadTempMediaRequest
        {
            Type = MediaType.Image,
            Media = new WxFile("photo.jpg", "image/jpeg", bytes),
        });

        var seen = Assert.Single(server.Requests);
        Assert.Equal("POST", seen.Method);
        Assert.Equal("/cgi-bin/media/upload", seen.Path);
        Assert.Equal("?access_token=" + Token + "&type=image", seen.Query);
        Assert.StartsWith("multipart/form-data; boundary=", seen.ContentType);
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes));
        Assert.Equal($"media=file(photo.jpg,image/jpeg,{bytes.Length},{hash})", seen.Body);
        Assert.Equal("MEDIA_ID", response.MediaId);
        Assert.Equal(MediaType.Image, response.Type);
        Assert.Equal(123456789L, response.CreatedAt);
    }

    [Fact]
    public void Client_methods_carry_the_endpoint_metadata_attribute()
    {
        var method = typeof(WxApiClient.CommentApi).GetMethod(nameof(WxApiClient.CommentApi.ReplyAsync))!;
        var attribute = (WxEndpointAttribute)Attribute.GetCustomAttribute(method, typeof(WxEndpointAttribute))!;
        Assert.Equal("POST", attribute.HttpMethod);
        Assert.Equal("/cgi-bin/comment/reply/add", attribute.Path);
        Assert.Equal("replycomment", attribute.Interface);
        Assert.False(attribute.Idempotent);
        Assert.True(attribute.ServerSideOnly);
        Assert.Equal(WxAccountAccess.CertifiedOnly, attribute.OfficialAccount);
        Assert.Equal(WxAccountAccess.CertifiedOnly, attribute.ServiceAccount);
        Assert.Equal(new[] { 7 }, attribute.PermissionSets);
        Assert.Equal("officialAccount.comment.reply", attribute.CloudCall);
        Assert.Equal(typeof(ReplyCommentError), attribute.ErrorCodes);

        var get = typeof(WxApiClient.AutoReplyApi).GetMethod(nameof(WxApiClient.AutoReplyApi.GetCurrentInfoAsync))!;
        var getAttribute = (WxEndpointAttribute)Attribute.GetCustomAttribute(get, typeof(WxEndpointAttribute))!;
        Assert.True(getAttribute.Idempotent);
        Assert.Null(getAttribute.CloudCall);
        Assert.Equal(new[] { 1, 3, 15 }, getAttribute.PermissionSets);
        Assert.Equal(WxAccountAccess.Allowed, getAttribute.OfficialAccount);
    }
}
