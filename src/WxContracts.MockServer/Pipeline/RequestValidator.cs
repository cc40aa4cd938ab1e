using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using WxContracts.Specs.Model;
using WxContracts.Specs.Parsing;
using WxContracts.MockServer.Specs;

namespace WxContracts.MockServer.Pipeline;

/// <summary>
/// Checks a request's query parameters and JSON body against the spec's tables with the generator's
/// <see cref="TableValidator"/>, and turns the first problem into WeChat's error:
/// body missing → 44002; not JSON, wrong JSON type, number too wide → 47001; required field missing or null →
/// the code whose errmsg is "&lt;field&gt; missing" (41002 appid missing, …) or else 40035; a value its enum
/// does not list → 40035. Unknown fields are ignored, as WeChat does, and noted in the journal.
/// </summary>
internal sealed class RequestValidator
{
    private readonly SpecCatalog _catalog;
    private readonly ErrorReplies _errors;

    public RequestValidator(SpecCatalog catalog, ErrorReplies errors)
    {
        _catalog = catalog;
        _errors = errors;
    }

    /// <summary>The validated request, or the refusal; <paramref name="notes"/> lists ignored unknown fields.</summary>
    public (MockRequest? Request, MockReply? Refusal) Validate(EndpointSpec spec, IReadOnlyDictionary<string, string> query, string? body, bool hasBody, out string? notes)
    {
        notes = null;
        var problems = new List<TableProblem>();
        if (spec.Query.Count > 0)
        {
            problems.AddRange(TableValidator.Validate(spec, TextAsJson(spec.Query, query), spec.Query, "query", false));
        }

        JObject? json = null;
        var fields = spec.Request?.Fields ?? EquatableArray<FieldSpec>.Empty;
        if (hasBody && fields.Count > 0)
        {
            if (string.IsNullOrWhiteSpace(body))
            {
                return (null, _errors.Error(44002, spec, "the request body is empty"));
            }

            JValue root;
            try
            {
                root = MiniJson.Parse(body!);
            }
            catch (JsonSyntaxException ex)
            {
                return (null, _errors.Error(47001, spec, "the body is not JSON: " + ex.Message));
            }

            json = root as JObject;
            if (json is null)
            {
                return (null, _errors.Error(47001, spec, "the body must be a JSON object, not " + root.KindName));
            }

            problems.AddRange(TableValidator.Validate(spec, json, fields, "body", false));
        }

        var unknown = problems.Where(p => p.Kind == TableProblemKind.UnknownField).Select(p => p.Path).ToList();
        if (unknown.Count > 0)
        {
            notes = "ignored unknown " + string.Join(", ", unknown);
        }

        var first = problems.FirstOrDefault(p => p.Kind != TableProblemKind.UnknownField);
        if (first is not null)
        {
            var (code, hint) = Refusal(spec, first);
            return (null, _errors.Error(code, spec, hint));
        }

        return (new MockRequest(spec, query, json, json is null ? null : body), null);
    }

    /// <summary>
    /// The same checks for a multipart upload: the query, the text parts against the spec's non-file fields, and
    /// each required file part (missing → 41005 media data missing).
    /// </summary>
    public (MockRequest? Request, MockReply? Refusal) ValidateMultipart(EndpointSpec spec, IReadOnlyDictionary<string, string> query, MockForm form, out string? notes)
    {
        notes = null;
        var problems = new List<TableProblem>();
        if (spec.Query.Count > 0)
        {
            problems.AddRange(TableValidator.Validate(spec, TextAsJson(spec.Query, query), spec.Query, "query", false));
        }

        var fields = spec.Request?.Fields ?? EquatableArray<FieldSpec>.Empty;
        foreach (var file in fields.Where(f => f.Kind == FieldKind.File))
        {
            if (file.Required && !form.Files.ContainsKey(file.WireName))
            {
                return (null, _errors.Error(41005, spec, $"the file part '{file.WireName}' is missing"));
            }
        }

        var text = new EquatableArray<FieldSpec>(fields.Where(f => f.Kind != FieldKind.File).ToArray());
        if (text.Count > 0)
        {
            problems.AddRange(TableValidator.Validate(spec, TextAsJson(text, form.Fields), text, "form", false));
        }

        var unknown = form.Fields.Keys.Concat(form.Files.Keys).Where(n => !fields.Any(f => f.WireName == n)).Select(n => "form." + n).ToList();
        if (unknown.Count > 0)
        {
            notes = "ignored unknown " + string.Join(", ", unknown);
        }

        var first = problems.FirstOrDefault(p => p.Kind != TableProblemKind.UnknownField);
        if (first is not null)
        {
            var (code, hint) = Refusal(spec, first);
            return (null, _errors.Error(code, spec, hint));
        }

        return (new MockRequest(spec, query, null, null, form), null);
    }

    private (int Code, string Hint) Refusal(EndpointSpec spec, TableProblem problem)
    {
        switch (problem.Kind)
        {
            case TableProblemKind.MissingRequired:
            case TableProblemKind.RequiredNull:
            {
                var wire = problem.Field!.WireName;
                var code = _catalog.CodeOf(wire + " missing", spec) ?? _catalog.CodeOf("app" + wire + " missing", spec) ?? 40035;
                return (code, problem.Path + (problem.Kind == TableProblemKind.RequiredNull ? " is required but null" : " is required"));
            }

            case TableProblemKind.WrongType:
                return (47001, $"{problem.Path} must be {problem.Expected}, not {problem.Value!.KindName}");
            case TableProblemKind.OutOfRange:
                return (47001, $"{problem.Path} does not fit {problem.Field!.Format.ToString().ToLowerInvariant()}");
            default:
                return (40035, $"{problem.Path}: '{problem.Detail}' is not a value of {problem.Field!.EnumName}");
        }
    }

    /// <summary>The text values (query parameters, form parts) the table lists, as JSON values: numbers and booleans where they parse as such.</summary>
    private static JObject TextAsJson(EquatableArray<FieldSpec> fields, IReadOnlyDictionary<string, string> values)
    {
        var properties = new List<KeyValuePair<string, JValue>>();
        var offsets = new List<int>();
        foreach (var field in fields)
        {
            if (!values.TryGetValue(field.WireName, out var text))
            {
                continue;
            }

            JValue value = field.ScalarKind switch
            {
                FieldKind.Number when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) => new JNumber(0, text),
                FieldKind.Boolean when text is "true" or "false" => new JLiteral(0, text == "true"),
                _ => new JString(0, text),
            };
            properties.Add(new KeyValuePair<string, JValue>(field.WireName, value));
            offsets.Add(0);
        }

        return new JObject(0, properties, offsets);
    }
}
