using System;
using System.IO;
using Xunit;

namespace WxContracts.Cli.Tests;

/// <summary><c>wxspec diff &lt;doc-page&gt; &lt;spec&gt;</c> through the command line, in-process.</summary>
public class DiffTests
{
    private static string Spec(string relative) => Path.Combine(TestFiles.Specs, relative);

    [Theory]
    [InlineData("replycomment.md", "comment/replycomment.yaml")]
    [InlineData("zh/replycomment.md", "comment/replycomment.yaml")]
    [InlineData("getCurrentAutoreplyInfo.md", "autoreply/getcurrentautoreplyinfo.yaml")]
    [InlineData("zh/getCurrentAutoreplyInfo.md", "autoreply/getcurrentautoreplyinfo.yaml")]
    public void An_unchanged_page_agrees_with_its_reviewed_spec_and_exits_0(string page, string spec)
    {
        // The specs were reviewed by hand: other names, reworded descriptions, chosen widths. None of it counts.
        var r = TestFiles.Run("diff", TestFiles.Page(page), Spec(spec));
        Assert.True(r.Exit == 0, r.Out + r.Err);
        Assert.Equal(string.Empty, r.Out);
        Assert.Contains("agrees with", r.Err);
    }

    [Fact]
    public void A_page_with_a_field_removed_a_type_changed_and_an_error_code_added_prints_those_three_lines_and_exits_1()
    {
        using var dir = new TestFiles.TempDir();
        var text = TestFiles.PageText("replycomment.md").Replace("\r\n", "\n");
        text = Replace(text, "index | number | no | Multitext, used to specify the first few text, starting from 0, without the default operation of the msg_data_id |\n", string.Empty);
        text = Replace(text, "\"index\": 0,\n", string.Empty);
        text = Replace(text, "user_comment_id | number | yes |", "user_comment_id | string | yes |");
        text = Replace(text, "88008 | comment is not exists | This comment does not exist |", "88008 | comment is not exists | This comment does not exist |\n88010 | count range error | Use a smaller count |");
        var page = dir.File("replycomment.md", text);

        var r = TestFiles.Run("diff", page, Spec("comment/replycomment.yaml"));
        Assert.Equal(1, r.Exit);
        Assert.Equal(
            "request.index: removed from the page (spec: number)\n" +
            "request.user_comment_id: type number → string\n" +
            "error 88010: added on the page (count range error)\n",
            r.Out.Replace("\r\n", "\n"));
        Assert.Contains("3 difference(s)", r.Err);
    }

    [Fact]
    public void Scope_permission_sets_cloud_call_and_enum_values_are_compared()
    {
        using var dir = new TestFiles.TempDir();
        var text = TestFiles.PageText("getCurrentAutoreplyInfo.md").Replace("\r\n", "\n");
        text = Replace(text, "✔ | ✔ |", "✔ | Certification only |");
        text = Replace(text, "belongs are: 1, 3, 15", "belongs are: 1, 3");
        text = Replace(text, "- This interface does not support cloud calls", "Call method: officialAccount.autoreply.get");
        text = Replace(text, "| text img voice video news |", "| text img voice video news music |");
        var r = TestFiles.Run("diff", dir.File("page.md", text), Spec("autoreply/getcurrentautoreplyinfo.yaml"));
        Assert.Equal(1, r.Exit);
        Assert.Contains("call.cloud_call: not_supported → officialAccount.autoreply.get\n", r.Out);
        Assert.Contains("call.third_party: permission_sets [1, 3, 15] → permission_sets [1, 3]\n", r.Out);
        Assert.Contains("scope.service_account: allowed → certified_only\n", r.Out);
        Assert.Contains("response.add_friend_autoreply_info.type: enum values added music\n", r.Out);
    }

    [Fact]
    public void A_width_or_string_form_the_page_examples_need_is_reported_but_a_guessed_width_is_not()
    {
        using var dir = new TestFiles.TempDir();
        var text = TestFiles.PageText("replycomment.md").Replace("\r\n", "\n");
        var wide = TestFiles.Run("diff", dir.File("wide.md", Replace(text, "\"index\": 0,", "\"index\": 3000000000,")), Spec("comment/replycomment.yaml"));
        Assert.Equal(1, wide.Exit);
        Assert.Equal("request.index: the page's examples need int64 (spec: int32)\n", wide.Out.Replace("\r\n", "\n"));

        var asString = TestFiles.Run("diff", dir.File("string.md", Replace(text, "\"index\": 0,", "\"index\": \"0\",")), Spec("comment/replycomment.yaml"));
        Assert.Equal(1, asString.Exit);
        Assert.Equal("request.index: the page's examples send it as a string (spec lacks number_or_string)\n", asString.Out.Replace("\r\n", "\n"));
    }

    [Fact]
    public void Required_changes_and_fields_added_on_the_page_are_reported()
    {
        using var dir = new TestFiles.TempDir();
        var text = TestFiles.PageText("zh/replycomment.md").Replace("\r\n", "\n");
        text = Replace(text, "index | number | 否 |", "index | number | 是 |");
        text = Replace(text, "content | string | 是 | 回复内容 |", "content | string | 是 | 回复内容 |\nreply_type | string | 否 | 回复类型 |");
        var r = TestFiles.Run("diff", dir.File("page.md", text), Spec("comment/replycomment.yaml"));
        Assert.Equal(1, r.Exit);
        Assert.Equal("request.index: required false → true\nrequest.reply_type: added on the page (string)\n", r.Out.Replace("\r\n", "\n"));
    }

    [Fact]
    public void Bad_inputs_exit_2_with_a_message()
    {
        var missing = TestFiles.Run("diff", TestFiles.Page("replycomment.md"), "/no/such/spec.yaml");
        Assert.Equal(2, missing.Exit);
        Assert.Contains("does not exist", missing.Err);

        using var dir = new TestFiles.TempDir();
        var broken = dir.File("broken.yaml", File.ReadAllText(Spec("comment/replycomment.yaml")).Replace("method: POST", "method: PATCH"));
        var errors = TestFiles.Run("diff", TestFiles.Page("replycomment.md"), broken);
        Assert.Equal(2, errors.Exit);
        Assert.Contains("error WXC009", errors.Err);

        var notAPage = TestFiles.Run("diff", dir.File("readme.md", "# Readme\n\ntext\n"), Spec("comment/replycomment.yaml"));
        Assert.Equal(2, notAPage.Exit);
        Assert.Contains("not an official API doc page", notAPage.Err);
        Assert.DoesNotContain("   at ", notAPage.Err);
    }

    private static string Replace(string text, string from, string to)
    {
        Assert.Contains(from, text);
        return text.Replace(from, to);
    }
}
