using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using WxContracts.Api;
using Xunit;

namespace WxContracts.Client.Tests;

/// <summary>
/// The shapes the real API has: bodies chosen by a discriminator, fields that arrive as an object or an array, maps
/// keyed by data. Each reads what WeChat sends and writes the documented JSON.
/// </summary>
public class ShapeTests
{
    private static readonly WxApiJsonContext Ctx = WxApiJsonContext.Default;

    public static TheoryData<string, string> Kinds() => new()
    {
        { "text", """{"touser":"o1","msgtype":"text","text":{"content":"Hello"}}""" },
        { "image", """{"touser":"o1","msgtype":"image","image":{"media_id":"M1"}}""" },
        { "voice", """{"touser":"o1","msgtype":"voice","voice":{"media_id":"M2"}}""" },
        { "video", """{"touser":"o1","msgtype":"video","video":{"media_id":"M3","thumb_media_id":"T3","title":"t"}}""" },
        { "music", """{"touser":"o1","msgtype":"music","music":{"musicurl":"https://m","thumb_media_id":"T4"}}""" },
        { "news", """{"touser":"o1","msgtype":"news","news":{"articles":[{"title":"A","url":"https://a"}]}}""" },
        { "mpnewsarticle", """{"touser":"o1","msgtype":"mpnewsarticle","mpnewsarticle":{"article_id":"ART"}}""" },
        { "msgmenu", """{"touser":"o1","msgtype":"msgmenu","msgmenu":{"head_content":"Pick","list":[{"id":"101","content":"Yes"}]}}""" },
        { "wxcard", """{"touser":"o1","msgtype":"wxcard","wxcard":{"card_id":"C1"}}""" },
        { "miniprogrampage", """{"touser":"o1","msgtype":"miniprogrampage","miniprogrampage":{"appid":"wxa","pagepath":"p/i","thumb_media_id":"T5"}}""" },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_custom_message_kind_reads_to_its_case_and_writes_the_documented_json(string kind, string json)
    {
        var request = JsonSerializer.Deserialize(json, Ctx.SendCustomMessageRequest)!;
        Assert.Equal(kind, request.Message.Kind);
        Assert.IsNotType<SendCustomMessageRequest.CustomMessage.Other>(request.Message);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(JsonSerializer.Serialize(request, Ctx.SendCustomMessageRequest))));
    }

    [Fact]
    public void A_typed_case_serialises_with_its_discriminator()
    {
        var request = new SendCustomMessageRequest
        {
            Touser = "o1",
            Message = new SendCustomMessageRequest.CustomMessage.TextMessage { Text = new() { Content = "你好" } },
            Customservice = new() { KfAccount = "kf1@account" },
        };

        var json = JsonSerializer.Serialize(request, Ctx.SendCustomMessageRequest);

        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"touser":"o1","msgtype":"text","text":{"content":"你好"},"customservice":{"kf_account":"kf1@account"}}"""),
            JsonNode.Parse(json)));
    }

    [Fact]
    public void An_unknown_msgtype_keeps_its_raw_json()
    {
        const string json = """{"touser":"o1","msgtype":"hologram","hologram":{"frames":[1,2]},"extra":true}""";
        var request = JsonSerializer.Deserialize(json, Ctx.SendCustomMessageRequest)!;

        var other = Assert.IsType<SendCustomMessageRequest.CustomMessage.Other>(request.Message);
        Assert.Equal("hologram", other.Kind);
        Assert.Equal("[1,2]", other.Fields!["hologram"].GetProperty("frames").GetRawText());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(JsonSerializer.Serialize(request, Ctx.SendCustomMessageRequest))));
    }

    [Fact]
    public void A_case_missing_its_content_is_a_located_error()
    {
        var ex = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{"touser":"o1","msgtype":"image"}""", Ctx.SendCustomMessageRequest));
        Assert.Equal("$", ex.Path);
        Assert.Contains("the required field 'image' is missing", ex.Message);
    }

    [Fact]
    public void The_discriminator_may_come_after_the_content()
    {
        var request = JsonSerializer.Deserialize("""{"text":{"content":"late"},"touser":"o1","msgtype":"text"}""", Ctx.SendCustomMessageRequest)!;
        Assert.Equal("late", Assert.IsType<SendCustomMessageRequest.CustomMessage.TextMessage>(request.Message).Text.Content);
    }

    [Theory]
    [InlineData("""{"content":"thanks","create_time":1700000000}""")]
    [InlineData("""[{"content":"thanks","create_time":1700000000},{"content":"again","create_time":1700000001}]""")]
    public void A_reply_arrives_as_an_object_or_an_array(string reply)
    {
        var response = JsonSerializer.Deserialize("{\"errcode\":0,\"total\":1,\"comment\":[{\"user_comment_id\":1,\"reply\":" + reply + "}]}", Ctx.ListCommentResponse)!;
        var replies = response.Comment![0].Reply!;
        Assert.Equal("thanks", replies[0].Content);
        Assert.Equal(reply.StartsWith('[') ? 2 : 1, replies.Count);

        // Written in the documented form: an object when there is one, else the array that came.
        var written = JsonNode.Parse(JsonSerializer.Serialize(response, Ctx.ListCommentResponse))!["comment"]![0]!["reply"]!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(reply), written));
    }

    [Fact]
    public void Template_data_is_a_map_keyed_by_the_templates_keywords()
    {
        var request = new SendTemplateMessageRequest
        {
            Touser = "o1",
            TemplateId = "T1",
            Data = new Dictionary<string, SendTemplateMessageRequest.Keyword>
            {
                ["thing1"] = new() { Value = "巧克力" },
                ["amount2"] = new() { Value = "39.8元" },
            },
        };

        var json = JsonSerializer.Serialize(request, Ctx.SendTemplateMessageRequest);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"touser":"o1","template_id":"T1","data":{"thing1":{"value":"巧克力"},"amount2":{"value":"39.8元"}}}"""),
            JsonNode.Parse(json)));

        var back = JsonSerializer.Deserialize(json, Ctx.SendTemplateMessageRequest)!;
        Assert.Equal(new[] { "thing1", "amount2" }, back.Data.Keys.ToArray());
        Assert.Equal("39.8元", back.Data["amount2"].Value);
    }

    [Fact]
    public void A_map_value_of_the_wrong_shape_is_located()
    {
        var ex = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{"touser":"o1","template_id":"T1","data":{"thing1":{"value":"a"},"thing2":"b"}}""", Ctx.SendTemplateMessageRequest));
        Assert.Equal("$.data.thing2", ex.Path);
    }

    [Fact]
    public void A_shared_type_is_one_top_level_class_wherever_it_is_used()
    {
        // base_info in two union cases and the response's history are the same class: one converter, one type.
        Assert.Equal(typeof(ProbeBaseInfo), typeof(ProbeSharedShapesRequest.CardBody.CardKind.GrouponCard.GrouponBody).GetProperty("BaseInfo")!.PropertyType);
        Assert.Equal(typeof(ProbeBaseInfo), typeof(ProbeSharedShapesRequest.CardBody.CardKind.CashCard.CashBody).GetProperty("BaseInfo")!.PropertyType);
        Assert.Equal(typeof(IReadOnlyList<ProbeBaseInfo>), typeof(ProbeSharedShapesResponse).GetProperty("History")!.PropertyType);
        Assert.Equal(typeof(ProbeSku), typeof(ProbeBaseInfo).GetProperty("Sku")!.PropertyType);
        Assert.False(typeof(ProbeBaseInfo).IsNested);

        var request = new ProbeSharedShapesRequest
        {
            Card = new()
            {
                Kind = new ProbeSharedShapesRequest.CardBody.CardKind.CashCard
                {
                    Cash = new() { BaseInfo = new() { Title = "Ten off", Sku = new() { Quantity = 3_000_000_000 } }, ReduceCost = 1000 },
                },
            },
        };
        var json = JsonSerializer.Serialize(request, Ctx.ProbeSharedShapesRequest);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"card":{"card_type":"CASH","cash":{"base_info":{"title":"Ten off","sku":{"quantity":3000000000}},"reduce_cost":1000}}}"""),
            JsonNode.Parse(json)));
        var back = JsonSerializer.Deserialize(json, Ctx.ProbeSharedShapesRequest)!;
        var cash = Assert.IsType<ProbeSharedShapesRequest.CardBody.CardKind.CashCard>(back.Card.Kind);
        Assert.Equal(3_000_000_000, cash.Cash.BaseInfo.Sku!.Quantity);
    }

    [Fact]
    public void A_shared_type_reports_its_failures_at_the_use()
    {
        var ex = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(
            """{"card":{"card_type":"GROUPON","groupon":{"base_info":{"title":"x","sku":{"quantity":"many"}}}}}""", Ctx.ProbeSharedShapesRequest));
        Assert.Equal("$.card.groupon.base_info.sku.quantity", ex.Path);
        Assert.Contains("quantity", ex.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Lists_of_lists_read_and_write_as_they_came()
    {
        const string json = """{"errcode":0,"errmsg":"ok","districts":[[{"id":110000,"name":"北京市"}],[{"id":310000,"name":"上海市"},{"id":320000}]],"grid":[[1,2],[],[3]]}""";
        var response = JsonSerializer.Deserialize(json, Ctx.ProbeSharedShapesResponse)!;

        Assert.Equal(2, response.Districts!.Count);
        Assert.Equal("上海市", response.Districts[1][0].Name);
        Assert.Equal(320000, response.Districts[1][1].Id);
        Assert.Equal(new[] { 2, 0, 1 }, response.Grid!.Select(row => row.Count).ToArray());
        Assert.Equal(3, response.Grid![2][0]);
        Assert.Equal(typeof(IReadOnlyList<IReadOnlyList<ProbeSharedShapesResponse.District>>), typeof(ProbeSharedShapesResponse).GetProperty("Districts")!.PropertyType);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(JsonSerializer.Serialize(response, Ctx.ProbeSharedShapesResponse))));
    }

    [Theory]
    [InlineData("""{"grid":[[1],2]}""", "$.grid[1]")]
    [InlineData("""{"grid":[[1],["x"]]}""", "$.grid[1][0]")]
    [InlineData("""{"districts":[[{"id":1}],[{"name":"no id"}]]}""", "$.districts[1][0]")]
    [InlineData("""{"districts":[{"id":1}]}""", "$.districts[0]")]
    public void A_list_of_lists_of_the_wrong_shape_is_located(string json, string path)
    {
        var ex = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, Ctx.ProbeSharedShapesResponse));
        Assert.Equal(path, ex.Path);
    }
}
