using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Xunit;
using static WxContracts.Analyzers.Tests.AnalyzerHarness;

namespace WxContracts.Analyzers.Tests;

/// <summary>WXC1004: constants that break the limits a spec records.</summary>
public class ConstraintTests
{
    [Fact]
    public async Task Empty_reply_content_is_rejected_by_the_docs()
    {
        var d = Assert.Single(await Verify("WXC1004", Wrap("""
                await client.Comment.ReplyAsync(new ReplyCommentRequest { MsgDataId = 1, UserCommentId = 2, Content = [|""|] });
        """)));
        Assert.Equal("\"\" breaks the documented limit of 'content' (length at least 1); WeChat rejects it", d.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Plain_assignments_and_nullable_numbers_are_checked() =>
        await Verify("WXC1004", Wrap("""
                var request = new ReplyCommentRequest { MsgDataId = 1, UserCommentId = 2, Content = "Thanks", Index = [|-1|] };
                request.Content = [|""|];
                request.Index = 3;
        """));

    [Fact]
    public async Task Comment_list_count_over_50_and_zero_are_reported_and_50_is_not()
    {
        var generated = Generated(("samplelistcomment.yaml", SpecText.ListComment));
        var diagnostics = await Verify("WXC1004", Wrap("""
                await client.Sample.ListAsync(new SampleListCommentRequest { MsgDataId = 1, Begin = 0, Count = [|51|], Type = 0 });
                await client.Sample.ListAsync(new SampleListCommentRequest { MsgDataId = 1, Begin = 0, Count = 50, Type = 0 });
                await client.Sample.ListAsync(new SampleListCommentRequest { MsgDataId = 1, Begin = 0, Count = [|0|], Type = 0 });
                await client.Sample.ListAsync(new SampleListCommentRequest { MsgDataId = 1, Begin = 0, Count = [|PageSize|], Type = 0 });
        """, "    private const int PageSize = 100;\n"), generated: generated);
        Assert.Equal("51 breaks the documented limit of 'count' (1 to 50); WeChat rejects it", diagnostics[0].GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Values_within_the_limits_and_non_constants_are_not_reported() =>
        await Verify("WXC1004", Wrap("""
                var count = Environment.ProcessorCount * 100;
                await client.Comment.ReplyAsync(new ReplyCommentRequest { MsgDataId = 1, UserCommentId = 2, Content = "x", Index = 0 });
                await client.Comment.ReplyAsync(new ReplyCommentRequest { MsgDataId = 1, UserCommentId = 2, Content = fromConfig, Index = count });
        """));
}
