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
/// Importing each seed page gives the model of the hand-transcribed spec in specs/, apart from what the importer
/// marks '# review:'. The comparison is on the parsed <see cref="EndpointSpec"/>s, projected to the parts the
/// page determines.
///
/// COMPARED: interface, title; call (method, URL, credential, server_side_only, idempotent, cloud call, permission
/// sets); every query/request/response field at its nesting path with its wire name, property name, kind, item
/// kind, number format, number_or_string, required, example column, and the wire values of its enum (in order);
/// whether there is a request class; error codes with their errmsg; scope; the examples as JSON (whitespace and
/// key formatting aside).
///
/// EXCLUDED (invented or reworded, and marked '# review:' by the importer where it guesses): the C# names the page
/// does not give — spec name, group, operation, nested type names (type_name), enum names, number-enum member names
/// and error member names; all prose the transcriber reworded by hand — summary, notes, descriptions (fields,
/// objects, enums, enum values), error solutions, descriptions and notes, examples.normalized; the example values
/// that replaced a placeholder (the page has MSG_DATA_ID, the transcriber chose 2247483664, the importer 1).
/// </summary>
public class ImporterFidelityTests
{
    [Theory]
    [InlineData("replycomment.md", "comment/replycomment.yaml")]
    [InlineData("getCurrentAutoreplyInfo.md", "autoreply/getcurrentautoreplyinfo.yaml")]
    public void Imported_seed_page_equals_the_hand_transcribed_spec_apart_from_review_marks(string page, string spec)
    {
        var outcome = ImportCommand.ImportText(TestFiles.PageText(page), page);
        Assert.Empty(outcome.Problems);
        var imported = SpecParser.Parse("imported.yaml", outcome.Yaml!);
        Assert.Empty(imported.Diagnostics);

        var handPath = Path.Combine(TestFiles.Specs, spec);
        var hand = SpecParser.Parse(handPath, File.ReadAllText(handPath));
        Assert.Empty(hand.Diagnostics);

        var ignored = outcome.Spec!.PlaceholderPaths;
        Assert.Equal(Project(hand.Endpoint!, ignored), Project(imported.Endpoint!, ignored));
    }

    [Fact]
    public void The_comparison_sees_a_difference_in_a_compared_part()
    {
        // Guards the projection itself: a changed width, a dropped enum value or another errmsg must show.
        var handPath = Path.Combine(TestFiles.Specs, "autoreply", "getcurrentautoreplyinfo.yaml");
        var text = File.ReadAllText(handPath);
        var baseline = Project(SpecParser.Parse(handPath, text).Endpoint!, new List<string>());
        foreach (var (from, to) in new[]
        {
            ("            format: int64\n", string.Empty),
            ("      - value: contain\n", "      - value: partial\n      - value: contain\n"),
            ("errmsg: Ok or in a normal state", "errmsg: Ok"),
            ("permission_sets: [1, 3, 15]", "permission_sets: [1, 3]"),
            ("\"rule_name\": \"autoreply-voice\"", "\"rule_name\": \"autoreply-sound\""),
        })
        {
            Assert.Contains(from, text);
            var changed = SpecParser.Parse(handPath, text.Replace(from, to));
            Assert.Empty(changed.Diagnostics);
            Assert.NotEqual(baseline, Project(changed.Endpoint!, new List<string>()));
        }
    }

    [Fact]
    public void Every_guess_in_the_seed_imports_is_marked_for_review()
    {
        var yaml = ImportCommand.ImportText(TestFiles.PageText("getCurrentAutoreplyInfo.md"), null).Yaml!;
        var lines = yaml.Split('\n');

        bool MarkedAbove(string line)
        {
            var i = Array.FindIndex(lines, l => l.Trim() == line);
            Assert.True(i > 0, $"'{line}' not in the output");
            return lines[i - 1].TrimStart().StartsWith("# review:", StringComparison.Ordinal);
        }

        Assert.True(MarkedAbove("name: GetCurrentAutoReplyInfo"));
        Assert.True(MarkedAbove("group: Autoreply"));
        Assert.True(MarkedAbove("operation: GetCurrentAutoReplyInfo"));
        Assert.True(MarkedAbove("idempotent: true"));
        Assert.True(MarkedAbove("- name: GetCurrentAutoReplyInfoShowCover"));
        Assert.True(MarkedAbove("- name: create_time"));
        Assert.True(MarkedAbove("- name: keyword_autoreply_info"));
        Assert.False(MarkedAbove("title: Get automatic response rules")); // read as is: no mark
    }

    /// <summary>The compared parts of a spec, one line each, so a failure shows which line differs.</summary>
    internal static List<string> Project(EndpointSpec spec, IReadOnlyList<string> placeholderPaths)
    {
        var lines = new List<string>
        {
            $"interface={spec.Interface}",
            $"title={spec.Title}",
            $"call={spec.Call.HttpMethod} {spec.Call.Url} credential={spec.Call.Credential} serverSideOnly={spec.Call.ServerSideOnly} idempotent={spec.Call.Idempotent} cloud={spec.Call.CloudCall} sets=[{string.Join(",", spec.Call.PermissionSets)}]",
            $"requestClass={spec.Request is not null}",
            $"scope={spec.Scope.OfficialAccount}/{spec.Scope.ServiceAccount}",
        };

        void Fields(string path, IEnumerable<FieldSpec> fields)
        {
            foreach (var f in fields)
            {
                var e = f.EnumName is null ? "-" : string.Join(",", spec.Enums.Single(x => x.Name == f.EnumName).Values.Select(v => v.Wire));
                lines.Add($"{path}.{f.WireName}: property={f.PropertyName} kind={f.Kind} items={(f.Kind == FieldKind.Array ? f.ItemKind.ToString() : "-")} format={(f.ScalarKind == FieldKind.Number ? f.Format.ToString() : "-")} numberOrString={f.NumberOrString} required={f.Required} example={f.Example} enum=[{e}]");
                if (f.Object is not null)
                {
                    Fields(path + "." + f.WireName, f.Object.Fields);
                }
            }
        }

        Fields("query", spec.Query);
        Fields("request", spec.Request?.Fields ?? EquatableArray<FieldSpec>.Empty);
        Fields("response", spec.Response.Fields);
        lines.AddRange(spec.Errors.Select(e => $"error {e.Code}: {e.ErrMsg}"));
        lines.Add("example.request=" + Json(spec.Examples.Request, "request", placeholderPaths));
        lines.Add("example.response=" + Json(spec.Examples.Response, "response", placeholderPaths));
        return lines;
    }

    private static string Json(string? json, string which, IReadOnlyList<string> placeholderPaths)
    {
        if (json is null)
        {
            return "-";
        }

        var node = JsonNode.Parse(json)!;
        var keys = placeholderPaths.Where(p => p.StartsWith(which + ":", StringComparison.Ordinal)).Select(p => p.Substring(which.Length + 1)).ToHashSet();
        Blank(node, keys);
        return node.ToJsonString();
    }

    private static void Blank(JsonNode? node, HashSet<string> keys)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (keys.Contains(key))
                    {
                        obj[key] = "(placeholder)";
                    }
                    else
                    {
                        Blank(obj[key], keys);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Blank(item, keys);
                }

                break;
        }
    }
}
