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
    private static readonly Regex s_nested = new(@"^(Res|Req|Body)\.(.+?)\s*Object(?:\s+Payload)?$", RegexOptions.IgnoreCase);

    public static Result Import(string text)
    {
        var problems = new List<ImportProblem>();
        var page = DocPage.Parse(text);
        if (page.Title is null || page.Find(h => PageVocabulary.SectionKind(h) is "https" or "heading") is null)
        {
            problems.Add(new ImportProblem(page.TitleLine, "this is not an official API doc page in the expected layout: expected a '# <title>' line and the sections '# 1. How to call' … '# 7. Scope of application' (or '# 1. 调用方式' … '# 7. 适用范围')"));
            return new Result(null, problems);
        }

        var spec = new ImportedSpec { Title = page.Title };
        ReadPreamble(page, spec, problems);
        ReadSections(page, spec, problems);

        // Examples are evidence for the types: read them with the table's types, let them correct the types,
        // then read them again so that placeholders get values of the corrected types.
        CleanExamples(spec, null);
        RequestUrlExample.CheckQuery(spec);
        TypeEvidence.Apply(spec, problems);
        CleanExamples(spec, problems);
        TypeEvidence.NormalizeNumericStrings(spec);
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

            if (PageVocabulary.IsServerSideLine(t))
            {
                spec.ServerSideOnly = true;
            }
            else if (PageVocabulary.InterfaceName.Match(t) is { Success: true } m)
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
            problems.Add(new ImportProblem(page.TitleLine + 1, "expected a line 'Interface name: …' or 'Interface English name: …' (接口英文名：…) under the title"));
        }
    }

    private static void ReadSections(DocPage page, ImportedSpec spec, List<ImportProblem> problems)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var nested = new List<DocSection>();
        foreach (var section in page.Sections)
        {
            var h = section.Heading;
            var kind = PageVocabulary.SectionKind(h);
            if (kind is null)
            {
                if (s_nested.IsMatch(h))
                {
                    nested.Add(section);
                    continue;
                }

                problems.Add(new ImportProblem(section.Line, $"unknown section '{h}' (expected the sections of an API doc page: How to call, Request parameters, Return Parameters, Note, Code examples, Error code, Scope of application — or 调用方式, 请求参数, 返回参数, 注意事项, 代码示例, 错误码, 适用范围 — or a 'Res.….Object Payload' table)"));
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
                    spec.Request = section.TextLines.Any(l => PageVocabulary.IsNothing(l.Text)) && !section.Lines.Any(l => l.Text.Contains('|'))
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

        SetPaths(spec.Query, "Query");
        SetPaths(spec.Request ?? new List<ImportedField>(), "Req");
        SetPaths(spec.Response, "Res");
        foreach (var section in nested)
        {
            AttachNested(section, spec, problems);
        }

        // Objects without a section of their own are settled by TypeEvidence: a section with the same fields,
        // the fields of the example, or a problem.
    }

    public static void SetPaths(List<ImportedField> fields, string parent)
    {
        foreach (var f in fields)
        {
            f.Path = parent + "." + f.Name;
            if (f.Fields is not null)
            {
                SetPaths(f.Fields, f.Path);
            }
        }
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
            if (PageVocabulary.SaysNotSupported(t))
            {
                spec.CloudCall = "not_supported";
            }
            else if (PageVocabulary.CloudMethod(t) is { } method)
            {
                spec.CloudCall = method;
            }
        }
    }

    private static void ReadThirdParty(DocSection section, ImportedSpec spec, List<ImportProblem> problems)
    {
        foreach (var line in section.TextLines)
        {
            if (PageVocabulary.SaysNotSupported(line.Text))
            {
                spec.PermissionSets = null;
                return;
            }

            if (PageVocabulary.PermissionSets.Match(line.Text.Trim()) is { Success: true } m)
            {
                var ids = new List<int>();
                foreach (var part in m.Groups[1].Value.Split(PageVocabulary.ListSeparators, StringSplitOptions.RemoveEmptyEntries))
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

        problems.Add(new ImportProblem(section.Line + 1, "expected 'The permission set id … is: N' (or '… are: 1, 3, 15'; 该接口所属的权限集 id 为：N) under '# Third party invocation'"));
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

        var name = table.Column(PageVocabulary.NameColumn);
        var type = table.Column(PageVocabulary.TypeColumn);
        var required = table.Column(PageVocabulary.RequiredColumn);
        var description = table.Column(PageVocabulary.DescriptionColumn);
        var example = table.Column(PageVocabulary.ExampleColumn);
        var enumerate = table.Column(PageVocabulary.EnumColumn);
        var known = new[] { name, type, required, description, example, enumerate };
        for (var i = 0; i < table.Header.Length; i++)
        {
            if (!known.Contains(i) && table.Header[i].Length > 0)
            {
                problems.Add(new ImportProblem(table.Line, $"unknown column '{table.Header[i]}' ignored (expected Parameter Name, type, Required to fill in, Introductions, Example, to enumerate — or 参数名, 类型, 必填, 说明, 示例, 枚举)"));
            }
        }

        if (name < 0 || type < 0)
        {
            problems.Add(new ImportProblem(table.Line, "expected the columns 'Parameter Name' and 'type' (参数名, 类型) in the table header"));
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
                var r = PageVocabulary.Required(Cell(required));
                if (r == true)
                {
                    field.Required = true;
                }
                else if (r is null)
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
            case "数字" or "数值":
                field.Type = "number";
                break;
            case "字符串":
                field.Type = "string";
                break;
            case "对象":
                field.Type = "object";
                break;
            case "int" or "integer" or "int32" or "uint32" or "long" or "int64" or "uint64" or "float" or "double":
                field.Type = "number";
                field.Reviews.Add($"the page's type '{type}' was read as number");
                break;
            case "bool":
                field.Type = "boolean";
                break;
            case "array" or "数组":
                field.Type = "array";
                field.Items = "string";
                field.ItemsGuessed = true;
                field.Reviews.Add("the page does not give the item type of this array; string assumed");
                break;
            case "array<string>" or "string[]":
                field.Type = "array";
                field.Items = "string";
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
            field.FormatGuessed = true;
            if (n == "id" || n.EndsWith("_id", StringComparison.Ordinal))
            {
                field.Format = "int64";
                field.NumberOrString = true;
                field.Reviews.Add("an id: int64, and also accepted as a JSON string (WeChat sends some ids both ways)");
            }
            else if (IsTimestampName(n))
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

    /// <summary>create_time, expire_time, timestamp, updated_at: Unix times, which pass 2^31 in 2038.</summary>
    public static bool IsTimestampName(string lowerName) =>
        lowerName.EndsWith("time", StringComparison.Ordinal) || lowerName.EndsWith("timestamp", StringComparison.Ordinal)
        || lowerName.EndsWith("_at", StringComparison.Ordinal) || lowerName.EndsWith("_ts", StringComparison.Ordinal);

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
        SetPaths(target.Fields, target.Path);
    }

    private static void ReadExamples(DocSection section, ImportedSpec spec, List<ImportProblem> problems)
    {
        var requestAt = section.Lines.FindIndex(l => PageVocabulary.IsRequestExampleLabel(l.Text));
        var responseAt = section.Lines.FindIndex(l => PageVocabulary.IsResponseExampleLabel(l.Text));
        if (requestAt < 0)
        {
            problems.Add(new ImportProblem(section.Line + 1, "expected 'Example Requests' (请求示例) followed by the request JSON or the call URL"));
        }

        if (responseAt < 0)
        {
            problems.Add(new ImportProblem(section.Line + 1, "expected 'Return an example' (返回示例) followed by the response JSON"));
        }

        List<PageLine>? Take(int from, int to, string which)
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

            return lines;
        }

        spec.RequestExampleLines = Take(requestAt, responseAt > requestAt ? responseAt : -1, "request");
        spec.ResponseExampleLines = Take(responseAt, requestAt > responseAt ? requestAt : -1, "response");
        if (spec.RequestExampleLines is not null)
        {
            spec.RequestExampleLines = RequestUrlExample.Read(spec.RequestExampleLines, spec);
        }
    }

    /// <summary>(Re)reads both examples with the field types as they are now. Problems are reported only when
    /// <paramref name="problems"/> is given (the last pass).</summary>
    private static void CleanExamples(ImportedSpec spec, List<ImportProblem>? problems)
    {
        spec.Normalized.Clear();
        spec.PlaceholderPaths.Clear();
        spec.RequestExample = spec.ResponseExample = null;

        // The type a placeholder stands for: the field of that name in the example's own tables first.
        string? TypeOf(IEnumerable<ImportedField> fields, string wire) =>
            Walk(fields).FirstOrDefault(f => f.Name == wire)?.Type ?? AllFields(spec).FirstOrDefault(f => f.Name == wire)?.Type;

        string? Clean(List<PageLine>? lines, string which, IEnumerable<ImportedField> fields)
        {
            if (lines is null)
            {
                return null;
            }

            var cleaned = ExampleCleaner.Clean(lines, which, wire => TypeOf(fields, wire));
            spec.Normalized.AddRange(cleaned.Repairs);
            spec.PlaceholderPaths.AddRange(cleaned.PlaceholderKeys.Select(k => which + ":" + k));
            if (cleaned.Problem is not null)
            {
                problems?.Add(cleaned.Problem);
            }

            return cleaned.Json;
        }

        if (spec.RequestUrlQuery is not null)
        {
            spec.Normalized.Add(RequestUrlExample.Note(spec));
        }

        spec.RequestExample = spec.RequestUrlQuery is not null && spec.RequestExampleLines is null
            ? (spec.Request is null ? "{}" : null)
            : Clean(spec.RequestExampleLines, "request", spec.Query.Concat(spec.Request ?? new List<ImportedField>()));
        spec.ResponseExample = Clean(spec.ResponseExampleLines, "response", spec.Response);
    }

    private static void ReadErrors(DocSection section, ImportedSpec spec, List<ImportProblem> problems)
    {
        var table = section.Table(problems);
        if (table is null)
        {
            problems.Add(new ImportProblem(section.Line + 1, "expected the error-code table (Error code | Error Description | Solutions)"));
            return;
        }

        var code = table.Column(PageVocabulary.ErrorCodeColumn);
        var message = table.Column(PageVocabulary.ErrorMessageColumn);
        var solution = table.Column(PageVocabulary.SolutionColumn);
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
            if (PageVocabulary.Scope(v) is { } access)
            {
                return access;
            }

            problems.Add(new ImportProblem(table.Rows[0].Line, $"unknown scope mark '{v}' for {who} (expected ✔, 'Certification only' (仅认证), ✘ or blank); not_allowed written"));
            return "not_allowed";
        }

        spec.OfficialAccount = Access(table.Column(PageVocabulary.OfficialAccountColumn), "Official Account");
        spec.ServiceAccount = Access(table.Column(PageVocabulary.ServiceAccountColumn), "Service Account");
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

    public static IEnumerable<ImportedField> AllFields(ImportedSpec spec) =>
        Walk(spec.Query.Concat(spec.Request ?? new List<ImportedField>()).Concat(spec.Response));

    /// <summary>The fields and all their nested fields, depth first.</summary>
    public static IEnumerable<ImportedField> Walk(IEnumerable<ImportedField> fields) =>
        fields.SelectMany(f => new[] { f }.Concat(Walk(f.Fields ?? new List<ImportedField>())));

    /// <summary>Tidies table prose: single spaces, no space before a comma or full stop.</summary>
    public static string Prose(string text) =>
        Regex.Replace(Regex.Replace(text.Trim(), @"\s+", " "), @"\s+([,.;])", "$1").Trim();
}
