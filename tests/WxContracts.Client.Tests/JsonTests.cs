using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using WxContracts.Api;
using Xunit;

namespace WxContracts.Client.Tests;

public class JsonTests
{
    private static readonly WxApiJsonContext Ctx = WxApiJsonContext.Default;

    private static void AssertJsonEquivalent(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"Expected\n{expected}\nActual\n{actual}");

    [Fact]
    public void Reply_request_example_reads_and_writes_back_equivalent_json()
    {
        var json = Specs.ReplyCommentRequest;
        var request = JsonSerializer.Deserialize(json, Ctx.ReplyCommentRequest)!;
        Assert.Equal(2247483664L, request.MsgDataId);
        Assert.Equal(0, request.Index);
        Assert.Equal(1L, request.UserCommentId);
        Assert.Equal("内容", request.Content);
        AssertJsonEquivalent(json, JsonSerializer.Serialize(request, Ctx.ReplyCommentRequest));
    }

    [Fact]
    public void Autoreply_response_example_reads_all_five_levels_and_writes_back_equivalent_json()
    {
        var json = Specs.AutoReplyResponse;
        var response = JsonSerializer.Deserialize(json, Ctx.GetCurrentAutoReplyInfoResponse)!;
        Assert.Equal(SwitchState.On, response.IsAddFriendReplyOpen);
        Assert.Equal(AutoReplyType.Text, response.AddFriendAutoreplyInfo!.Type);
        Assert.Equal("Thanks for your attention!", response.AddFriendAutoreplyInfo.Content);
        var rules = response.KeywordAutoreplyInfo!.List!;
        Assert.Equal(4, rules.Count);
        Assert.Equal(ReplyMode.ReplyAll, rules[0].ReplyMode);
        Assert.Equal(ReplyMode.RandomOne, rules[1].ReplyMode);
        Assert.Equal(1423028166L, rules[0].CreateTime);
        Assert.Equal(MatchMode.Equal, rules[3].KeywordListInfo![0].MatchMode);
        var articles = rules[0].ReplyListInfo![1].NewsInfo!.List!;
        Assert.Equal(2, articles.Count);
        Assert.Equal("MULTI_NEWS4", articles[1].Title);
        Assert.Equal(ShowCover.Hidden, articles[0].ShowCover);
        Assert.Equal(ShowCover.Shown, articles[1].ShowCover);
        Assert.Equal(AutoReplyType.Voice, rules[1].ReplyListInfo![0].Type);
        Assert.Null(rules[0].ReplyListInfo![0].Content);
        AssertJsonEquivalent(json, JsonSerializer.Serialize(response, Ctx.GetCurrentAutoReplyInfoResponse));
    }

    [Fact]
    public void Unknown_fields_survive_a_round_trip_at_every_level()
    {
        var node = JsonNode.Parse(Specs.AutoReplyResponse)!;
        node["added_later"] = new JsonObject { ["x"] = 1 };
        node["keyword_autoreply_info"]!["list"]![0]!["reply_list_info"]![0]!["news_info"]!["list"]![0]!["new_flag"] = true;
        var json = node.ToJsonString();

        var response = JsonSerializer.Deserialize(json, Ctx.GetCurrentAutoReplyInfoResponse)!;
        Assert.Equal(1, response.AdditionalProperties!["added_later"].GetProperty("x").GetInt32());
        AssertJsonEquivalent(json, JsonSerializer.Serialize(response, Ctx.GetCurrentAutoReplyInfoResponse));
    }

    [Fact]
    public void Unknown_enum_values_are_kept_as_they_came()
    {
        var node = JsonNode.Parse(Specs.AutoReplyResponse)!;
        node["add_friend_autoreply_info"]!["type"] = "miniprogrampage";
        node["is_autoreply_open"] = 2;
        var json = node.ToJsonString();

        var response = JsonSerializer.Deserialize(json, Ctx.GetCurrentAutoReplyInfoResponse)!;
        var type = response.AddFriendAutoreplyInfo!.Type!.Value;
        Assert.False(type.IsKnown);
        Assert.Equal("miniprogrampage", type.Value);
        Assert.True(AutoReplyType.News.IsKnown);
        Assert.Equal(2, response.IsAutoreplyOpen!.Value.Value);
        Assert.False(response.IsAutoreplyOpen.Value.IsKnown);
        AssertJsonEquivalent(json, JsonSerializer.Serialize(response, Ctx.GetCurrentAutoReplyInfoResponse));
    }

    [Fact]
    public void A_number_sent_as_a_string_is_accepted_where_the_spec_allows_it()
    {
        var request = JsonSerializer.Deserialize("""{"msg_data_id":"2247483664","user_comment_id":"7","content":"x"}""", Ctx.ReplyCommentRequest)!;
        Assert.Equal(2247483664L, request.MsgDataId);
        Assert.Equal(7L, request.UserCommentId);
    }

    [Fact]
    public void Scalars_are_read_in_either_form_by_default_and_written_as_the_spec_says()
    {
        // index is a plain int32 (no number_or_string in the spec), content a string: both arrive in the other form.
        var request = JsonSerializer.Deserialize("""{"msg_data_id":1,"user_comment_id":1,"content":12345,"index":"0"}""", Ctx.ReplyCommentRequest)!;
        Assert.Equal(0, request.Index);
        Assert.Equal("12345", request.Content);
        AssertJsonEquivalent("""{"msg_data_id":1,"user_comment_id":1,"content":"12345","index":0}""", JsonSerializer.Serialize(request, Ctx.ReplyCommentRequest));
    }

    [Fact]
    public void An_enum_with_Chinese_values_compiles_and_round_trips()
    {
        // probe-specs/probeunicodeenum.yaml lists 全部, 部分 and 仅自己 without names: the members keep them.
        Assert.Equal("全部", ProbeUnicodeEnumRequestScope.全部.Value);
        var request = JsonSerializer.Deserialize("""{"scope":"仅自己"}""", Ctx.ProbeUnicodeEnumRequest)!;
        Assert.Equal(ProbeUnicodeEnumRequestScope.仅自己, request.Scope);
        Assert.True(request.Scope.IsKnown);
        AssertJsonEquivalent("""{"scope":"仅自己"}""", JsonSerializer.Serialize(request, Ctx.ProbeUnicodeEnumRequest));
    }

    [Fact]
    public void A_string_enum_sent_as_a_number_keeps_its_text()
    {
        var rules = JsonSerializer.Deserialize("""{"is_add_friend_reply_open":1,"add_friend_autoreply_info":{"type":3,"content":"x"}}""", Ctx.GetCurrentAutoReplyInfoResponse)!;
        var type = Assert.NotNull(rules.AddFriendAutoreplyInfo!.Type);
        Assert.Equal("3", type.Value);
        Assert.False(type.IsKnown);
    }

    [Theory]
    [InlineData("""{"msg_data_id":"12x","user_comment_id":1,"content":"x"}""", "msg_data_id")]
    [InlineData("""{"msg_data_id":1.5,"user_comment_id":1,"content":"x"}""", "msg_data_id")]
    [InlineData("""{"msg_data_id":1,"user_comment_id":1,"content":{}}""", "content")]
    [InlineData("""{"msg_data_id":1,"user_comment_id":1,"content":null}""", "content")]
    public void Wrong_values_are_a_JsonException_naming_the_field(string json, string field)
    {
        var ex = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, Ctx.ReplyCommentRequest));
        Assert.Contains(field, ex.Message);
    }

    [Fact]
    public void A_missing_required_field_is_a_JsonException_naming_the_field()
    {
        var ex = Assert.Throws<JsonException>(() =>
            JsonSerializer.Deserialize("""{"msg_data_id":1,"user_comment_id":1}""", Ctx.ReplyCommentRequest));
        Assert.Contains("'content'", ex.Message);
        Assert.DoesNotContain("ReplyCommentRequest", ex.Message); // wire names only, never generated type names
    }

    [Fact]
    public void An_error_response_reads_even_though_the_payload_is_missing()
    {
        var response = JsonSerializer.Deserialize("""{"errcode":40001,"errmsg":"invalid credential rid: 6582a1f2-1b2c3d4e"}""", Ctx.GetCurrentAutoReplyInfoResponse)!;
        Assert.Equal(40001, response.ErrCode);
        Assert.Null(response.KeywordAutoreplyInfo);
    }

    [Fact]
    public void The_context_works_as_a_resolver_inside_caller_owned_options()
    {
        var options = new JsonSerializerOptions { TypeInfoResolver = WxApiJsonContext.Default, WriteIndented = true };
        var request = new ReplyCommentRequest { MsgDataId = 5, UserCommentId = 6, Content = "好" };
        var json = JsonSerializer.Serialize(request, options);
        Assert.Contains("\n", json);
        var back = JsonSerializer.Deserialize<ReplyCommentRequest>(json, options)!;
        Assert.Equal(6, back.UserCommentId);

        // And as one link of a resolver chain.
        var chained = new JsonSerializerOptions();
        chained.TypeInfoResolverChain.Add(new WxApiJsonContext());
        var response = JsonSerializer.Deserialize<GetCurrentAutoReplyInfoResponse>(Specs.AutoReplyResponse, chained)!;
        Assert.Equal(4, response.KeywordAutoreplyInfo!.List!.Count);
    }

    [Fact]
    public void Requests_are_written_with_non_ascii_text_unescaped()
    {
        // Some WeChat APIs reject \uXXXX escapes (global code 40033).
        var json = JsonSerializer.Serialize(new ReplyCommentRequest { MsgDataId = 1, UserCommentId = 2, Content = "谢谢 <3" }, Ctx.ReplyCommentRequest);
        Assert.Equal("""{"msg_data_id":1,"user_comment_id":2,"content":"谢谢 <3"}""", json);
    }

    [Fact]
    public void Optional_fields_that_are_null_are_left_out()
    {
        var json = JsonSerializer.Serialize(new GetCurrentAutoReplyInfoResponse { IsAutoreplyOpen = SwitchState.Off }, Ctx.GetCurrentAutoReplyInfoResponse);
        Assert.Equal("""{"is_autoreply_open":0}""", json);
    }

    [Fact]
    public void Every_generated_type_has_metadata_in_the_context()
    {
        var types = typeof(WxApiJsonContext).Assembly.GetTypes()
            .Where(t => t.Namespace == "WxContracts.Api" && t.IsPublic || t.IsNestedPublic && t.DeclaringType?.Namespace == "WxContracts.Api")
            .Where(t => t.Name.EndsWith("Request") || t.Name.EndsWith("Response") || t.IsNested && !t.Name.EndsWith("Api"))
            // A union and its cases travel inside their owner's JSON (beside the discriminator), not on their own.
            .Where(t => !t.IsAbstract && t.BaseType is not { IsAbstract: true, DeclaringType: not null })
            .ToList();
        Assert.NotEmpty(types);
        foreach (var type in types)
        {
            Assert.True(Ctx.GetTypeInfo(type) is not null, $"no metadata for {type}");
        }
    }
}
