using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using WxContracts.Api;
using WxContracts.Benchmarks.Json;
using Xunit;

namespace WxContracts.Benchmarks.Tests;

/// <summary>Every JSON benchmark method, run once through its own setup: the four paths read the same values and
/// write JSON equal to the input.</summary>
public sealed class JsonBenchmarkSmokeTests
{
    [Fact]
    public void Autoreply_all_four_readers_see_the_same_rules_and_all_four_writers_give_back_the_input()
    {
        var bench = new AutoReplyJsonBenchmarks();
        bench.Setup();

        var generated = bench.Deserialize_Generated();
        var twins = new[] { bench.Deserialize_StjSourceGen(), bench.Deserialize_StjReflection(), bench.Deserialize_Newtonsoft() };

        var expected = Summary(generated);
        Assert.Equal(4, generated.KeywordAutoreplyInfo!.List!.Count);
        Assert.Contains("autoreply-news|1423028166|reply_all|text|news测试|contain", expected);
        foreach (var twin in twins)
        {
            Assert.Equal(expected, Summary(twin));
        }

        var input = JsonNode.Parse(Payloads.AutoReplyResponse);
        foreach (var written in new[] { bench.Serialize_Generated(), bench.Serialize_StjSourceGen(), bench.Serialize_StjReflection(), bench.Serialize_Newtonsoft() })
        {
            Assert.True(JsonNode.DeepEquals(input, JsonNode.Parse(written)), System.Text.Encoding.UTF8.GetString(written));
        }
    }

    [Fact]
    public void Reply_comment_all_four_readers_see_the_same_request_and_all_four_writers_give_back_the_input()
    {
        var bench = new ReplyCommentJsonBenchmarks();
        bench.Setup();

        var generated = bench.Deserialize_Generated();
        Assert.Equal((2247483664L, 0, 1L, "内容"), (generated.MsgDataId, generated.Index, generated.UserCommentId, generated.Content));
        foreach (var twin in new[] { bench.Deserialize_StjSourceGen(), bench.Deserialize_StjReflection(), bench.Deserialize_Newtonsoft() })
        {
            Assert.Equal((generated.MsgDataId, generated.Index, generated.UserCommentId, generated.Content), (twin.MsgDataId, twin.Index, twin.UserCommentId, twin.Content));
        }

        var input = JsonNode.Parse(Payloads.ReplyCommentRequest);
        foreach (var written in new[] { bench.Serialize_Generated(), bench.Serialize_StjSourceGen(), bench.Serialize_StjReflection(), bench.Serialize_Newtonsoft() })
        {
            var text = System.Text.Encoding.UTF8.GetString(written);
            Assert.True(JsonNode.DeepEquals(input, JsonNode.Parse(written)), text);
            Assert.Contains("内容", text); // written unescaped by all four
        }
    }

    [Fact]
    public void The_twins_are_as_strict_as_the_generated_types_about_required_members()
    {
        var missing = """{"msg_data_id":"2247483664","content":"x"}"""u8.ToArray();
        var codecs = JsonSetups.ReplyComment;
        Assert.Throws<JsonException>(() => codecs.ReadGenerated(missing));
        Assert.Throws<JsonException>(() => codecs.ReadSourceGen(missing));
        Assert.Throws<JsonException>(() => codecs.ReadReflection(missing));
        Assert.Throws<Newtonsoft.Json.JsonSerializationException>(() => codecs.ReadNewtonsoft(missing));

        var asStrings = """{"msg_data_id":"2247483664","user_comment_id":"7","content":"x"}"""u8.ToArray();
        Assert.Equal(7, codecs.ReadGenerated(asStrings).UserCommentId);
        Assert.Equal(7, codecs.ReadSourceGen(asStrings).UserCommentId);
        Assert.Equal(7, codecs.ReadReflection(asStrings).UserCommentId);
        Assert.Equal(7, codecs.ReadNewtonsoft(asStrings).UserCommentId);
    }

    private static string Summary(GetCurrentAutoReplyInfoResponse r) => string.Join("\n",
        new[] { $"{r.IsAddFriendReplyOpen?.Value}|{r.IsAutoreplyOpen?.Value}|{r.AddFriendAutoreplyInfo?.Type}|{r.AddFriendAutoreplyInfo?.Content}|{r.MessageDefaultAutoreplyInfo?.Content}" }
            .Concat(r.KeywordAutoreplyInfo!.List!.Select(rule =>
                $"{rule.RuleName}|{rule.CreateTime}|{rule.ReplyMode}|{string.Join(",", rule.KeywordListInfo!.Select(k => $"{k.Type}|{k.Content}|{k.MatchMode}"))}"
                + "|" + string.Join(",", rule.ReplyListInfo!.Select(x => $"{x.Type}|{x.Content}|" + string.Join(";", x.NewsInfo?.List?.Select(a => $"{a.Title}|{a.Author}|{a.Digest}|{a.ShowCover?.Value}|{a.CoverUrl}|{a.ContentUrl}|{a.SourceUrl}") ?? []))))));

    private static string Summary(TwinAutoReplyResponse r) => string.Join("\n",
        new[] { $"{r.IsAddFriendReplyOpen}|{r.IsAutoreplyOpen}|{r.AddFriendAutoreplyInfo?.Type}|{r.AddFriendAutoreplyInfo?.Content}|{r.MessageDefaultAutoreplyInfo?.Content}" }
            .Concat(r.KeywordAutoreplyInfo!.List!.Select(rule =>
                $"{rule.RuleName}|{rule.CreateTime}|{rule.ReplyMode}|{string.Join(",", rule.KeywordListInfo!.Select(k => $"{k.Type}|{k.Content}|{k.MatchMode}"))}"
                + "|" + string.Join(",", rule.ReplyListInfo!.Select(x => $"{x.Type}|{x.Content}|" + string.Join(";", x.NewsInfo?.List?.Select(a => $"{a.Title}|{a.Author}|{a.Digest}|{a.ShowCover}|{a.CoverUrl}|{a.ContentUrl}|{a.SourceUrl}") ?? []))))));
}
