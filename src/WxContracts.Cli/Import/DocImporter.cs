using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace WxContracts.Cli.Import;

/// <summary>
/// Reads an official API doc page (sections "# 1. How to call" … "# 7. Scope of application", pipe tables,
/// nested "Res.a.b(Array)Object Payload" sections) into an <see cref="ImportedSpec"/>. Never throws on page
/// content: what it cannot read becomes an <see cref="ImportProblem"/> and the rest is still imported.
/// </summary>
internal static class DocImporter
{
    public sealed record Result(ImportedSpec? Spec, List<ImportProblem> Problems);

    private static readonly Regex s_httpsLine = new(@"^(GET|POST)\s+(https?://\S+)$", RegexOptions.IgnoreCase);
    private static readonly Regex s_interfaceName = new(@"^Interface (?:English )?name\s*[:：]\s*(\S+)", RegexOptions.IgnoreCase);
    private static readonly Regex s_permissionSets = new(@"permission[s]? set.*?(?:is|are)\s*[:：]\s*([\d,\s]+)$", RegexOptions.IgnoreCase);
    private static readonly Regex s_nested = new(@"^(Res|Req|Body)\.(.+?)\s*Object(?:\s+Payload)?$", RegexOptions.IgnoreCase);

    public static Result Import(string text)
    {
        var problems = new List<ImportProblem>();
        var page = DocPage.Parse(text);
        if (page.Title is null || (page.FindStarting("1. How to call") is null && page.FindStarting("HTTPS call") is null))
        {
            problems.Add(new ImportProblem(page.TitleLine, "this is not an official API doc page in the expected layout: expected a '# <title>' line and the sections '# 1. How to call' … '# 7. Scope of application'"));
            return new Result(null, problems);
        }

        var spec = new ImportedSpec { Title = page.Title };
        ReadPreamble(page, spec, problems);
        ReadSections(page, spec, problems);
        NameSpec(spec);
        EnumInference.Apply(spec);
        return new Result(spec, problems);
    }

    private static void ReadPreamble(DocPage page, ImportedSpec spec, List<ImportProblem> problems)
    {
        foreach (var line in page.Preamble)
        {
            var t = line.Text.Trim();
            if (t.Length == 0)
            {
                continue;
            }

            if (t.StartsWith("Interface should be called on the server side", StringComparison.OrdinalIgnoreCase))
            {
                spec.ServerSideOnly = true;
            }
            else if (s_interfaceName.Match(t) is { Success: true } m)
            {
                spec.Interface = m.Groups[1].Value;
            }
            else if (t.StartsWith("- ", StringComparison.Ordinal))
            {
                spec.Notes.Add(Prose(t.Substring(2)));
            }
            else if (spec.Summary is null)
            {
                spec.Summary = Prose(t);
            }
            else
            {
                spec.Notes.Add(Prose(t));
            }
        }

        if (spec.Interface is null)
        {
            problems.Add(new ImportProblem(page.TitleLine + 1, "expected a line 'Interface name: …' or 'Interface English name: …' under the title"));
        }
    }

    private static void ReadSections(DocPage page, ImportedSpec spec, List<ImportProblem> problems)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var nested = new List<DocSection>();
        foreach (var section in page.Sections)
        {
            var h = section.Heading;
            var kind = Kind(h);
            if (kind is null)
            {
                if (s_nested.IsMatch(h))
                {
                    nested.Add(section);
                    continue;
                }

                problems.Add(new ImportProblem(section.Line, $"unknown section '{h}' (expected the sections of an API doc page: How to call, Request parameters, Return Parameters, Note, Code examples, Error code, Scope of application, or a 'Res.….Object Payload' table)"));
                continue;
            }

            seen.Add(kind);
            switch (kind)
            {
                case "https": ReadHttps(section, spec, problems); break;
                case "cloud": ReadCloud(section, spec); break;
                case "third": ReadThirdParty(section, spec, problems); break;
                case "query": spec.Query.AddRange(ReadFields(section, problems, "query")); break;
                case "body":
                    spec.Request = section.TextLines.Any(l => l.Text.Trim().Equals("nothing", StringComparison.OrdinalIgnoreCase)) && !section.Lines.Any(l => l.Text.Contains('|'))
                        ? null
                        : ReadFields(section, problems, "request");
                    break;
                case "response": spec.Response.AddRange(ReadFields(section, problems, "response")); break;
                case "note":
                    spec.Notes.AddRange(section.TextLines.Select(l => Prose(l.Text.TrimStart('-', ' '))));
                    break;
                case "examples": ReadExamples(section, spec, problems); break;
                case "errors": ReadErrors(section, spec, problems); break;
                case "scope": ReadScope(section, spec, problems); break;
            }
        }

        var lastLine = page.Sections.Count > 0 ? page.Sections[page.Sections.Count - 1].Line : page.TitleLine;
        foreach (var (key, what) in new[]
        {
            ("https", "'# HTTPS calls' with a line like 'POST https://api.weixin.qq.com/…?access_token=ACCESS_TOKEN'"),
            ("body", "'# Request BodyRequest Payload' (a table, or 'nothing')"),
            ("response", "'# Response Payload' with the response table"),
            ("scope", "'# 7. Scope of application' with the Official Account | Service Account table"),
        })
        {
            if (!seen.Contains(key))
            {
                problems.Add(new ImportProblem(lastLine, $"section {what} is missing"));
            }
        }

        if (!seen.Contains("body"))
        {
            spec.Request = null;
        }

        foreach (var section in nested)
        {
            AttachNested(section, spec, problems);
        }

        foreach (var field in AllFields(spec).Where(f => f.Type is "object" or "objarray" && f.Fields is null).ToList())
        {
            problems.Add(new ImportProblem(field.Line, $"{field.Type} field '{field.Name}' has no section with its table (expected a heading like '# Res.{field.Name}Object Payload')"));
            field.Fields = new List<ImportedField>();
            field.Reviews.Add("the page has no table for this object; its fields are missing");
        }
    }

    private static string? Kind(string heading)
    {
        var h = heading.ToLowerInvariant();
        if (h.StartsWith("https call", StringComparison.Ordinal)) return "https";
        if (h.StartsWith("cloud call", StringComparison.Ordinal)) return "cloud";
        if (h.StartsWith("third party", StringComparison.Ordinal)) return "third";
        if (h.StartsWith("query param", StringComparison.Ordinal)) return "query";
        if (h.StartsWith("request body", StringComparison.Ordinal) || h == "request payload") return "body";
        if (h.StartsWith("response payload", StringComparison.Ordinal)) return "response";
        if (h.StartsWith("4. note", StringComparison.Ordinal)) return "note";
        if (h.StartsWith("5. code example", StringComparison.Ordinal)) return "examples";
        if (h.StartsWith("6. error code", StringComparison.Ordinal)) return "errors";
        if (h.StartsWith("7. scope", StringComparison.Ordinal)) return "scope";
        if (h.StartsWith("1. how to call", StringComparison.Ordinal) || h.StartsWith("2. request param", StringComparison.Ordinal) || h.StartsWith("3. return param", StringComparison.Ordinal)) return "heading";
        return null;
    }

    private static void ReadHttps(DocSection section, ImportedSpec spec, List<ImportProblem> problems)
    {
        var line = section.TextLines.FirstOrDefault();
        var m = line is null ? null : s_httpsLine.Match(line.Text.Trim());
        if (m is null || !m.Success)
        {
            problems.Add(new ImportProblem(line?.Number ?? section.Line, "expected the call line 'GET https://…' or 'POST https://…' under '# HTTPS calls' (WeChat APIs use GET or POST)"));
            return;
        }

        var url = m.Groups[2].Value;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Fragment.Length > 0 || parsed.Scheme is not ("https" or "http"))
        {
            problems.Add(new ImportProblem(line!.Number, $"expected an absolute https URL on the call line, not '{url}'"));
            return;
        }

        spec.Method = m.Groups[1].Value.ToUpperInvariant();
        var q = url.IndexOf('?');
        var query = q < 0 ? string.Empty : url.Substring(q + 1);
        spec.Url = q < 0 ? url : url.Substring(0, q);
        spec.Credential = query.Contains("authorizer_access_token=") ? "authorizer_access_token" : query.Contains("access_token=") ? "access_token" : "none";
        spec.Idempotent = new Guess<bool>(spec.Method == "GET", spec.Method == "GET"
            ? "a GET is taken to be idempotent (safe to retry)"
            : "a POST is taken to be NOT idempotent (never retried after it was sent); set true if repeating it is harmless");
    }

    private static void ReadCloud(DocSection section, ImportedSpec spec)
    {
        foreach (var line in section.TextLines)
        {
            var t = line.Text.Trim();
            if (t.IndexOf("not support", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                spec.CloudCall = "not_supported";
            }
            else if (t.StartsWith("Call method:", StringComparison.OrdinalIgnoreCase))
            {
                spec.CloudCall = t.Substring("Call method:".Length).Trim();
            }
        }
    }

    private static void ReadThirdParty(DocSection section, ImportedSpec spec, List<ImportProblem> problems)
    {
        foreach (var line in section.TextLines)
        {
            if (line.Text.IndexOf("not support", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                spec.PermissionSets = null;
                return;
            }

            if (s_permissionSets.Match(line.Text.Trim()) is { Success: true } m)
            {
                var ids = new List<int>();
                foreach (var part in m.Groups[1].Value.Split(new[] { ',', ' ' }, StringSplitOptions.RemoveEmptyEntries))
                {
                    if (int.TryParse(part, out var id) && id > 0 && !ids.Contains(id))
                    {
                        ids.Add(id);
                    }
                }

                spec.PermissionSets = ids;
                return;
            }
        }

        problems.Add(new ImportProblem(section.Line + 1, "expected 'The permission set id … is: N' (or '… are: 1, 3, 15') under '# Third party invocation'"));
    }

    /// <summary>Reads a parameter table. Columns are found by their header, in any order.</summary>
    private static List<ImportedField> ReadFields(DocSection section, List<ImportProblem> problems, string where)
    {
        var fields = new List<ImportedField>();
        var table = section.Table(problems);
        if (table is null)
        {
            problems.Add(new ImportProblem(section.Line + 1, $"expected a parameter table (Parameter Name | type | …) under '# {section.Heading}'"));
            return fields;
        }

        var name = table.Column("Parameter Name", "name", "参数名");
        var type = table.Column("type", "类型");
        var required = table.Column("Required to fill in", "Required", "必填");
        var description = table.Column("Introductions", "description", "说明");
        var example = table.Column("Example", "示例");
        var enumerate = table.Column("to enumerate", "枚举");
        var known = new[] { name, type, required, description, example, enumerate };
        for (var i = 0; i < table.Header.Length; i++)
        {
            if (!known.Contains(i) && table.Header[i].Length > 0)
            {
                problems.Add(new ImportProblem(table.Line, $"unknown column '{table.Header[i]}' ignored (expected Parameter Name, type, Required to fill in, Introductions, Example, to enumerate)"));
            }
        }

        if (name < 0 || type < 0)
        {
            problems.Add(new ImportProblem(table.Line, "expected the columns 'Parameter Name' and 'type' in the table header"));
            return fields;
        }

        foreach (var (line, cells) in table.Rows)
        {
            string Cell(int i) => i >= 0 && i < cells.Length ? cells[i] : string.Empty;
            var wire = Cell(name);
            if (wire.Length == 0)
            {
                problems.Add(new ImportProblem(line, "expected a parameter name in the first column"));
                continue;
            }

            if (!Specs.Parsing.Naming.IsValidIdentifier(Specs.Parsing.Naming.ToPascalCase(wire)))
            {
                problems.Add(new ImportProblem(line, $"expected a parameter name (letters, digits, '_'), not '{wire}'; row skipped"));
                continue;
            }

            var field = new ImportedField { Name = wire, Type = "string", Line = line };
            SetType(field, Cell(type), line, problems);
            if (required >= 0)
            {
                var r = Cell(required).ToLowerInvariant();
                if (r is "yes" or "是" or "true" or "required")
                {
                    field.Required = true;
                }
                else if (r is not ("no" or "否" or "false" or "" or "-"))
                {
                    field.Reviews.Add($"the 'Required' column says '{Cell(required)}'; read as not required");
                }
            }

            var desc = Prose(Cell(description));
            field.Description = desc.Length == 0 || desc == "-" ? null : desc;
            var ex = Cell(example);
            field.Example = ex.Length == 0 || ex == "-" ? null : ex;
            var en = Cell(enumerate);
            if (en.Length > 0 && en != "-")
            {
                field.EnumValues = en.Split(new[] { ' ', ',', '，', '、', '/' }, StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();
            }

            if (fields.Any(f => f.Name == wire))
            {
                problems.Add(new ImportProblem(line, $"parameter '{wire}' is listed twice in the {where} table; the second row is ignored"));
                continue;
            }

            fields.Add(field);
        }

        return fields;
    }

    private static void SetType(ImportedField field, string type, int line, List<ImportProblem> problems)
    {
        var t = type.Trim().ToLowerInvariant();
        switch (t)
        {
            case "number" or "string" or "boolean" or "object" or "objarray":
                field.Type = t;
                break;
            case "int" or "integer" or "int32" or "uint32" or "long" or "int64" or "uint64" or "float" or "double":
                field.Type = "number";
                field.Reviews.Add($"the page's type '{type}' was read as number");
                break;
            case "bool":
                field.Type = "boolean";
                break;
            case "array" or "array<string>" or "string[]":
                field.Type = "array";
                field.Items = "string";
                field.Reviews.Add("the page does not give the item type of this array; string assumed");
                break;
            case "array<number>" or "number[]":
                field.Type = "array";
                field.Items = "number";
                break;
            default:
                problems.Add(new ImportProblem(line, $"unknown type '{type}' for '{field.Name}' (expected number, string, boolean, object, objarray or array); written as string"));
                field.Type = "string";
                field.Reviews.Add($"unknown type '{type}' on the page; string is a placeholder");
                break;
        }

        var n = field.Name.ToLowerInvariant();
        if (field.Type == "number" && n is not ("errcode" or "errmsg"))
        {
            if (n == "id" || n.EndsWith("_id", StringComparison.Ordinal))
            {
                field.Format = "int64";
                field.NumberOrString = true;
                field.Reviews.Add("an id: int64, and also accepted as a JSON string (WeChat sends some ids both ways)");
            }
            else if (n.EndsWith("time", StringComparison.Ordinal) || n.EndsWith("_at", StringComparison.Ordinal))
            {
                field.Format = "int64";
                field.Reviews.Add("a time: int64 (Unix seconds) assumed");
            }
            else
            {
                field.Format = "int32";
                field.Reviews.Add("the page gives no width; int32 assumed");
            }
        }
    }

    private static void AttachNested(DocSection section, ImportedSpec spec, List<ImportProblem> problems)
    {
        var m = s_nested.Match(section.Heading);
        var root = m.Groups[1].Value.Equals("Res", StringComparison.OrdinalIgnoreCase) ? spec.Response : spec.Request;
        var path = m.Groups[2].Value.Split('.').Select(p => p.Replace("(Array)", string.Empty).Trim()).ToList();
        var fields = root;
        ImportedField? target = null;
        foreach (var step in path)
        {
            target = fields?.FirstOrDefault(f => f.Name == step);
            if (target is null)
            {
                problems.Add(new ImportProblem(section.Line, $"section '{section.Heading}' names '{step}', which is not a field of the table it belongs to (expected the path of an object field)"));
                return;
            }

            fields = target.Fields;
        }

        if (target is null)
        {
            return;
        }

        if (target.Type is not ("object" or "objarray"))
        {
            problems.Add(new ImportProblem(section.Line, $"section '{section.Heading}' gives a table for '{target.Name}', whose type is {target.Type}, not object or objarray"));
            return;
        }

        if (target.Fields is not null)
        {
            problems.Add(new ImportProblem(section.Line, $"the table of '{target.Name}' is given twice; the second is ignored"));
            return;
        }

        target.Fields = ReadFields(section, problems, target.Name);
    }

    private static void ReadExamples(DocSection section, ImportedSpec spec, List<ImportProblem> problems)
    {
        var requestAt = section.Lines.FindIndex(l => l.Text.Trim().StartsWith("Example Request", StringComparison.OrdinalIgnoreCase));
        var responseAt = section.Lines.FindIndex(l => l.Text.Trim().StartsWith("Return an example", StringComparison.OrdinalIgnoreCase) || l.Text.Trim().StartsWith("Response example", StringComparison.OrdinalIgnoreCase));
        if (requestAt < 0)
        {
            problems.Add(new ImportProblem(section.Line + 1, "expected 'Example Requests' followed by the request JSON"));
        }

        if (responseAt < 0)
        {
            problems.Add(new ImportProblem(section.Line + 1, "expected 'Return an example' followed by the response JSON"));
        }

        string? TypeOf(string wire) => AllFields(spec).FirstOrDefault(f => f.Name == wire)?.Type;

        string? Take(int from, int to, string which)
        {
            if (from < 0)
            {
                return null;
            }

            var lines = section.Lines.Skip(from + 1).Take((to < 0 ? section.Lines.Count : to) - from - 1).Where(l => l.Text.Trim().Length > 0).ToList();
            if (lines.Count == 0)
            {
                problems.Add(new ImportProblem(section.Lines[from].Number, $"the {which} example is empty"));
                return null;
            }

            var cleaned = ExampleCleaner.Clean(lines, which, TypeOf);
            spec.Normalized.AddRange(cleaned.Repairs);
            spec.PlaceholderPaths.AddRange(cleaned.PlaceholderKeys.Select(k => which + ":" + k));
            if (cleaned.Problem is not null)
            {
                problems.Add(cleaned.Problem);
            }

            return cleaned.Json;
        }

        spec.RequestExample = Take(requestAt, responseAt > requestAt ? responseAt : -1, "request");
        spec.ResponseExample = Take(responseAt, requestAt > responseAt ? requestAt : -1, "response");
    }

    private static void ReadErrors(DocSection section, ImportedSpec spec, List<ImportProblem> problems)
    {
        var table = section.Table(problems);
        if (table is null)
        {
            problems.Add(new ImportProblem(section.Line + 1, "expected the error-code table (Error code | Error Description | Solutions)"));
            return;
        }

        var code = table.Column("Error code", "errcode", "错误码");
        var message = table.Column("Error Description", "errmsg", "错误描述");
        var solution = table.Column("Solutions", "solution", "解决方案");
        if (code < 0)
        {
            problems.Add(new ImportProblem(table.Line, "expected an 'Error code' column in the error-code table"));
            return;
        }

        foreach (var (line, cells) in table.Rows)
        {
            if (!int.TryParse(cells[code], out var value))
            {
                problems.Add(new ImportProblem(line, $"expected an integer error code, not '{cells[code]}'"));
                continue;
            }

            if (spec.Errors.Any(e => e.Code == value))
            {
                problems.Add(new ImportProblem(line, $"error code {value} is listed twice; the second row is ignored"));
                continue;
            }

            string? Cell(int i) => i >= 0 && i < cells.Length && cells[i].Length > 0 && cells[i] != "-" ? Prose(cells[i]) : null;
            spec.Errors.Add(new ImportedError(value, Cell(message), Cell(solution)));
        }
    }

    private static void ReadScope(DocSection section, ImportedSpec spec, List<ImportProblem> problems)
    {
        var table = section.Table(problems);
        if (table is null || table.Rows.Count == 0)
        {
            problems.Add(new ImportProblem(section.Line + 1, "expected the table 'Official Account | Service Account' with a row of ✔ / 'Certification only'"));
            return;
        }

        var cells = table.Rows[0].Cells;
        string Access(int column, string who)
        {
            if (column < 0)
            {
                spec.Reviews.Add($"the scope table has no '{who}' column: not_allowed assumed");
                return "not_allowed";
            }

            var v = cells[column].Trim();
            if (v is "✔" or "✓" or "√" or "Yes" or "yes")
            {
                return "allowed";
            }

            if (v.StartsWith("Certification only", StringComparison.OrdinalIgnoreCase) || v.StartsWith("Authentication only", StringComparison.OrdinalIgnoreCase) || v == "仅认证")
            {
                return "certified_only";
            }

            if (v.Length > 0 && v != "-" && v != "✘" && v != "×")
            {
                problems.Add(new ImportProblem(table.Rows[0].Line, $"unknown scope mark '{v}' for {who} (expected ✔, 'Certification only' or blank); not_allowed written"));
            }

            return "not_allowed";
        }

        spec.OfficialAccount = Access(table.Column("Official Account", "公众号"), "Official Account");
        spec.ServiceAccount = Access(table.Column("Service Account", "服务号"), "Service Account");
    }

    private static void NameSpec(ImportedSpec spec)
    {
        var iface = spec.Interface ?? spec.Title ?? "Imported";
        var urlWords = (spec.Url ?? string.Empty).Split('/', '_', '.').Where(w => w.Length > 1);
        var name = NameGuesser.SpecName(iface, urlWords);
        spec.Name = new Guess<string>(name, $"C# name derived from the interface name '{iface}'; check the word boundaries");
        if (spec.Url is not null && Uri.TryCreate(spec.Url, UriKind.Absolute, out var uri))
        {
            var (group, operation) = NameGuesser.GroupAndOperation(uri.AbsolutePath, name);
            spec.Group = new Guess<string>(group, $"client group derived from the URL path; the method becomes WxApiClient.{group}.{operation}Async");
            spec.Operation = new Guess<string>(operation, "operation derived from the URL path; a verb such as Reply or Get reads better");
        }
    }

    public static IEnumerable<ImportedField> AllFields(ImportedSpec spec)
    {
        IEnumerable<ImportedField> Walk(IEnumerable<ImportedField> fields) =>
            fields.SelectMany(f => new[] { f }.Concat(Walk(f.Fields ?? new List<ImportedField>())));
        return Walk(spec.Query.Concat(spec.Request ?? new List<ImportedField>()).Concat(spec.Response));
    }

    /// <summary>Tidies table prose: single spaces, no space before a comma or full stop.</summary>
    public static string Prose(string text) =>
        Regex.Replace(Regex.Replace(text.Trim(), @"\s+", " "), @"\s+([,.;])", "$1").Trim();
}
