using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace WxContracts.Generator.Tests;

/// <summary>The optional value constraints of a field: parsed, checked with located diagnostics, emitted as metadata.</summary>
public class ConstraintTests
{
    // The base spec of DiagnosticTests with a string field added, so both kinds of constraint have a home.
    private static readonly string Base = DiagnosticTests.Valid.Replace(
        "  - name: index\n    type: number\n",
        "  - name: index\n    type: number\n  - name: content\n    type: string\n");

    private static string With(string field, string lines)
    {
        var anchor = $"  - name: {field}\n    type: {(field == "content" ? "string" : "number")}\n";
        Assert.Contains(anchor, Base);
        return Base.Replace(anchor, anchor + lines);
    }

    private static Diagnostic Expect(string yaml, string id, string at)
    {
        var result = Harness.RunYaml(yaml);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(id, d.Id);
        var index = yaml.IndexOf(at, System.StringComparison.Ordinal);
        Assert.True(index >= 0);
        var before = yaml.Substring(0, index);
        var line = before.Count(c => c == '\n');
        var column = index - (before.LastIndexOf('\n') + 1);
        var span = d.Location.GetLineSpan();
        Assert.Equal((line, column), (span.StartLinePosition.Line, span.StartLinePosition.Character));
        Assert.Empty(result.GeneratedSources);
        return d;
    }

    [Fact]
    public void Constraints_become_attributes_and_doc_remarks_and_the_code_compiles()
    {
        var yaml = With("index", "    minimum: 1\n    maximum: 50\n")
            .Replace("    type: string\n", "    type: string\n    min_length: 1\n    max_length: 600\n")
            .Replace("{\"msg_data_id\": 2247483647, \"index\": 0}", "{\"msg_data_id\": 2247483647, \"index\": 1}");
        var result = Harness.Run(new[] { new InMemoryText("/specs/test.yaml", yaml) }, out var output);
        Assert.Empty(result.Diagnostics);
        var models = result.GeneratedSources.Single(s => s.HintName == "CloseComment.Endpoint.g.cs").SourceText.ToString();
        Assert.Contains("[global::WxContracts.WxConstraintAttribute(\"index\", Minimum = 1, Maximum = 50)]\n    public int? Index", models);
        Assert.Contains("[global::WxContracts.WxConstraintAttribute(\"content\", MinLength = 1, MaxLength = 600)]\n    public string? Content", models);
        Assert.Contains("Limits from the docs: length 1 to 600.", models);
        Assert.Contains("Limits from the docs: 1 to 50.", models);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Fact]
    public void A_fractional_limit_on_a_double_field_is_kept()
    {
        var yaml = With("index", "    format: double\n    minimum: -0.5\n");
        var result = Harness.Run(new[] { new InMemoryText("/specs/test.yaml", yaml) }, out var output);
        Assert.Empty(result.Diagnostics);
        Assert.Contains("Minimum = -0.5)]", result.GeneratedSources.Single(s => s.HintName == "CloseComment.Endpoint.g.cs").SourceText.ToString());
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Fact]
    public void WXC018_length_limits_on_a_number_field() =>
        Assert.Contains("only allowed on string fields", Expect(With("index", "    max_length: 5\n"), "WXC018", "5\n").GetMessage());

    [Fact]
    public void WXC018_value_limits_on_a_string_field() =>
        Assert.Contains("only allowed on number fields", Expect(With("content", "    maximum: 5\n"), "WXC018", "5\n").GetMessage());

    [Fact]
    public void WXC018_limits_on_an_enumeration() =>
        Expect(With("index", "    enum: CommentType\n    minimum: 0\n"), "WXC018", "0\n  - name: content");

    [Fact]
    public void WXC013_min_length_greater_than_max_length() =>
        Assert.Contains("greater than 'max_length'", Expect(With("content", "    min_length: 10\n    max_length: 2\n"), "WXC013", "10").GetMessage());

    [Fact]
    public void WXC013_minimum_greater_than_maximum() =>
        Assert.Contains("greater than 'maximum'", Expect(With("index", "    minimum: 51\n    maximum: 50\n"), "WXC013", "51").GetMessage());

    [Fact]
    public void WXC013_negative_length() =>
        Expect(With("content", "    min_length: -1\n"), "WXC013", "-1");

    [Fact]
    public void WXC013_fraction_on_an_integer_field() =>
        Assert.Contains("must be an integer", Expect(With("index", "    maximum: 2.5\n"), "WXC013", "2.5").GetMessage());

    [Fact]
    public void WXC013_limit_outside_the_format() =>
        Assert.Contains("outside the range", Expect(With("index", "    format: uint32\n    minimum: -1\n"), "WXC013", "-1").GetMessage());

    [Fact]
    public void WXC013_limit_that_is_not_a_number() =>
        Expect(With("index", "    maximum: fifty\n"), "WXC013", "fifty");
}
