using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using WxContracts.MockServer;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace WxContracts.MockServer.Tests;

/// <summary>Each request rule answers its documented WeChat errcode, with the spec's errmsg.</summary>
public class ValidationTests
{
    private const string GoodReply = """{"msg_data_id":2247483664,"index":0,"user_comment_id":1,"content":"Thanks"}""";

    [Fact]
    public async Task A_good_request_gets_the_response_example_of_its_spec()
    {
        await using var mock = await Mock.StartAsync();
        using var http = new HttpClient();
        var token = mock.IssueAccessToken();

        var answer = await Mock.GetAsync(http, mock, Mock.AutoReplyPath + "?access_token=" + token);

        Assert.Equal(200, answer.Status);
        Assert.Equal("application/json", answer.ContentType);
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Path.Combine(Mock.RepoRoot(), "specs/autoreply/getcurrentautoreplyinfo.yaml"))));
        var example = ((YamlScalarNode)((YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["examples"])["response"]).Value!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(example), answer.Json), answer.Text);
    }

    [Fact]
    public async Task Missing_access_token_is_41001_and_an_unknown_one_40001()
    {
        await using var mock = await Mock.StartAsync();
        using var http = new HttpClient();

        var missing = await Mock.PostAsync(http, mock, Mock.ReplyPath, GoodReply);
        var unknown = await Mock.ReplyAsync(http, mock, "not-a-token-the-mock-issued", GoodReply);

        Assert.Equal(41001, missing.ErrCode);
        Assert.StartsWith("access_token missing", missing.ErrMsg);
        Assert.Equal(40001, unknown.ErrCode);
        Assert.StartsWith("invalid credential", unknown.ErrMsg);
        Assert.Matches(@"rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$", unknown.ErrMsg);
    }

    [Fact]
    public async Task The_wrong_HTTP_method_is_43002_for_a_POST_endpoint_and_43001_for_a_GET_endpoint()
    {
        await using var mock = await Mock.StartAsync();
        using var http = new HttpClient();
        var token = mock.IssueAccessToken();

        var getOnPost = await Mock.GetAsync(http, mock, Mock.ReplyPath + "?access_token=" + token);
        var postOnGet = await Mock.PostAsync(http, mock, Mock.AutoReplyPath + "?access_token=" + token, "{}");

        Assert.Equal(43002, getOnPost.ErrCode);
        Assert.StartsWith("require POST method", getOnPost.ErrMsg);
        Assert.Equal(43001, postOnGet.ErrCode);
    }

    [Theory]
    [InlineData("{oops", "not JSON")]
    [InlineData("[1,2]", "JSON object")]
    [InlineData("""{"msg_data_id":true,"user_comment_id":1,"content":"x"}""", "body.msg_data_id must be a number or a numeric string")]
    [InlineData("""{"msg_data_id":"12ab","user_comment_id":1,"content":"x"}""", "body.msg_data_id does not fit int64")]
    [InlineData("""{"msg_data_id":1,"index":3000000000,"user_comment_id":1,"content":"x"}""", "body.index does not fit int32")]
    [InlineData("""{"msg_data_id":1,"index":"0","user_comment_id":1,"content":"x"}""", "body.index must be a number")]
    [InlineData("""{"msg_data_id":1,"user_comment_id":1,"content":7}""", "body.content must be a string")]
    public async Task A_body_that_is_not_JSON_or_has_the_wrong_JSON_types_is_47001(string body, string hint)
    {
        await using var mock = await Mock.StartAsync();
        using var http = new HttpClient();

        var answer = await Mock.ReplyAsync(http, mock, mock.IssueAccessToken(), body);

        Assert.Equal(47001, answer.ErrCode);
        Assert.StartsWith("data format error hint: [", answer.ErrMsg);
        Assert.Contains(hint, answer.ErrMsg);
    }

    [Theory]
    [InlineData("""{"msg_data_id":1,"user_comment_id":1}""", "body.content is required")]
    [InlineData("""{"msg_data_id":1,"user_comment_id":null,"content":"x"}""", "body.user_comment_id is required but null")]
    public async Task A_missing_or_null_required_field_is_40035(string body, string hint)
    {
        await using var mock = await Mock.StartAsync();
        using var http = new HttpClient();

        var answer = await Mock.ReplyAsync(http, mock, mock.IssueAccessToken(), body);

        Assert.Equal(40035, answer.ErrCode);
        Assert.StartsWith("invalid parameter", answer.ErrMsg);
        Assert.Contains(hint, answer.ErrMsg);
    }

    [Fact]
    public async Task A_missing_parameter_with_its_own_missing_code_gets_that_code()
    {
        await using var mock = await Mock.StartAsync();
        using var http = new HttpClient();

        var noAppId = await Mock.GetAsync(http, mock, "/cgi-bin/token?grant_type=client_credential&secret=" + Mock.Secret);
        var noSecret = await Mock.PostAsync(http, mock, "/cgi-bin/stable_token", $$"""{"grant_type":"client_credential","appid":"{{Mock.AppId}}"}""");

        Assert.Equal(41002, noAppId.ErrCode);
        Assert.StartsWith("appid missing", noAppId.ErrMsg);
        Assert.Equal(41004, noSecret.ErrCode);
        Assert.StartsWith("appsecret missing", noSecret.ErrMsg);
    }

    [Fact]
    public async Task An_empty_body_on_a_POST_endpoint_is_44002()
    {
        await using var mock = await Mock.StartAsync();
        using var http = new HttpClient();

        var answer = await Mock.ReplyAsync(http, mock, mock.IssueAccessToken(), string.Empty);

        Assert.Equal(44002, answer.ErrCode);
        Assert.StartsWith("empty post data", answer.ErrMsg);
    }

    [Fact]
    public async Task A_numeric_string_is_accepted_where_the_spec_says_number_or_string()
    {
        await using var mock = await Mock.StartAsync();
        using var http = new HttpClient();

        var answer = await Mock.ReplyAsync(http, mock, mock.IssueAccessToken(), """{"msg_data_id":"2247483664","user_comment_id":"1","content":"x"}""");

        Assert.Equal(0, answer.ErrCode);
    }

    [Fact]
    public async Task Unknown_fields_are_ignored_as_WeChat_does_and_noted_in_the_journal()
    {
        await using var mock = await Mock.StartAsync();
        using var http = new HttpClient();

        var answer = await Mock.ReplyAsync(http, mock, mock.IssueAccessToken(), """{"msg_data_id":1,"user_comment_id":1,"content":"x","colour":"blue"}""");

        Assert.Equal(0, answer.ErrCode);
        var entry = Assert.Single(mock.Journal.For(Mock.ReplyPath));
        Assert.Equal("ignored unknown body.colour", entry.Detail);
    }

    [Fact]
    public async Task An_enum_value_the_spec_does_not_list_is_40035_and_a_listed_one_passes()
    {
        // listcomment.yaml is not in specs/: served from a folder, with no code change.
        await using var mock = await Mock.StartAsync(o => o.SpecsDirectory = Mock.Fixture("extra-specs"));
        using var http = new HttpClient();
        var path = "/cgi-bin/comment/list?access_token=" + mock.IssueAccessToken();

        var good = await Mock.PostAsync(http, mock, path, """{"msg_data_id":"2247483664","begin":0,"count":50,"type":2}""");
        var bad = await Mock.PostAsync(http, mock, path, """{"msg_data_id":"2247483664","begin":0,"count":50,"type":7}""");

        Assert.Equal(0, good.ErrCode);
        Assert.Equal(1, good.Json["total"]!.GetValue<int>());
        Assert.Equal(40035, bad.ErrCode);
        Assert.Contains("body.type: '7' is not a value of CommentListType", bad.ErrMsg);
        Assert.Equal(["/cgi-bin/comment/list"], mock.EndpointPaths);
    }

    [Fact]
    public async Task A_folder_of_specs_falls_back_to_the_built_in_global_error_table_for_errmsg()
    {
        await using var mock = await Mock.StartAsync(o => o.SpecsDirectory = Mock.Fixture("extra-specs"));
        using var http = new HttpClient();

        var answer = await Mock.PostAsync(http, mock, "/cgi-bin/comment/list", "{}");

        Assert.Equal(41001, answer.ErrCode);
        Assert.StartsWith("access_token missing", answer.ErrMsg);
    }

    [Fact]
    public async Task A_path_no_spec_serves_is_HTTP_404()
    {
        await using var mock = await Mock.StartAsync();
        using var http = new HttpClient();

        var answer = await Mock.GetAsync(http, mock, "/cgi-bin/no/such/api");

        Assert.Equal(404, answer.Status);
        Assert.Equal("unknown path", Assert.Single(mock.Journal.Entries).Detail);
    }

    [Fact]
    public async Task A_spec_with_errors_stops_the_start_with_its_file_line_and_column()
    {
        var dir = Directory.CreateTempSubdirectory("wxmock-bad-specs-");
        try
        {
            var text = File.ReadAllText(Mock.Fixture("extra-specs/comment/listcomment.yaml")).Replace("    format: int32\n    required: true\n    description: Offset", "    format: int33\n    required: true\n    description: Offset");
            File.WriteAllText(Path.Combine(dir.FullName, "listcomment.yaml"), text);

            var ex = await Assert.ThrowsAsync<WxMockSpecException>(() => Mock.StartAsync(o => o.SpecsDirectory = dir.FullName));

            Assert.Contains("listcomment.yaml(", ex.Message);
            Assert.Contains("WXC004", ex.Message);
            Assert.Contains("int33", ex.Message);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public async Task Every_repository_spec_is_served_on_its_documented_method_and_path()
    {
        await using var mock = await Mock.StartAsync();
        var specFiles = Directory.EnumerateFiles(Path.Combine(Mock.RepoRoot(), "specs"), "*.yaml", SearchOption.AllDirectories)
            .Select(File.ReadAllText)
            .Where(t => t.Contains("\ncall:"))
            .Select(t => t.Split('\n').Single(l => l.TrimStart().StartsWith("url: ")).Trim().Substring("url: https://api.weixin.qq.com".Length))
            .OrderBy(p => p)
            .ToList();

        Assert.NotEmpty(specFiles);
        Assert.Equal(specFiles, mock.EndpointPaths.OrderBy(p => p).ToList());
    }
}
