using System;
using System.Collections.Generic;
using System.Linq;
using WxContracts.Cli.Import;
using WxContracts.Specs.Model;
using WxContracts.Specs.Parsing;
using Xunit;

namespace WxContracts.Cli.Tests;

/// <summary>One test per kind of section or table the importer reads, and malformed pages.</summary>
public class ImporterTests
{
    private static readonly string Reply = TestFiles.PageText("replycomment.md").Replace("\r\n", "\n");
    private static readonly string AutoReply = TestFiles.PageText("getCurrentAutoreplyInfo.md").Replace("\r\n", "\n");

    private static string Edit(string page, string from, string to)
    {
        Assert.Contains(from, page);
        return page.Replace(from, to);
    }

    /// <summary>Imports, asserts the output passes the parser, and returns the model and the problems.</summary>
    private static (EndpointSpec Spec, IReadOnlyList<ImportProblem> Problems, string Yaml) Import(string page)
    {
        var outcome = ImportCommand.ImportText(page, "page.md");
        Assert.NotNull(outcome.Yaml);
        var parsed = SpecParser.Parse("imported.yaml", outcome.Yaml!);
        Assert.Empty(parsed.Diagnostics);
        Assert.DoesNotContain(outcome.Problems, p => p.Message.Contains("does not pass the spec checks"));
        return (parsed.Endpoint!, outcome.Problems, outcome.Yaml!);
    }

    private static int LineOf(string page, string text) =>
        page.Substring(0, page.IndexOf(text, StringComparison.Ordinal)).Count(c => c == '\n') + 1;

    [Fact]
    public void Https_call_line_gives_method_url_without_query_and_credential()
    {
        var spec = Import(Edit(Reply, "POST https://api.weixin.qq.com/cgi-bin/comment/reply/add?access_token=ACCESS_TOKEN", "GET https://api.weixin.qq.com/cgi-bin/comment/x?access_token=ACCESS_TOKEN")).Spec;
        Assert.Equal("GET", spec.Call.HttpMethod);
        Assert.Equal("https://api.weixin.qq.com/cgi-bin/comment/x", spec.Call.Url);
        Assert.Equal(Credential.AccessToken, spec.Call.Credential);
        Assert.True(spec.Call.Idempotent);
        Assert.True(spec.Call.ServerSideOnly);
    }

    [Fact]
    public void Cloud_call_line_and_not_supported()
    {
        Assert.Equal("officialAccount.comment.reply", Import(Reply).Spec.Call.CloudCall);
        var none = Import(Edit(Reply, "Call method: officialAccount.comment.reply", "- This interface does not support cloud calls")).Spec;
        Assert.Null(none.Call.CloudCall);
        Assert.Contains("cloud_call: not_supported", ImportCommand.ImportText(AutoReply, null).Yaml);
    }

    [Fact]
    public void Third_party_permission_sets_one_or_several()
    {
        Assert.Equal(new[] { 7 }, Import(Reply).Spec.Call.PermissionSets);
        Assert.Equal(new[] { 1, 3, 15 }, Import(AutoReply).Spec.Call.PermissionSets);
    }

    [Fact]
    public void Query_request_and_response_tables_with_required_column()
    {
        var spec = Import(Reply).Spec;
        Assert.Empty(spec.Query); // only access_token, which the runtime passes
        Assert.Equal(new[] { "msg_data_id", "index", "user_comment_id", "content" }, spec.Request!.Fields.Select(f => f.WireName));
        Assert.Equal(new[] { true, false, true, true }, spec.Request.Fields.Select(f => f.Required));
        Assert.Empty(spec.Response.Fields); // errcode/errmsg are the envelope
    }

    [Fact]
    public void Request_body_nothing_gives_no_request_class()
    {
        Assert.Null(Import(AutoReply).Spec.Request);
    }

    [Fact]
    public void Nested_payload_sections_attach_at_their_path_through_arrays()
    {
        var spec = Import(AutoReply).Spec;
        var list = spec.Response.Fields.Single(f => f.WireName == "keyword_autoreply_info").Object!.Fields.Single(f => f.WireName == "list");
        Assert.Equal(FieldKind.ObjectArray, list.Kind);
        var news = list.Object!.Fields.Single(f => f.WireName == "reply_list_info").Object!.Fields.Single(f => f.WireName == "news_info");
        Assert.Equal(FieldKind.Object, news.Kind);
        Assert.Equal(7, news.Object!.Fields.Single(f => f.WireName == "list").Object!.Fields.Count);
    }

    [Fact]
    public void To_enumerate_column_becomes_a_shared_enum_and_a_narrower_list_gets_the_wider_enum()
    {
        var (spec, _, yaml) = Import(AutoReply);
        var add = spec.Response.Fields.Single(f => f.WireName == "add_friend_autoreply_info").Object!.Fields.Single(f => f.WireName == "type");
        var keyword = spec.Response.Fields.Single(f => f.WireName == "keyword_autoreply_info").Object!.Fields[0].Object!.Fields.Single(f => f.WireName == "keyword_list_info").Object!.Fields.Single(f => f.WireName == "type");
        Assert.Equal(add.EnumName, keyword.EnumName);
        Assert.Equal(new[] { "text", "img", "voice", "video", "news" }, spec.Enums.Single(e => e.Name == add.EnumName).Values.Select(v => v.Wire));
        Assert.Contains("# review: the page lists text img voice video here and more for another 'type'", yaml);
    }

    [Fact]
    public void Values_stated_in_a_description_become_a_number_enum_marked_for_review()
    {
        var (spec, _, yaml) = Import(AutoReply);
        var open = spec.Response.Fields.Single(f => f.WireName == "is_autoreply_open");
        var e = spec.Enums.Single(x => x.Name == open.EnumName);
        Assert.True(e.IsNumber);
        Assert.Equal(new[] { ("0", "NotTurnedOn"), ("1", "TurnedOn") }, e.Values.Select(v => (v.Wire, v.MemberName)));
        Assert.Contains("# review: values read from the description", yaml);
    }

    [Fact]
    public void Error_code_table_gives_codes_errmsg_and_solutions()
    {
        var spec = Import(Reply).Spec;
        Assert.Equal(new[] { 45009, 88000, 88001, 88005, 88007, 88008 }, spec.Errors.Select(e => e.Code));
        Assert.Equal("already reply", spec.Errors.Single(e => e.Code == 88005).ErrMsg);
        Assert.Equal("I've already replied", spec.Errors.Single(e => e.Code == 88005).Solution);
    }

    [Theory]
    [InlineData("✔ | ✔ |", "Allowed", "Allowed")]
    [InlineData("Certification only | Certification only |", "CertifiedOnly", "CertifiedOnly")]
    [InlineData("✔ |  |", "Allowed", "NotAllowed")]
    public void Scope_table_marks(string row, string official, string service)
    {
        var spec = Import(Edit(Reply, "Certification only | Certification only |", row)).Spec;
        Assert.Equal((official, service), (spec.Scope.OfficialAccount.ToString(), spec.Scope.ServiceAccount.ToString()));
    }

    [Fact]
    public void Examples_are_cleaned_comments_broken_urls_placeholders_and_recorded()
    {
        var (spec, _, _) = Import(AutoReply);
        Assert.Contains("KQb_w_Tiz-nSdVLoTV35Psmty8hGBulGhEdbb9SKs-o", spec.Examples.Response);
        Assert.Contains("mmbiz/GE7et87vE9vicuCibqXsX9GPPLuEtBfXfKbE8sWdt2DDcL0dMfQWJWTVn1N8DxI0gcRmrtqBOuwQHeuPKmFLK0ZQ/0\"", spec.Examples.Response);
        Assert.DoesNotContain("//此处", spec.Examples.Response);
        Assert.Contains(spec.Examples.Normalized, n => n.Contains("`//` comment"));
        Assert.Contains(spec.Examples.Normalized, n => n.Contains("broken across lines"));

        var reply = Import(Reply).Spec;
        Assert.DoesNotContain("MSG_DATA_ID", reply.Examples.Request);
        Assert.Contains(reply.Examples.Normalized, n => n.Contains("MSG_DATA_ID (msg_data_id → 1)"));
    }

    [Fact]
    public void Trailing_commas_and_elided_list_items_are_repaired()
    {
        var page = Edit(Reply, "\"content\": \"内容\"\n}", "\"content\": \"内容\",\n}");
        page = Edit(page, "\"errmsg\" : \"\"\n}", "\"errmsg\" : \"\",\n\"list\": [\"A\", \"B\",...,\"Z\"]\n}");
        page = Edit(page, "errmsg | string | Error message |", "errmsg | string | Error message |\nlist | array | Items |");
        var (spec, problems, _) = Import(page);
        Assert.Empty(problems);
        Assert.Contains("\"Z\"", spec.Examples.Response);
        Assert.Contains(spec.Examples.Normalized, n => n.Contains("Trailing commas"));
        Assert.Contains(spec.Examples.Normalized, n => n.Contains("'...'"));
    }

    // Malformed pages: each problem is reported with its page line; the rest is still imported.

    [Fact]
    public void Missing_section_is_reported_and_the_rest_imported()
    {
        var page = Edit(Reply, "# Response Payload\nParameter Name | type | Introductions |\n---|---|---|\nerrcode | number | Error code |\nerrmsg | string | Error message |\n", string.Empty);
        var (spec, problems, _) = Import(page);
        Assert.Contains(problems, p => p.Message.Contains("'# Response Payload'") && p.Message.Contains("missing"));
        Assert.Equal(4, spec.Request!.Fields.Count);
    }

    [Fact]
    public void Broken_table_row_is_reported_at_its_line()
    {
        var page = Edit(Reply, "index | number | no | Multitext", "index | number | Multitext");
        var (_, problems, _) = Import(page);
        var p = Assert.Single(problems);
        Assert.Equal(LineOf(page, "index | number | Multitext"), p.Line);
        Assert.Contains("3 cell(s), the header has 4", p.Message);
    }

    [Fact]
    public void Missing_table_separator_is_reported()
    {
        var page = Edit(Reply, "Parameter Name | type | Introductions |\n---|---|---|\n", "Parameter Name | type | Introductions |\n");
        Assert.Contains(Import(page).Problems, p => p.Message.Contains("separator row"));
    }

    [Fact]
    public void Unknown_type_is_reported_and_written_as_string_for_review()
    {
        var page = Edit(Reply, "content | string | yes | Response content", "content | text64 | yes | Response content");
        var (spec, problems, yaml) = Import(page);
        var p = Assert.Single(problems);
        Assert.Equal(LineOf(page, "content | text64"), p.Line);
        Assert.Contains("unknown type 'text64'", p.Message);
        Assert.Equal(FieldKind.String, spec.Request!.Fields.Single(f => f.WireName == "content").Kind);
        Assert.Contains("# review: unknown type 'text64'", yaml);
    }

    [Fact]
    public void Nested_section_for_a_field_that_does_not_exist_is_reported()
    {
        var page = Edit(AutoReply, "# Res.message_default_autoreply_infoObject Payload", "# Res.message_default_reply_infoObject Payload");
        var (spec, problems, yaml) = Import(page);
        Assert.Contains(problems, p => p.Line == LineOf(page, "# Res.message_default_reply_infoObject") && p.Message.Contains("'message_default_reply_info'"));

        // The object left without a section has the fields of another section in the example: that table is reused.
        var reused = spec.Response.Fields.Single(f => f.WireName == "message_default_autoreply_info");
        Assert.Equal(new[] { "type", "content" }, reused.Object!.Fields.Select(f => f.WireName));
        Assert.Contains("# review: the page has no section '# Res.message_default_autoreply_infoObject Payload'; the example gives it the fields of Res.add_friend_autoreply_info (type, content)", yaml);
    }

    [Fact]
    public void Example_that_cannot_be_repaired_is_reported_and_left_out()
    {
        var page = Edit(Reply, "\"index\": 0,", "\"index\": 0,,");
        var (spec, problems, _) = Import(page);
        Assert.Contains(problems, p => p.Message.Contains("request example to be JSON"));
        Assert.Null(spec.Examples.Request);
        Assert.NotNull(spec.Examples.Response);
    }

    [Fact]
    public void Unknown_section_and_missing_interface_name_are_reported()
    {
        var page = Edit(Reply, "Interface English name: replycomment\n", string.Empty);
        page = Edit(page, "# 4. Note", "# 4b. Remarks");
        var problems = ImportCommand.ImportText(page, null).Problems;
        Assert.Contains(problems, p => p.Message.Contains("'Interface name: …'"));
        Assert.Contains(problems, p => p.Message.Contains("unknown section '4b. Remarks'"));
    }

    [Fact]
    public void A_page_in_another_layout_imports_nothing()
    {
        var outcome = ImportCommand.ImportText("# Release notes\n\nVersion 2 fixes bugs.\n", null);
        Assert.Null(outcome.Yaml);
        Assert.Contains("not an official API doc page", Assert.Single(outcome.Problems).Message);
    }

    [Fact]
    public void Random_and_truncated_pages_never_throw_and_always_give_a_valid_spec_or_a_reason()
    {
        var random = new Random(7);
        for (var i = 0; i < 100; i++)
        {
            var cut = Reply.Substring(0, random.Next(0, Reply.Length));
            var noise = new string(Enumerable.Range(0, random.Next(0, 200)).Select(_ => "|#-\n {}\"ab1"[random.Next(0, 11)]).ToArray());
            foreach (var page in new[] { cut, cut + noise, noise })
            {
                var outcome = ImportCommand.ImportText(page, null);
                if (outcome.Yaml is null)
                {
                    Assert.NotEmpty(outcome.Problems); // nothing imported is always explained
                }
                else
                {
                    // Whatever was read, the output is a spec the build accepts.
                    Assert.Empty(SpecParser.Parse("imported.yaml", outcome.Yaml).Diagnostics);
                }
            }
        }
    }
}
