using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace WxContracts.Generator.Tests;

/// <summary>One test per diagnostic: its ID and the exact place in the YAML. Every case also runs
/// <c>wxspec lint</c>'s checks on the same files and asserts they report the same IDs, places and messages.</summary>
public class DiagnosticTests
{
    /// <summary>Runs the generator and the CLI's linter on the same files and asserts identical diagnostics.</summary>
    private static GeneratorRunResult RunBoth(params InMemoryText[] specs)
    {
        var result = Harness.Run(specs);
        var lint = WxContracts.Cli.Lint.SpecLinter.Lint(specs.Select(s => (s.Path, s.GetText()!.ToString())));
        var fromGenerator = result.Diagnostics
            .Where(d => d.Id.StartsWith("WXC", StringComparison.Ordinal))
            .Select(d =>
            {
                var span = d.Location.GetLineSpan();
                return $"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): error {d.Id}: {d.GetMessage()}";
            })
            .OrderBy(x => x, StringComparer.Ordinal);
        var fromLint = lint.Diagnostics.Select(d => d.ToString()).OrderBy(x => x, StringComparer.Ordinal);
        Assert.Equal(fromGenerator, fromLint);
        return result;
    }

    private static GeneratorRunResult RunYaml(string yaml) => RunBoth(new InMemoryText("/specs/test.yaml", yaml));

    internal const string Valid = """
        name: CloseComment
        interface: closecomment
        title: Close comments
        group: Comment
        operation: Close
        call:
          method: POST
          url: https://api.weixin.qq.com/cgi-bin/comment/close
          idempotent: true
        request:
          - name: msg_data_id
            type: number
            format: int64
            required: true
          - name: index
            type: number
        response:
          - name: errcode
            type: number
          - name: errmsg
            type: string
        enums:
          - name: CommentType
            type: number
            values:
              - value: 0
                name: All
              - value: 1
                name: Elected
        errors:
          - code: 88000
            errmsg: without comment privilege
        scope:
          official_account: certified_only
          service_account: certified_only
        examples:
          request: |
            {"msg_data_id": 2247483647, "index": 0}
          response: '{"errcode": 0, "errmsg": "ok"}'
        """;

    /// <summary>Runs the generator on <paramref name="yaml"/> and asserts exactly one diagnostic with the ID,
    /// located where <paramref name="at"/> first occurs in the YAML (or at <paramref name="line"/>/<paramref name="column"/>).</summary>
    private static Diagnostic Expect(string yaml, string id, string? at = null, int occurrence = 1, int? line = null, int? column = null)
    {
        var result = RunYaml(yaml);
        var diagnostics = result.Diagnostics;
        var d = Assert.Single(diagnostics, x => x.Id == id);
        var span = d.Location.GetLineSpan();
        Assert.EndsWith("test.yaml", span.Path);
        if (at is not null)
        {
            var index = -1;
            for (var i = 0; i < occurrence; i++)
            {
                index = yaml.IndexOf(at, index + 1, StringComparison.Ordinal);
            }

            Assert.True(index >= 0, $"'{at}' not in the YAML");
            var before = yaml.Substring(0, index);
            line = before.Count(c => c == '\n');
            column = index - (before.LastIndexOf('\n') + 1);
        }

        Assert.Equal((line!.Value, column!.Value), (span.StartLinePosition.Line, span.StartLinePosition.Character));
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        // An invalid spec generates nothing.
        Assert.Empty(result.GeneratedSources);
        return d;
    }

    private static string Replace(string oldText, string newText)
    {
        Assert.Contains(oldText, Valid);
        return Valid.Replace(oldText, newText);
    }

    [Fact]
    public void The_valid_base_spec_has_no_diagnostics()
    {
        var result = RunYaml(Valid);
        Assert.Empty(result.Diagnostics);
        Assert.Contains(result.GeneratedSources, s => s.HintName == "CloseComment.Endpoint.g.cs");
    }

    [Fact]
    public void WXC001_yaml_syntax_error()
    {
        var d = Expect(Replace("title: Close comments", "title: [Close comments"), "WXC001", "[Close");
        Assert.Contains("YAML syntax error", d.GetMessage());
    }

    [Fact]
    public void WXC001_control_character_found_by_the_fuzzer()
    {
        // Regression: a NUL in a description reached the XML doc comments and broke the generated code (CS1570).
        var d = Expect(Replace("title: Close comments", "title: Close\u0000comments"), "WXC001", "\u0000");
        Assert.Contains("U+0000", d.GetMessage());
    }

    [Fact]
    public void Xml_doc_text_never_carries_characters_xml_cannot_hold() =>
        Assert.Equal("a\uFFFDb\uFFFDc &lt;d&gt; \U0001F600", WxContracts.Generator.Emit.Xml.Escape("a\u0000b\uD800c <d> \U0001F600"));

    [Fact]
    public void WXC002_missing_required_key() =>
        Assert.Contains("'title'", Expect(Replace("title: Close comments\n", string.Empty), "WXC002", "name: CloseComment").GetMessage());

    [Fact]
    public void WXC003_unknown_key() =>
        Assert.Contains("'colour'", Expect(Replace("group: Comment", "group: Comment\ncolour: blue"), "WXC003", "colour").GetMessage());

    [Fact]
    public void WXC003_unknown_key_in_a_field() =>
        Expect(Replace("    format: int64", "    format: int64\n    requird: true"), "WXC003", "requird");

    [Fact]
    public void WXC004_unknown_type() =>
        Assert.Contains("'integer'", Expect(Replace("    type: number\n    format: int64", "    type: integer"), "WXC004", "integer").GetMessage());

    [Fact]
    public void WXC004_unknown_number_format() =>
        Expect(Replace("format: int64", "format: int128"), "WXC004", "int128");

    [Fact]
    public void WXC005_enum_reference_to_an_undefined_enum() =>
        Expect(Replace("  - name: index\n    type: number", "  - name: index\n    type: number\n    enum: Missing"), "WXC005", "Missing");

    [Fact]
    public void WXC005_duplicate_enum_value() =>
        Expect(Replace("      - value: 1\n        name: Elected", "      - value: 0\n        name: Elected"), "WXC005", "0\n        name: Elected");

    [Fact]
    public void WXC005_number_enum_value_that_is_not_an_integer() =>
        Expect(Replace("      - value: 1\n", "      - value: one\n"), "WXC005", "one");

    [Fact]
    public void WXC006_two_specs_define_the_same_csharp_name()
    {
        var other = Valid.Replace("interface: closecomment", "interface: other").Replace("operation: Close", "operation: Other");
        var result = RunBoth(new InMemoryText("/specs/a.yaml", Valid), new InMemoryText("/specs/b.yaml", other), new InMemoryText("/specs/ok.yaml", Valid.Replace("CloseComment", "OpenComment").Replace("operation: Close", "operation: Open").Replace("CommentType", "OpenCommentType")));
        var d = Assert.Single(result.Diagnostics, x => x.Id == "WXC006");
        var span = d.Location.GetLineSpan();
        Assert.Equal("/specs/b.yaml", span.Path);
        Assert.Equal((0, 6), (span.StartLinePosition.Line, span.StartLinePosition.Character));
        Assert.Contains("a.yaml", d.GetMessage());

        // Both clashing specs are skipped; the valid sibling still generates.
        Assert.DoesNotContain(result.GeneratedSources, s => s.HintName.StartsWith("CloseComment", StringComparison.Ordinal));
        Assert.Contains(result.GeneratedSources, s => s.HintName == "OpenComment.Endpoint.g.cs");
        Assert.Contains(result.GeneratedSources, s => s.HintName == "WxApiClient.g.cs");
    }

    [Fact]
    public void WXC006_two_specs_define_the_same_client_method()
    {
        var other = Valid.Replace("CloseComment", "CloseComment2").Replace("CommentType", "CommentType2");
        var result = RunBoth(new InMemoryText("/specs/a.yaml", Valid), new InMemoryText("/specs/b.yaml", other));
        var d = Assert.Single(result.Diagnostics, x => x.Id == "WXC006");
        Assert.Contains("Comment.CloseAsync", d.GetMessage());
        Assert.Equal(4, d.Location.GetLineSpan().StartLinePosition.Line);
    }

    [Fact]
    public void WXC006_two_fields_with_the_same_property_name() =>
        Expect(Replace("  - name: index\n", "  - name: msgDataId\n"), "WXC006", "- name: msg_data_id");

    [Fact]
    public void WXC007_error_code_that_is_not_an_integer() =>
        Expect(Replace("code: 88000", "code: 88k"), "WXC007", "88k");

    [Fact]
    public void WXC007_duplicate_error_code() =>
        Expect(Replace("    errmsg: without comment privilege", "    errmsg: without comment privilege\n  - code: 88000\n    errmsg: again"), "WXC007", "88000", occurrence: 2);

    [Fact]
    public void WXC008_name_that_is_not_a_csharp_identifier() =>
        Expect(Replace("name: CloseComment", "name: Close-Comment"), "WXC008", "Close-Comment");

    [Fact]
    public void WXC008_keyword_as_name() =>
        Expect(Replace("group: Comment", "group: class"), "WXC008", "class");

    [Fact]
    public void WXC009_unsupported_http_method() =>
        Expect(Replace("method: POST", "method: PATCH"), "WXC009", "PATCH");

    [Fact]
    public void WXC010_example_that_is_not_json()
    {
        var d = Expect(Replace("{\"msg_data_id\": 2247483647, \"index\": 0}", "{\"msg_data_id\": MSG_DATA_ID, \"index\": 0}"), "WXC010", "MSG_DATA_ID");
        Assert.Contains("not valid JSON", d.GetMessage());
    }

    [Fact]
    public void WXC010_example_with_a_comment() =>
        Expect(Replace("\"index\": 0}", "\"index\": 0 // first\n    }"), "WXC010", "// first");

    [Fact]
    public void WXC011_example_with_a_field_the_table_does_not_list() =>
        Assert.Contains("'request.idx'", Expect(Replace("\"index\": 0}", "\"idx\": 0}"), "WXC011", "\"idx\"").GetMessage());

    [Fact]
    public void WXC011_example_with_the_wrong_json_type() =>
        Expect(Replace("\"index\": 0}", "\"index\": \"0\"}"), "WXC011", "\"0\"");

    [Fact]
    public void WXC011_example_missing_a_required_field() =>
        Expect(Replace("{\"msg_data_id\": 2247483647, \"index\": 0}", "{\"index\": 0}"), "WXC011", "{\"index\": 0}");

    [Fact]
    public void WXC011_example_number_that_does_not_fit_the_format() =>
        Expect(Replace("format: int64", "format: int32").Replace("2247483647", "2247483648"), "WXC011", "2247483648");

    [Fact]
    public void WXC012_value_of_the_wrong_kind() =>
        Expect(Replace("call:\n  method: POST\n  url: https://api.weixin.qq.com/cgi-bin/comment/close\n  idempotent: true", "call: POST"), "WXC012", "POST");

    [Fact]
    public void WXC012_boolean_that_is_not_a_boolean() =>
        Expect(Replace("idempotent: true", "idempotent: yes please"), "WXC012", "yes please");

    [Fact]
    public void WXC013_invalid_scope_value() =>
        Expect(Replace("official_account: certified_only", "official_account: maybe"), "WXC013", "maybe");

    [Fact]
    public void WXC013_url_with_a_query_string() =>
        Expect(Replace("cgi-bin/comment/close", "cgi-bin/comment/close?access_token=ACCESS_TOKEN"), "WXC013", "https://");

    [Fact]
    public void WXC014_duplicate_key() =>
        Expect(Replace("title: Close comments", "title: Close comments\ntitle: Again"), "WXC014", "title: Again");

    [Fact]
    public void WXC014_duplicate_field() =>
        Expect(Replace("  - name: index\n", "  - name: msg_data_id\n"), "WXC014", "name: msg_data_id", occurrence: 2);

    [Fact]
    public void WXC015_aliases_are_refused() =>
        Expect(Replace("title: Close comments", "title: &t Close comments\nsummary: *t"), "WXC015", "*t");

    [Fact]
    public void WXC015_billion_laughs_is_refused_quickly()
    {
        var yaml = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n";
        Expect(yaml, "WXC015", "*a");
    }

    [Fact]
    public void WXC015_deep_nesting_is_refused() =>
        Expect(new string('[', 10_000) + new string(']', 10_000), "WXC015", line: 0, column: 101);

    [Fact]
    public void WXC015_oversized_file_is_refused() =>
        Expect("name: X\n# " + new string('x', 1024 * 1024 + 1) + "\n", "WXC015", line: 0, column: 0);

    [Fact]
    public void WXC016_empty_file() => Expect(string.Empty, "WXC016", line: 0, column: 0);

    [Fact]
    public void WXC016_comments_only() => Expect("# nothing here\n", "WXC016", line: 0, column: 0);

    [Fact]
    public void WXC019_unreadable_file_is_not_called_empty()
    {
        // AdditionalText.GetText returns null when the compiler could not read the file.
        var result = Harness.Run(new AdditionalText[] { new UnreadableText("/specs/locked.yaml") }, out _);
        var d = Assert.Single(result.Diagnostics, x => x.Id.StartsWith("WXC", StringComparison.Ordinal));
        Assert.Equal("WXC019", d.Id);
        Assert.Equal("/specs/locked.yaml", d.Location.GetLineSpan().Path);
        Assert.DoesNotContain("empty", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.OrdinalIgnoreCase);
    }

    private sealed class UnreadableText : AdditionalText
    {
        public UnreadableText(string path) => Path = path;

        public override string Path { get; }

        public override SourceText? GetText(System.Threading.CancellationToken cancellationToken = default) => null;
    }

    [Fact]
    public void WXC018_fields_on_a_scalar() =>
        Expect(Replace("  - name: index\n    type: number", "  - name: index\n    type: number\n    fields: []"), "WXC018", "[]");

    [Fact]
    public void WXC018_object_without_fields() =>
        Expect(Replace("  - name: index\n    type: number", "  - name: index\n    type: object"), "WXC002", "object");

    [Fact]
    public void WXC020_own_spec_replaces_a_shipped_spec()
    {
        // Selection diagnostics come from build properties and item metadata, which wxspec lint does not have:
        // generator only (SelectionTests covers the selection itself).
        var specs = SelectionTests.Shipped(SelectionTests.Specs());
        var own = SelectionTests.OwnReplyComment();
        specs.Add(own);
        var d = Assert.Single(SelectionTests.Run(specs, include: null, out _).Diagnostics);
        Assert.Equal("WXC020", d.Id);
        Assert.Equal(DiagnosticSeverity.Info, d.Severity);
        Assert.Equal(own.Path, d.Location.GetLineSpan().Path);
        Assert.Equal(2, d.Location.GetLineSpan().StartLinePosition.Line); // name: ReplyComment
    }

    [Fact]
    public void WXC021_unknown_group_in_WxContractsInclude()
    {
        var d = Assert.Single(SelectionTests.Run(SelectionTests.Shipped(SelectionTests.Specs()), include: "Comment;Coment", out _).Diagnostics);
        Assert.Equal("WXC021", d.Id);
        Assert.Equal(DiagnosticSeverity.Warning, d.DefaultSeverity); // the harness compiles with warnings as errors
        Assert.Contains("Coment", d.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("Known groups: AutoReply, Comment, Media, Menu, Token, User", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_catalogued_diagnostic_except_the_internal_error_has_a_test()
    {
        var tested = typeof(DiagnosticTests).GetMethods().Select(m => m.Name).Where(n => n.StartsWith("WXC", StringComparison.Ordinal)).Select(n => n.Substring(0, 6)).ToHashSet();
        var catalogued = WxContracts.Specs.Model.DiagnosticCatalog.All.Select(d => d.Id).Where(id => id != "WXC017");
        Assert.DoesNotContain(catalogued, id => !tested.Contains(id));
    }

    [Fact]
    public void An_invalid_spec_is_skipped_and_a_valid_sibling_still_generates()
    {
        var result = RunBoth(new InMemoryText("/specs/bad.yaml", "name: [oops"), Harness.SeedSpec("replycomment.yaml"));
        Assert.Single(result.Diagnostics, d => d.Id == "WXC001");
        Assert.Contains(result.GeneratedSources, s => s.HintName == "ReplyComment.Endpoint.g.cs");
        Assert.Contains(result.GeneratedSources, s => s.HintName == "WxApiClient.g.cs");
    }

    [Fact]
    public void Yaml_files_not_marked_as_specs_are_ignored()
    {
        // Not a parity case: lint checks the files it is given; which files are specs is the build's business.
        var result = Harness.Run(new InMemoryText("/other/unmarked-config.yaml", "not: [a, spec"), Harness.SeedSpec("replycomment.yaml"));
        Assert.Empty(result.Diagnostics);
        Assert.Contains(result.GeneratedSources, s => s.HintName == "ReplyComment.Endpoint.g.cs");
    }

    [Fact]
    public void Response_none_means_errcode_and_errmsg_only()
    {
        var result = RunYaml(Valid.Replace("response:\n  - name: errcode\n    type: number\n  - name: errmsg\n    type: string", "response: none"));
        Assert.Empty(result.Diagnostics);
        Assert.Contains(result.GeneratedSources, s => s.HintName == "CloseComment.Endpoint.g.cs");
    }

    [Fact]
    public void WXC002_required_list_written_as_null() =>
        Expect(Replace("url: https://api.weixin.qq.com/cgi-bin/comment/close", "url: https://api.weixin.qq.com/cgi-bin/comment/close\n  third_party:\n    permission_sets: ~"), "WXC002", "~");

    [Fact]
    public void WXC006_two_response_fields_with_the_same_property_name() =>
        Expect(Replace("  - name: errmsg\n    type: string", "  - name: msg_id\n    type: string\n  - name: msgId\n    type: string"), "WXC006", "- name: errcode");

    [Fact]
    public void WXC006_enum_named_like_a_generated_type() =>
        Expect(Replace("  - name: CommentType", "  - name: CloseCommentRequest"), "WXC006", "name: CloseCommentRequest");

    [Fact]
    public void WXC005_number_enum_with_a_64_bit_format() =>
        Expect(Replace("  - name: index\n    type: number", "  - name: index\n    type: number\n    format: int64\n    enum: CommentType"), "WXC005", "int64\n    enum");

    [Fact]
    public void WXC011_numeric_string_that_is_not_a_number()
    {
        var yaml = Replace("    format: int64\n    required: true", "    format: int64\n    number_or_string: true\n    required: true")
            .Replace("{\"msg_data_id\": 2247483647", "{\"msg_data_id\": \"22x\"");
        Expect(yaml, "WXC011", "\"22x\"");
    }

    [Fact]
    public void A_blank_description_counts_as_absent_and_the_generated_code_still_compiles()
    {
        // Regression (spec fuzzer): "description: |" with nothing below gave an error member no XML doc (CS1591).
        var yaml = Replace("    errmsg: without comment privilege", "    description: |\n  - code: 88001\n    description: '   '");
        var result = Harness.Run(new[] { new InMemoryText("/specs/test.yaml", yaml) }, out var output);
        Assert.Empty(result.Diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.Contains("Code88001 = 88001,", result.GeneratedSources.Single(s => s.HintName == "CloseComment.Endpoint.g.cs").SourceText.ToString());
    }

    [Fact]
    public void WXC002_blank_required_text() =>
        Expect(Replace("title: Close comments", "title: '  '"), "WXC002", "'  '");

    [Fact]
    public void An_errmsg_without_latin_letters_falls_back_to_the_code()
    {
        var result = RunYaml(Replace("errmsg: without comment privilege", "errmsg: 没有评论权限"));
        Assert.Empty(result.Diagnostics);
        Assert.Contains("Code88000 = 88000,", result.GeneratedSources.Single(s => s.HintName == "CloseComment.Endpoint.g.cs").SourceText.ToString());
    }

    private const string Shared = """

        types:
          - name: CloseSku
            fields:
              - name: quantity
                type: number
        """;

    [Fact]
    public void A_shared_type_used_by_ref_generates_one_top_level_class()
    {
        var yaml = Replace("  - name: index\n    type: number", "  - name: index\n    type: number\n  - name: sku\n    type: objarray\n    ref: CloseSku") + Shared;
        var result = RunYaml(yaml);
        Assert.Empty(result.Diagnostics);
        var models = result.GeneratedSources.Single(s => s.HintName == "CloseComment.Endpoint.g.cs").SourceText.ToString();
        Assert.Contains("public sealed partial class CloseSku\n", models, StringComparison.Ordinal);
        Assert.Contains("IReadOnlyList<global::WxContracts.Api.CloseSku>? Sku", models, StringComparison.Ordinal);
    }

    [Fact]
    public void WXC018_ref_to_a_type_not_defined_above() =>
        Assert.Contains("CloseSku", Expect(Replace("  - name: index\n    type: number", "  - name: index\n    type: number\n  - name: sku\n    type: object\n    ref: Missing") + Shared, "WXC018", "Missing").GetMessage());

    [Fact]
    public void WXC018_ref_inside_a_shared_type_to_one_listed_below() =>
        Expect(Valid + Shared.Replace("    fields:\n", "    fields:\n      - name: next\n        type: object\n        ref: CloseLater\n") + "\n  - name: CloseLater\n    fields:\n      - name: a\n        type: string\n", "WXC018", "CloseLater");

    [Fact]
    public void WXC018_ref_with_fields_of_its_own() =>
        Expect(Replace("  - name: index\n    type: number", "  - name: index\n    type: number\n  - name: sku\n    type: object\n    ref: CloseSku\n    fields: []") + Shared, "WXC018", "[]");

    [Fact]
    public void WXC018_ref_on_a_scalar() =>
        Expect(Replace("  - name: index\n    type: number", "  - name: index\n    type: number\n    ref: CloseSku") + Shared, "WXC018", "CloseSku");

    [Fact]
    public void WXC006_shared_type_named_like_a_generated_type() =>
        Expect(Valid + Shared.Replace("CloseSku", "CloseCommentRequest"), "WXC006", "CloseCommentRequest");

    [Fact]
    public void WXC006_two_specs_define_the_same_shared_type()
    {
        var other = Valid.Replace("CloseComment", "OpenComment").Replace("operation: Close", "operation: Open").Replace("CommentType", "OpenCommentType");
        var result = RunBoth(new InMemoryText("/specs/a.yaml", Valid + Shared), new InMemoryText("/specs/b.yaml", other + Shared));
        var d = Assert.Single(result.Diagnostics, x => x.Id == "WXC006");
        Assert.Contains("CloseSku", d.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("3")]
    [InlineData("two")]
    public void WXC013_list_depth_other_than_1_or_2(string depth) =>
        Expect(Replace("  - name: index\n    type: number", "  - name: index\n    type: array\n    items: number\n    list_depth: " + depth), "WXC013", depth + "\n");

    [Fact]
    public void WXC018_list_depth_on_an_object() =>
        Expect(Replace("  - name: index\n    type: number", "  - name: index\n    type: number\n    list_depth: 2"), "WXC018", "2\n");

    [Fact]
    public void WXC011_example_list_of_lists_with_a_flat_item() =>
        Assert.Contains("'request.index[1]' must be an array", Expect(Replace("  - name: index\n    type: number", "  - name: index\n    type: array\n    items: number\n    list_depth: 2").Replace("\"index\": 0", "\"index\": [[1], 2]"), "WXC011", "2]").GetMessage());

    [Fact]
    public void WXC018_file_field_without_a_multipart_body() =>
        Expect(Replace("  - name: index\n    type: number", "  - name: index\n    type: file"), "WXC018", "- name: msg_data_id");

    [Fact]
    public void WXC018_file_field_in_a_response() =>
        Expect(Replace("  - name: errmsg\n    type: string", "  - name: errmsg\n    type: string\n  - name: thumb\n    type: file"), "WXC018", "- name: errcode");

    [Fact]
    public void WXC013_unknown_body_kind() =>
        Expect(Replace("  idempotent: true", "  idempotent: true\n  body: xml"), "WXC013", "xml");

    [Fact]
    public void A_multipart_request_with_a_file_part_is_valid()
    {
        var yaml = Replace("  idempotent: true", "  idempotent: true\n  body: multipart")
            .Replace("  - name: index\n    type: number", "  - name: index\n    type: number\n  - name: media\n    type: file\n    required: true");
        var result = Harness.RunYaml(yaml);
        Assert.Empty(result.Diagnostics);
        Assert.Contains("IWxMultipartRequest", result.GeneratedSources.Single(s => s.HintName == "CloseComment.Endpoint.g.cs").SourceText.ToString());
    }

    [Fact]
    public void Random_bytes_and_binary_files_give_diagnostics_not_exceptions()
    {
        var random = new Random(42);
        for (var i = 0; i < 200; i++)
        {
            var chars = new char[random.Next(0, 300)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = (char)random.Next(0, 0x3000);
            }

            var result = RunYaml(new string(chars));
            Assert.Null(result.Exception);
            Assert.DoesNotContain(result.Diagnostics, d => d.Id is "CS8785" or "WXC017");
        }
    }
}
