using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace WxContracts.Cli.Import;

/// <summary>Writes an <see cref="ImportedSpec"/> as a spec file, with a <c># review:</c> comment above each guess.</summary>
internal static class SpecYamlWriter
{
    private static readonly Regex s_plain = new(@"^[A-Za-z_/][A-Za-z0-9_ ,.()/\-]*[A-Za-z0-9_.)/]$|^[A-Za-z0-9_]$");

    public static string Write(ImportedSpec spec, string? pageName)
    {
        var w = new StringWriter { NewLine = "\n" };
        w.WriteLine("# yaml-language-server: $schema=../spec.schema.json");
        w.WriteLine($"# Imported by wxspec from the official page \"{spec.Title}\"{(pageName is null ? string.Empty : " (" + pageName + ")")}.");
        w.WriteLine("# Check every line marked '# review:' (the importer's guesses), then remove the marks.");
        foreach (var r in spec.Reviews)
        {
            Review(w, 0, r);
        }

        Review(w, 0, spec.Name.Review);
        w.WriteLine($"name: {spec.Name.Value}");
        w.WriteLine($"interface: {Scalar(spec.Interface ?? spec.Name.Value)}");
        w.WriteLine($"title: {Scalar(spec.Title ?? spec.Name.Value)}");
        if (spec.Summary is not null)
        {
            w.WriteLine($"summary: {Scalar(spec.Summary)}");
        }

        Review(w, 0, spec.Group.Review);
        w.WriteLine($"group: {spec.Group.Value}");
        Review(w, 0, spec.Operation.Review);
        w.WriteLine($"operation: {spec.Operation.Value}");
        if (spec.Notes.Count > 0)
        {
            w.WriteLine("notes:");
            foreach (var note in spec.Notes)
            {
                w.WriteLine($"  - {Scalar(note)}");
            }
        }

        w.WriteLine("call:");
        if (spec.Method is null || spec.Url is null)
        {
            Review(w, 2, "no HTTPS call line on the page: method and url are placeholders");
        }

        w.WriteLine($"  method: {(spec.Url is null ? "POST" : spec.Method ?? "POST")}");
        w.WriteLine($"  url: {Scalar(spec.Url ?? "https://api.weixin.qq.com/cgi-bin/unknown")}");
        w.WriteLine($"  credential: {spec.Credential}");
        w.WriteLine($"  server_side_only: {(spec.ServerSideOnly ? "true" : "false")}");
        if (spec.Idempotent is not null)
        {
            Review(w, 2, spec.Idempotent.Review);
            w.WriteLine($"  idempotent: {(spec.Idempotent.Value ? "true" : "false")}");
        }

        if (spec.CloudCall is not null)
        {
            w.WriteLine($"  cloud_call: {Scalar(spec.CloudCall)}");
        }

        if (spec.PermissionSets is { Count: > 0 })
        {
            w.WriteLine("  third_party:");
            w.WriteLine($"    permission_sets: [{string.Join(", ", spec.PermissionSets)}]");
        }
        else
        {
            w.WriteLine("  third_party: not_supported");
        }

        var shared = SharedTables.Settle(spec);
        if (shared.Count > 0)
        {
            w.WriteLine("types:");
            foreach (var (name, source) in shared)
            {
                w.WriteLine($"  - name: {name}");
                if (source.Description is not null)
                {
                    w.WriteLine($"    description: {Scalar(source.Description)}");
                }

                w.WriteLine("    fields:");
                Fields(w, 4, source.Fields!);
            }
        }

        if (spec.Query.Count > 0)
        {
            w.WriteLine("query:");
            Fields(w, 0, spec.Query);
        }

        if (spec.Request is null)
        {
            w.WriteLine("request: none");
        }
        else if (spec.Request.Count == 0)
        {
            Review(w, 0, "the request table has no rows");
            w.WriteLine("request: []");
        }
        else
        {
            w.WriteLine("request:");
            Fields(w, 0, spec.Request);
        }

        if (spec.Enums.Count > 0)
        {
            w.WriteLine("enums:");
            foreach (var e in spec.Enums)
            {
                foreach (var r in e.Reviews)
                {
                    Review(w, 2, r);
                }

                w.WriteLine($"  - name: {e.Name}");
                w.WriteLine($"    type: {(e.IsNumber ? "number" : "string")}");
                w.WriteLine("    values:");
                foreach (var (value, name, description) in e.Values)
                {
                    if (name is null && description is null)
                    {
                        w.WriteLine($"      - {Scalar(value)}");
                        continue;
                    }

                    w.WriteLine($"      - value: {Scalar(value)}");
                    if (name is not null)
                    {
                        w.WriteLine($"        name: {name}");
                    }

                    if (description is not null)
                    {
                        w.WriteLine($"        description: {Scalar(description)}");
                    }
                }
            }
        }

        if (spec.Response.Count == 0)
        {
            Review(w, 0, "no response table on the page");
            w.WriteLine("response: none");
        }
        else
        {
            w.WriteLine("response:");
            Fields(w, 0, spec.Response);
        }

        if (spec.Errors.Count > 0)
        {
            w.WriteLine("errors:");
            foreach (var e in spec.Errors)
            {
                w.WriteLine($"  - code: {e.Code}");
                if (e.ErrMsg is not null)
                {
                    w.WriteLine($"    errmsg: {Scalar(e.ErrMsg)}");
                }

                if (e.Solution is not null)
                {
                    w.WriteLine($"    solution: {Scalar(e.Solution)}");
                }
            }
        }

        w.WriteLine("scope:");
        if (spec.OfficialAccount is null)
        {
            Review(w, 2, "no scope table on the page: not_allowed written");
        }

        w.WriteLine($"  official_account: {spec.OfficialAccount ?? "not_allowed"}");
        w.WriteLine($"  service_account: {spec.ServiceAccount ?? "not_allowed"}");

        if (spec.RequestExample is not null || spec.ResponseExample is not null)
        {
            w.WriteLine("examples:");
            Block(w, "request", spec.RequestExample);
            Block(w, "response", spec.ResponseExample);
            if (spec.Normalized.Count > 0)
            {
                w.WriteLine("  normalized:");
                foreach (var n in spec.Normalized)
                {
                    w.WriteLine($"    - {Scalar(n)}");
                }
            }
        }

        return w.ToString();
    }

    private static void Fields(StringWriter w, int indent, List<ImportedField> fields)
    {
        var pad = new string(' ', indent + 2);
        foreach (var f in fields)
        {
            foreach (var r in f.Reviews)
            {
                Review(w, indent + 2, r);
            }

            if (f.Type is "object" or "objarray" && f.SharedType is null)
            {
                Review(w, indent + 2, $"nested class name defaults to {Specs.Parsing.Naming.ToPascalCase(f.Name)}{(f.Type == "object" ? "Object" : "Item")}; set type_name for a better one");
            }

            w.WriteLine($"{pad}- name: {Scalar(f.Name)}");
            w.WriteLine($"{pad}  type: {f.Type}");
            if (f.Items is not null)
            {
                w.WriteLine($"{pad}  items: {f.Items}");
            }

            if (f.Format is not null)
            {
                w.WriteLine($"{pad}  format: {f.Format}");
            }

            if (f.NumberOrString)
            {
                w.WriteLine($"{pad}  number_or_string: true");
            }

            if (f.Required)
            {
                w.WriteLine($"{pad}  required: true");
            }

            if (f.EnumName is not null)
            {
                w.WriteLine($"{pad}  enum: {f.EnumName}");
            }

            if (f.Example is not null)
            {
                w.WriteLine($"{pad}  example: {Scalar(f.Example)}");
            }

            if (f.Description is not null)
            {
                w.WriteLine($"{pad}  description: {Scalar(f.Description)}");
            }

            if (f.SharedType is not null)
            {
                w.WriteLine($"{pad}  ref: {f.SharedType}");
            }
            else if (f.Fields is not null)
            {
                if (f.Fields.Count == 0)
                {
                    w.WriteLine($"{pad}  fields: []");
                }
                else
                {
                    w.WriteLine($"{pad}  fields:");
                    Fields(w, indent + 4, f.Fields);
                }
            }
        }
    }

    private static void Block(StringWriter w, string key, string? json)
    {
        if (json is null)
        {
            return;
        }

        if (!json.Contains('\n'))
        {
            w.WriteLine($"  {key}: {Scalar(json)}");
            return;
        }

        w.WriteLine($"  {key}: |");
        foreach (var line in json.Split('\n'))
        {
            w.WriteLine(line.Length == 0 ? string.Empty : "    " + line);
        }
    }

    private static void Review(StringWriter w, int indent, string? text)
    {
        if (text is not null)
        {
            w.WriteLine($"{new string(' ', indent)}# review: {text}");
        }
    }

    /// <summary>A plain scalar when that is unambiguous, else a single-quoted one.</summary>
    public static string Scalar(string value)
    {
        var lower = value.ToLowerInvariant();
        if (s_plain.IsMatch(value) && !value.Contains(" #") && lower is not ("true" or "false" or "null" or "yes" or "no" or "on" or "off"))
        {
            return value;
        }

        return "'" + value.Replace("'", "''") + "'";
    }
}
