using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using WxContracts.Cli.Import;
using WxContracts.Specs.Model;
using WxContracts.Specs.Parsing;
using Xunit;

namespace WxContracts.Cli.Tests;

/// <summary>
/// Issue 16: the examples decide the types (and stay in the spec, round-tripping through the generated types),
/// GET pages' URL examples, reused sub-tables, Chinese pages and scope/required mark variants.
/// </summary>
public class ImporterEvidenceTests
{
    public static readonly string[] Pages = { "replycomment.md", "getCurrentAutoreplyInfo.md", "zh/replycomment.md", "zh/getCurrentAutoreplyInfo.md" };

    public static IEnumerable<object[]> AllPages() => Pages.Select(p => new object[] { p });

    private static readonly string Reply = TestFiles.PageText("replycomment.md").Replace("\r\n", "\n");

    /// <summary>A hand-made GET page in the official layout, written for these tests.</summary>
    private const string TagPage = """
        # Get the tags
        Interface should be called on the server side, not in the front end directly called
        Interface English name: getTagList
        Gets the tags of the account.
        # 1. How to call
        # HTTPS calls
        GET https://api.weixin.qq.com/cgi-bin/tags/list?access_token=ACCESS_TOKEN
        # Cloud Calls
        - This interface does not support cloud calls
        # Third party invocation
        This interface supports Third Party Platform generation business call.
        The permission set id to which the interface belongs is: 2
        # 2. Request parameters
        # Query parametersQuery String parameters
        Parameter Name | type | Required to fill in | Introductions |
        ---|---|---|---|
        access_token | string | yes | Interface invocation credentials |
        begin | number | yes | Where to start |
        count | number | no | How many to return |
        # Request BodyRequest Payload
        nothing
        # 3. Return Parameters
        # Response Payload
        Parameter Name | type | Introductions |
        ---|---|---|
        total | number | Number of tags |
        first | object | The first tag |
        last | object | The last tag |
        # Res.firstObject Payload
        The first tag
        Parameter Name | type | Introductions |
        ---|---|---|
        tag_id | number | Tag id |
        name | string | Tag name |
        fans | number | Followers with the tag |
        # 4. Note
        There are no special considerations for this interface
        # 5. Code examples
        Example Requests
        GET https://api.weixin.qq.com/cgi-bin/tags/list?access_token=ACCESS_TOKEN&begin=0&count=10
        Return an example
        {
        "total": 2,
        "first": {"tag_id": 100, "name": "star", "fans": 3},
        "last": {"tag_id": 101, "name": "new", "fans": 0}
        }
        # 6. Error code
        Error code | Error Description | Solutions |
        ---|---|---|
        45157 | invalid tag name | Use another name |
        # 7. Scope of application
        Official Account | Service Account |
        ---|---|
        ✔ | ✔ |
        """;

    private static string Edit(string page, string from, string to)
    {
        Assert.Contains(from, page);
        return page.Replace(from, to);
    }

    /// <summary>Imports with no problems, the output passes the spec checks, and its examples round-trip through
    /// the types the generator makes of it.</summary>
    private static (EndpointSpec Spec, string Yaml) ImportClean(string page)
    {
        var outcome = ImportCommand.ImportText(page, "page.md");
        Assert.True(outcome.Problems.Count == 0, string.Join("\n", outcome.Problems));
        var parsed = SpecParser.Parse("imported.yaml", outcome.Yaml!);
        Assert.True(parsed.Diagnostics.Count == 0, string.Join("\n", parsed.Diagnostics) + "\n" + outcome.Yaml);
        var spec = parsed.Endpoint!;
        Assert.NotNull(spec.Examples.Response); // the examples stay
        Assert.NotNull(spec.Examples.Request);
        RoundTrip(spec, outcome.Yaml!);
        return (spec, outcome.Yaml!);
    }

    private static void RoundTrip(EndpointSpec spec, string yaml)
    {
        var assembly = GeneratedTypes.Build(yaml);
        GeneratedTypes.RoundTrip(assembly, spec.Name + "Response", spec.Examples.Response!);
        if (spec.Request is not null || spec.Query.Count > 0)
        {
            GeneratedTypes.RoundTrip(assembly, spec.Name + "Request", spec.Examples.Request!);
        }
        else
        {
            Assert.True(JsonNode.DeepEquals(new JsonObject(), JsonNode.Parse(spec.Examples.Request!)));
        }
    }

    private static FieldSpec Field(IEnumerable<FieldSpec> fields, string path)
    {
        var parts = path.Split('.');
        var field = fields.Single(f => f.WireName == parts[0]);
        return parts.Length == 1 ? field : Field(field.Object!.Fields, string.Join(".", parts.Skip(1)));
    }

    private static bool MarkedAbove(string yaml, string line, string review)
    {
        var lines = yaml.Split('\n');
        var i = Array.FindIndex(lines, l => l.Trim() == line);
        Assert.True(i > 0, $"'{line}' not in the output");
        for (var j = i - 1; j >= 0 && lines[j].TrimStart().StartsWith("# review:", StringComparison.Ordinal); j--)
        {
            if (lines[j].Contains(review, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    // The four pages.

    [Theory]
    [MemberData(nameof(AllPages))]
    public void Each_page_imports_with_no_problems_and_its_examples_round_trip_through_the_generated_types(string page)
    {
        var (spec, _) = ImportClean(TestFiles.PageText(page));
        Assert.NotEmpty(spec.Errors);
    }

    [Theory]
    [InlineData("replycomment.md")]
    [InlineData("getCurrentAutoreplyInfo.md")]
    public void The_english_and_chinese_pages_give_the_same_model(string page)
    {
        var en = ImportClean(TestFiles.PageText(page)).Spec;
        var zh = ImportClean(TestFiles.PageText("zh/" + page)).Spec;
        Assert.NotEqual(en.Title, zh.Title); // the pages really are in two languages
        Assert.Equal(Model(en), Model(zh));
    }

    [Fact]
    public void The_model_comparison_sees_a_changed_field()
    {
        var en = ImportClean(TestFiles.PageText("replycomment.md")).Spec;
        var changed = ImportClean(Edit(TestFiles.PageText("zh/replycomment.md"), "index | number | 否 |", "index | number | 是 |")).Spec;
        Assert.NotEqual(Model(en), Model(changed));
    }

    /// <summary>Everything but description text: titles, summaries, notes, descriptions, the Example column, the
    /// error description column (the Chinese page describes code 0 in Chinese there) and solutions, enum member
    /// names made from descriptions, examples.normalized.</summary>
    private static List<string> Model(EndpointSpec spec)
    {
        var lines = new List<string>
        {
            $"name={spec.Name} interface={spec.Interface} group={spec.Group} operation={spec.Operation}",
            $"call={spec.Call.HttpMethod} {spec.Call.Url} {spec.Call.Credential} serverSideOnly={spec.Call.ServerSideOnly} idempotent={spec.Call.Idempotent} cloud={spec.Call.CloudCall} sets=[{string.Join(",", spec.Call.PermissionSets)}]",
            $"request={(spec.Request is null ? "none" : spec.Request.TypeName)} scope={spec.Scope}",
            "errors=" + string.Join(",", spec.Errors.Select(e => e.Code)), // member names come from the error description column
            "request example=" + JsonNode.Parse(spec.Examples.Request ?? "null")?.ToJsonString(),
            "response example=" + JsonNode.Parse(spec.Examples.Response ?? "null")?.ToJsonString(),
        };
        lines.AddRange(spec.Enums.Select(e => $"enum {e.Name} number={e.IsNumber}: {string.Join(",", e.Values.Select(v => v.Wire))}"));

        void Fields(string path, IEnumerable<FieldSpec> fields)
        {
            foreach (var f in fields)
            {
                lines.Add($"{path}.{f.WireName}: {f.PropertyName} {f.Kind} items={f.ItemKind} {f.Format} nos={f.NumberOrString} required={f.Required} enum={f.EnumName} type={f.Object?.TypeName}");
                if (f.Object is not null)
                {
                    Fields(path + "." + f.WireName, f.Object.Fields);
                }
            }
        }

        Fields("query", spec.Query);
        Fields("request", spec.Request?.Fields ?? EquatableArray<FieldSpec>.Empty);
        Fields("response", spec.Response.Fields);
        return lines;
    }

    // Evidence decides the types.

    [Fact]
    public void Array_items_numbers_from_the_example_column_and_the_examples()
    {
        var page = Edit(Reply, "content | string | yes | Response content |", "content | string | yes | Response content |\nsizes | array | no | Sizes |");
        page = Edit(page, "\"content\": \"内容\"", "\"content\": \"内容\",\n\"sizes\": [128,2]");
        var (spec, yaml) = ImportClean(page);
        var sizes = Field(spec.Request!.Fields, "sizes");
        Assert.Equal((FieldKind.Array, FieldKind.Number), (sizes.Kind, sizes.ItemKind));
        Assert.True(MarkedAbove(yaml, "- name: sizes", "item type number: the examples show 128, 2 (the page gives only 'array')"));
        Assert.DoesNotContain("string assumed", yaml);

        // The same from the table's Example column alone (the response example does not show the field).
        var withColumn = Edit(TestFiles.PageText("getCurrentAutoreplyInfo.md").Replace("\r\n", "\n"),
            "content | string | Sample text | For text types, content is text content, and for graphic, picture, voice, video types, content is mediaID | - |\nmatch_mode",
            "content | string | Sample text | For text types, content is text content, and for graphic, picture, voice, video types, content is mediaID | - |\nweights | array | [128,2] | Weights | - |\nmatch_mode");
        var keyword = ImportClean(withColumn).Spec;
        var weights = Field(keyword.Response.Fields, "keyword_autoreply_info.list.keyword_list_info.weights");
        Assert.Equal(FieldKind.Number, weights.ItemKind);
    }

    [Fact]
    public void Table_says_array_of_string_the_examples_send_numbers_and_win()
    {
        var page = Edit(Reply, "content | string | yes | Response content |", "content | string | yes | Response content |\nsizes | array<string> | no | Sizes |");
        page = Edit(page, "\"content\": \"内容\"", "\"content\": \"内容\",\n\"sizes\": [3000000000, 2]");
        var (spec, yaml) = ImportClean(page);
        var sizes = Field(spec.Request!.Fields, "sizes");
        Assert.Equal((FieldKind.Number, NumberFormat.Int64), (sizes.ItemKind, sizes.Format));
        Assert.True(MarkedAbove(yaml, "- name: sizes", "the table says an array of string, the examples show 3000000000, 2: number (the examples won)"));
    }

    [Fact]
    public void Int64_by_value_double_by_fraction_and_int64_by_timestamp_name()
    {
        var page = Edit(Reply, "content | string | yes | Response content |",
            "content | string | yes | Response content |\ncount | number | no | A count |\nscore | number | no | A score |\nupdate_timestamp | number | no | When |");
        page = Edit(page, "\"content\": \"内容\"", "\"content\": \"内容\",\n\"count\": 2247483664,\n\"score\": 4.5,\n\"update_timestamp\": 1700000000");
        var (spec, yaml) = ImportClean(page);
        Assert.Equal(NumberFormat.Int64, Field(spec.Request!.Fields, "count").Format);
        Assert.True(MarkedAbove(yaml, "- name: count", "int64: the example value 2247483664 is beyond 2^31"));
        Assert.False(MarkedAbove(yaml, "- name: count", "int32 assumed"));
        Assert.Equal(NumberFormat.Double, Field(spec.Request.Fields, "score").Format);
        Assert.True(MarkedAbove(yaml, "- name: score", "double: the example value 4.5 is not an integer"));
        Assert.Equal(NumberFormat.Int64, Field(spec.Request.Fields, "update_timestamp").Format);
        Assert.True(MarkedAbove(yaml, "- name: update_timestamp", "a time: int64 (Unix seconds) assumed"));

        // index keeps its guess: the example's 0 fits int32, and the guess stays marked.
        Assert.Equal(NumberFormat.Int32, Field(spec.Request.Fields, "index").Format);
        Assert.True(MarkedAbove(yaml, "- name: index", "int32 assumed"));
    }

    [Fact]
    public void A_numeric_string_in_a_number_column_is_number_or_string_and_the_example_is_kept()
    {
        // The issue's case: before, the importer guessed int32 and then dropped the example that sent "1".
        var page = Edit(Reply, "content | string | yes | Response content |", "content | string | yes | Response content |\nmsg_type | number | no | Kind |");
        page = Edit(page, "\"content\": \"内容\"", "\"content\": \"内容\",\n\"msg_type\": \"1\"");
        var (spec, yaml) = ImportClean(page);
        var type = Field(spec.Request!.Fields, "msg_type");
        Assert.Equal((FieldKind.Number, true), (type.Kind, type.NumberOrString));
        Assert.True(MarkedAbove(yaml, "- name: msg_type", "the examples send this number as a string (\"1\"): number_or_string"));
        Assert.Contains("\"msg_type\": 1", spec.Examples.Request);
        Assert.Contains(spec.Examples.Normalized, n => n.Contains("msg_type \"1\" as string(s)"));
    }

    [Fact]
    public void Text_in_a_number_column_makes_a_string_and_numbers_in_a_string_column_make_a_number()
    {
        var page = Edit(Reply, "content | string | yes | Response content |", "content | string | yes | Response content |\nlabel | number | no | A label |\nlevel | string | no | A level |");
        page = Edit(page, "\"content\": \"内容\"", "\"content\": \"内容\",\n\"label\": \"gold\",\n\"level\": 3");
        var (spec, yaml) = ImportClean(page);
        Assert.Equal(FieldKind.String, Field(spec.Request!.Fields, "label").Kind);
        Assert.True(MarkedAbove(yaml, "- name: label", "the table says number, the examples send text (\"gold\"): string (the examples won)"));
        var level = Field(spec.Request.Fields, "level");
        Assert.Equal((FieldKind.Number, true), (level.Kind, level.NumberOrString));
        Assert.True(MarkedAbove(yaml, "- name: level", "the table says string, the examples send numbers (3)"));
    }

    [Fact]
    public void Example_properties_the_table_lacks_are_added_and_omitted_required_fields_become_optional()
    {
        var page = Edit(Reply, "\"index\": 0,", "\"index\": 0,\n\"reply_to\": {\"openid\": \"OPENID\", \"at\": [1, 2]},");
        page = Edit(page, "\"user_comment_id\": COMMENT_ID,\n", string.Empty);
        var (spec, yaml) = ImportClean(page);
        var replyTo = Field(spec.Request!.Fields, "reply_to");
        Assert.Equal(FieldKind.Object, replyTo.Kind);
        Assert.Equal(FieldKind.Number, Field(replyTo.Object!.Fields, "at").ItemKind);
        Assert.True(MarkedAbove(yaml, "- name: reply_to", "the table does not list 'reply_to'; the request example has it: added with the type of its value (object)"));
        Assert.False(Field(spec.Request.Fields, "user_comment_id").Required);
        Assert.True(MarkedAbove(yaml, "- name: user_comment_id", "the table says required, the request example omits it"));
    }

    [Fact]
    public void An_example_value_the_enum_column_does_not_list_is_added_to_the_enum()
    {
        var page = Edit(TestFiles.PageText("getCurrentAutoreplyInfo.md").Replace("\r\n", "\n"), "\"type\": \"voice\",", "\"type\": \"music\",");
        var (spec, yaml) = ImportClean(page);
        var type = Field(spec.Response.Fields, "keyword_autoreply_info.list.reply_list_info.type");
        Assert.Contains("music", spec.Enums.Single(e => e.Name == type.EnumName).Values.Select(v => v.Wire));
        Assert.Contains("the examples use music, which the page's values (text img voice video news) do not list: added (the examples won)", yaml);
    }

    // GET request examples.

    [Fact]
    public void A_get_url_example_is_the_request_example_and_its_parameters_are_checked()
    {
        var (spec, yaml) = ImportClean(TagPage);
        Assert.Equal("{}", spec.Examples.Request);
        Assert.Contains(spec.Examples.Normalized, n => n.Contains("is the call URL (GET https://api.weixin.qq.com/cgi-bin/tags/list?access_token=ACCESS_TOKEN&begin=0&count=10)"));
        Assert.DoesNotContain("review: the query table", yaml); // begin and count are both passed

        var missing = ImportClean(Edit(TagPage, "&begin=0&count=10", "&count=10&offset=5"));
        Assert.True(MarkedAbove(missing.Yaml, "- name: begin", "the query table says required, but the example URL does not pass it"));
        Assert.True(MarkedAbove(missing.Yaml, "- name: offset", "the query table does not list 'offset'; the example URL passes it (offset=5)"));
        Assert.Equal(FieldKind.String, missing.Spec.Query.Single(f => f.WireName == "offset").Kind);
    }

    [Fact]
    public void A_get_url_example_is_not_reported_as_json()
    {
        var outcome = ImportCommand.ImportText(TagPage, null);
        Assert.DoesNotContain(outcome.Problems, p => p.Message.Contains("JSON"));
    }

    // Reused sub-tables.

    [Fact]
    public void An_object_without_a_section_reuses_the_table_with_the_same_fields()
    {
        var (spec, yaml) = ImportClean(TagPage);
        var first = Field(spec.Response.Fields, "first");
        var last = Field(spec.Response.Fields, "last");
        Assert.Equal(first.Object!.Fields.Select(f => (f.WireName, f.Kind, f.Format, f.Description)), last.Object!.Fields.Select(f => (f.WireName, f.Kind, f.Format, f.Description)));
        Assert.True(MarkedAbove(yaml, "- name: last", "the page has no section '# Res.lastObject Payload'; the example gives it the fields of Res.first (tag_id, name, fans), whose table is reused"));

        // One generated type, not two: both fields use one shared type, and the table is written once.
        Assert.True(first.IsShared);
        Assert.Equal(first.Ref, last.Ref);
        Assert.Same(first.Object, spec.Types.Single(t => t.TypeName == first.Ref));
        Assert.Contains("ref: " + first.Ref, yaml, StringComparison.Ordinal);
        Assert.Equal(1, yaml.Split("- name: tag_id").Length - 1);
        Assert.True(MarkedAbove(yaml, "- name: last", "both use the shared type " + first.Ref));
    }

    [Fact]
    public void A_reused_table_that_the_examples_change_is_written_twice_with_the_difference()
    {
        // The last object's example sends a fraction for fans: its table now says double, first's says int32.
        var (spec, yaml) = ImportClean(Edit(TagPage, "\"last\": {\"tag_id\": 101, \"name\": \"new\", \"fans\": 0}", "\"last\": {\"tag_id\": 101, \"name\": \"new\", \"fans\": 0.5}"));
        Assert.False(Field(spec.Response.Fields, "last").IsShared);
        Assert.Empty(spec.Types);
        Assert.True(MarkedAbove(yaml, "- name: last", "the examples made this table differ from Res.first's (field fans): both are written out and generated separately"));
    }

    [Fact]
    public void An_object_without_a_section_and_no_matching_table_takes_its_fields_from_the_example_or_is_a_problem()
    {
        var other = Edit(TagPage, "\"last\": {\"tag_id\": 101, \"name\": \"new\", \"fans\": 0}", "\"last\": {\"colour\": \"red\"}");
        var (spec, yaml) = ImportClean(other);
        Assert.Equal(new[] { "colour" }, Field(spec.Response.Fields, "last").Object!.Fields.Select(f => f.WireName));
        Assert.True(MarkedAbove(yaml, "- name: last", "the page has no section '# Res.lastObject Payload' and no other table has its fields; fields read from the example: colour"));

        var none = ImportCommand.ImportText(Edit(TagPage, ",\n\"last\": {\"tag_id\": 101, \"name\": \"new\", \"fans\": 0}", string.Empty), null);
        Assert.Contains(none.Problems, p => p.Message.Contains("object field 'last' has no section with its table (expected a heading like '# Res.lastObject Payload') and no example shows its fields"));
        Assert.Contains("# review: the page has no table for this object ('# Res.lastObject Payload') and no example shows it; its fields are missing", none.Yaml);
    }

    // Chinese words and mark variants.

    [Theory]
    [InlineData("✔", "Allowed")]
    [InlineData("✓", "Allowed")]
    [InlineData("√", "Allowed")]
    [InlineData("✔️", "Allowed")]
    [InlineData("✅", "Allowed")]
    [InlineData("仅认证", "CertifiedOnly")]
    [InlineData("Certification only", "CertifiedOnly")]
    [InlineData("✘", "NotAllowed")]
    [InlineData("×", "NotAllowed")]
    [InlineData("-", "NotAllowed")]
    public void Scope_mark_variants(string mark, string access)
    {
        var spec = ImportClean(Edit(TagPage, "✔ | ✔ |", $"{mark} | ✔ |")).Spec;
        Assert.Equal(access, spec.Scope.OfficialAccount.ToString());
        Assert.Equal(AccountAccess.Allowed, spec.Scope.ServiceAccount);
    }

    [Fact]
    public void An_unknown_scope_mark_is_a_problem()
    {
        var outcome = ImportCommand.ImportText(Edit(TagPage, "✔ | ✔ |", "maybe | ✔ |"), null);
        Assert.Contains(outcome.Problems, p => p.Message.Contains("unknown scope mark 'maybe'"));
    }

    [Theory]
    [InlineData("是", true)]
    [InlineData("否", false)]
    [InlineData("✔", true)]
    [InlineData("Yes", true)]
    [InlineData("", false)]
    public void Required_column_variants(string mark, bool required)
    {
        var spec = ImportClean(Edit(TagPage, "count | number | no |", $"count | number | {mark} |")).Spec;
        Assert.Equal(required, spec.Query.Single(f => f.WireName == "count").Required);
    }

    [Fact]
    public void A_hand_made_page_in_chinese_reads_like_the_english_one()
    {
        var zh = TagPage
            .Replace("Interface should be called on the server side, not in the front end directly called", "接口应在服务器端调用，不可在前端直接调用。")
            .Replace("Interface English name: getTagList", "接口英文名：getTagList")
            .Replace("# 1. How to call", "# 1. 调用方式").Replace("# HTTPS calls", "# HTTPS 调用").Replace("# Cloud Calls", "# 云调用")
            .Replace("- This interface does not support cloud calls", "- 本接口不支持云调用。").Replace("# Third party invocation", "# 第三方调用")
            .Replace("This interface supports Third Party Platform generation business call.", "本接口支持第三方平台代商家调用。")
            .Replace("The permission set id to which the interface belongs is: 2", "该接口所属的权限集 id 为：2")
            .Replace("# 2. Request parameters", "# 2. 请求参数").Replace("# Query parametersQuery String parameters", "# 查询参数 Query String parameters")
            .Replace("Parameter Name | type | Required to fill in | Introductions |", "参数名 | 类型 | 必填 | 说明 |")
            .Replace("| yes |", "| 是 |").Replace("| no |", "| 否 |")
            .Replace("# Request BodyRequest Payload\nnothing", "# 请求体 Request Payload\n无")
            .Replace("# 3. Return Parameters", "# 3. 返回参数").Replace("# Response Payload", "# 返回体 Response Payload")
            .Replace("Parameter Name | type | Introductions |", "属性 | 类型 | 说明 |")
            .Replace("# 4. Note", "# 4. 注意事项").Replace("# 5. Code examples", "# 5. 代码示例")
            .Replace("Example Requests", "请求示例").Replace("Return an example", "返回示例").Replace("# 6. Error code", "# 6. 错误码")
            .Replace("Error code | Error Description | Solutions |", "错误码 | 错误描述 | 解决方案 |")
            .Replace("# 7. Scope of application", "# 7. 适用范围").Replace("Official Account | Service Account |", "公众号 | 服务号 |");
        Assert.DoesNotContain("Request parameters", zh);
        Assert.Equal(Model(ImportClean(TagPage).Spec), Model(ImportClean(zh).Spec));
    }
}
