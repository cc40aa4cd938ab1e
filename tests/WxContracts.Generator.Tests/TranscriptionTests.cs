using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using WxContracts.Specs.Model;
using WxContracts.Specs.Parsing;
using Xunit;

namespace WxContracts.Generator.Tests;

/// <summary>
/// Checks the seed specs against the official doc pages they were transcribed from (copied under
/// tests/fixtures/wechat-docs): every parameter at its nesting path, every error code, scope, permission sets
/// and cloud call. A field dropped or misplaced in a spec fails here.
/// </summary>
public class TranscriptionTests
{
    private static string Page(string name) => File.ReadAllText(Path.Combine(Harness.FixturesDirectory, "wechat-docs", name));

    private static EndpointSpec Spec(string file)
    {
        var text = Harness.SeedSpec(file);
        var parsed = SpecParser.Parse(text.Path, text.GetText()!.ToString());
        Assert.Empty(parsed.Diagnostics);
        return parsed.Endpoint!;
    }

    /// <summary>Rows of the pipe table that follows the heading line starting with <paramref name="heading"/>.</summary>
    private static List<string[]> Table(string page, string heading)
    {
        var lines = page.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var start = lines.FindIndex(l => l.StartsWith(heading, StringComparison.Ordinal));
        Assert.True(start >= 0, $"heading '{heading}' not found");
        var rows = new List<string[]>();
        var i = start + 1;
        while (i < lines.Count && !lines[i].Contains('|'))
        {
            if (lines[i].StartsWith("#", StringComparison.Ordinal))
            {
                return rows;
            }

            i++;
        }

        for (i += 2; i < lines.Count && lines[i].Contains('|'); i++)
        {
            rows.Add(lines[i].Split('|').Select(c => c.Trim()).ToArray());
        }

        return rows;
    }

    private static IEnumerable<(string Path, FieldSpec Field)> Flatten(IEnumerable<FieldSpec> fields, string prefix)
    {
        foreach (var f in fields)
        {
            var path = prefix + f.WireName;
            yield return (path, f);
            if (f.Object is { } obj)
            {
                foreach (var child in Flatten(obj.Fields, path + "."))
                {
                    yield return child;
                }
            }
        }
    }

    private static string DocType(FieldSpec f) => f.Kind switch
    {
        FieldKind.Number => "number",
        FieldKind.String => "string",
        FieldKind.Boolean => "boolean",
        FieldKind.Object => "object",
        FieldKind.ObjectArray => "objarray",
        _ => "array",
    };

    [Fact]
    public void Replycomment_spec_has_every_parameter_error_and_scope_of_the_page()
    {
        var page = Page("replycomment.md");
        var spec = Spec("replycomment.yaml");

        var body = Table(page, "# Request BodyRequest Payload");
        Assert.Equal(4, body.Count);
        foreach (var row in body)
        {
            var field = Assert.Single(spec.Request!.Fields, f => f.WireName == row[0]);
            Assert.Equal(row[1], DocType(field));
            Assert.Equal(row[2] == "yes", field.Required);
        }

        Assert.Equal(body.Count, spec.Request!.Fields.Count);
        var errors = Table(page, "# 6. Error code");
        Assert.Equal(errors.Select(r => int.Parse(r[0])), spec.Errors.Select(e => e.Code));
        Assert.Equal(errors.Select(r => r[1]), spec.Errors.Select(e => e.ErrMsg));
        Assert.Equal(AccountAccess.CertifiedOnly, spec.Scope.OfficialAccount);
        Assert.Equal(AccountAccess.CertifiedOnly, spec.Scope.ServiceAccount);
        Assert.Contains("The permission set id to which the interface belongs is: 7", page);
        Assert.Equal(new[] { 7 }, spec.Call.PermissionSets.ToArray());
        Assert.Contains("Call method: " + spec.Call.CloudCall, page);
        Assert.Contains($"{spec.Call.HttpMethod} {spec.Call.Url}?access_token=ACCESS_TOKEN", page);
        Assert.Contains("Interface English name: " + spec.Interface, page);
        Assert.False(spec.Call.Idempotent);
    }

    [Fact]
    public void Autoreply_spec_has_every_payload_field_at_its_nesting_path()
    {
        var page = Page("getCurrentAutoreplyInfo.md");
        var spec = Spec("getcurrentautoreplyinfo.yaml");
        var byPath = Flatten(spec.Response.Fields, string.Empty).ToDictionary(x => x.Path, x => x.Field);

        var docPaths = new List<(string Path, string Type, string? Enum)>();
        foreach (var row in Table(page, "# Response Payload"))
        {
            docPaths.Add((row[0], row[1], null));
        }

        // Sections such as "# Res.keyword_autoreply_info.list(Array).reply_list_infoObject Payload".
        foreach (Match m in Regex.Matches(page, @"^# Res\.(?<path>[A-Za-z_.()]+?)(Object|\(Array\)Object) Payload", RegexOptions.Multiline))
        {
            var sectionPath = m.Groups["path"].Value.Replace("(Array)", string.Empty);
            var rows = Table(page, m.Value);
            Assert.NotEmpty(rows);
            foreach (var row in rows)
            {
                // Tables with an Example column have 6 cells; "to enumerate" is the fifth.
                var enumCell = row.Length >= 6 ? row[4] : null;
                docPaths.Add((sectionPath + "." + row[0], row[1], enumCell is null or "-" ? null : enumCell));
            }
        }

        Assert.Equal(29, docPaths.Count);
        foreach (var (path, type, enumValues) in docPaths)
        {
            Assert.True(byPath.TryGetValue(path, out var field), $"the spec lacks {path}");
            Assert.Equal(type, DocType(field!));
            if (enumValues is not null)
            {
                var e = Assert.Single(spec.Enums, x => x.Name == field!.EnumName);
                Assert.Equal(enumValues.Split(' ', StringSplitOptions.RemoveEmptyEntries).OrderBy(v => v), e.Values.Select(v => v.Wire).Where(v => enumValues.Contains(v)).OrderBy(v => v));
                Assert.All(enumValues.Split(' ', StringSplitOptions.RemoveEmptyEntries), v => Assert.Contains(e.Values, x => x.Wire == v));
            }
        }

        Assert.Equal(docPaths.Count, byPath.Count);
        Assert.Equal(AccountAccess.Allowed, spec.Scope.OfficialAccount);
        Assert.Equal(AccountAccess.Allowed, spec.Scope.ServiceAccount);
        Assert.Equal(new[] { 1, 3, 15 }, spec.Call.PermissionSets.ToArray());
        Assert.Null(spec.Call.CloudCall);
        Assert.Contains("This interface does not support cloud calls", page);
        Assert.Null(spec.Request);
        Assert.Equal(new[] { 0 }, spec.Errors.Select(e => e.Code));
    }

    [Fact]
    public void Global_table_has_every_code_of_the_research_notes_once()
    {
        var path = Path.Combine(Harness.SpecsDirectory, "global", "errors.yaml");
        var parsed = SpecParser.Parse(path, File.ReadAllText(path));
        Assert.Empty(parsed.Diagnostics);
        var codes = parsed.GlobalErrors!.Errors.Select(e => e.Code).ToList();
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.True(codes.Count >= 161, $"only {codes.Count} codes");
        Assert.Contains(-1, codes);
        Assert.Contains(40001, codes);
        Assert.Contains(45009, codes);
        Assert.Contains(9001036, codes);
    }
}
