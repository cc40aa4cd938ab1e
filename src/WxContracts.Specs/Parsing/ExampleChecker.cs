using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using WxContracts.Specs.Model;
using YamlDotNet.Core;

namespace WxContracts.Specs.Parsing;

/// <summary>
/// Checks the spec's request and response examples: they must be valid JSON and agree with the parameter
/// tables (known fields, JSON types, enum values, required fields present). Diagnostics point into the example
/// text inside the YAML.
/// </summary>
public static class ExampleChecker
{
    public static void Check(EndpointSpec spec, MapReader examples, SpecContext ctx)
    {
        if (examples.Node("request") is YScalar request && !request.IsNull)
        {
            var fields = spec.Request?.Fields ?? EquatableArray<FieldSpec>.Empty;
            CheckOne(spec, request, "request", fields, isResponse: false, ctx);
        }

        if (examples.Node("response") is YScalar response && !response.IsNull)
        {
            CheckOne(spec, response, "response", spec.Response.Fields, isResponse: true, ctx);
        }
    }

    private static void CheckOne(EndpointSpec spec, YScalar node, string which, EquatableArray<FieldSpec> fields, bool isResponse, SpecContext ctx)
    {
        var map = new OffsetMap(ctx, node);
        JValue root;
        try
        {
            root = MiniJson.Parse(node.Value);
        }
        catch (JsonSyntaxException ex)
        {
            ctx.Report(DiagnosticCatalog.ExampleNotJson, map.Locate(ex.Offset), $"The {which} example is not valid JSON: {ex.Message}");
            return;
        }

        if (root is not JObject obj)
        {
            ctx.Report(DiagnosticCatalog.ExampleContradictsTables, map.Locate(root.Offset), $"The {which} example must be a JSON object, not {root.KindName}");
            return;
        }

        foreach (var problem in TableValidator.Validate(spec, obj, fields, which, isResponse))
        {
            ctx.Report(DiagnosticCatalog.ExampleContradictsTables, map.Locate(problem.Offset), Describe(problem, which));
        }
    }

    private static string Describe(TableProblem problem, string which)
    {
        var path = problem.Path;
        switch (problem.Kind)
        {
            case TableProblemKind.UnknownField:
                return $"The {which} example has '{path}', which the {which} table does not list";
            case TableProblemKind.MissingRequired:
                return $"The {which} example lacks the required field '{path}'";
            case TableProblemKind.RequiredNull:
                return $"'{path}' is required but the {which} example gives null";
            case TableProblemKind.WrongType:
                return $"'{path}' must be {problem.Expected} according to the {which} table, but the {which} example has {problem.Value!.KindName}";
            case TableProblemKind.OutOfRange:
                var format = problem.Field!.Format.ToString().ToLowerInvariant();
                return problem.Value is JString s
                    ? $"'{path}' is the string \"{s.Value}\" in the {which} example, which is not a numeric string of format {format}"
                    : $"'{path}' is {((JNumber)problem.Value!).Raw} in the {which} example, which does not fit the format {format}";
            default:
                return $"'{path}' is '{problem.Detail}' in the {which} example, which enum '{problem.Field!.EnumName}' does not list";
        }
    }

    /// <summary>Maps a character offset inside an example's text back to a line and column in the YAML file. The
    /// file's line starts are found only when there is something to report.</summary>
    private sealed class OffsetMap
    {
        private readonly SpecContext _ctx;
        private readonly YScalar _node;
        private int[]? _lineStarts;

        public OffsetMap(SpecContext ctx, YScalar node)
        {
            _ctx = ctx;
            _node = node;
        }

        private int[] FileLineStarts => _lineStarts ??= LineStarts(_ctx.Text);

        private static int[] LineStarts(string text)
        {
            var starts = new List<int> { 0 };
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == '\n')
                {
                    starts.Add(i + 1);
                }
            }

            return starts.ToArray();
        }

        public SpecLocation Locate(int offset)
        {
            var value = _node.Value;
            offset = Math.Max(0, Math.Min(offset, value.Length));
            var valueLine = 0;
            var valueLineStart = 0;
            for (var i = 0; i < offset; i++)
            {
                if (value[i] == '\n')
                {
                    valueLine++;
                    valueLineStart = i + 1;
                }
            }

            var valueColumn = offset - valueLineStart;
            int line;
            int column;
            var startLine = (int)_node.Start.Line - 1;
            if (_node.Style is ScalarStyle.Literal or ScalarStyle.Folded)
            {
                // The block's content starts on the line after the indicator; its indentation was stripped.
                line = startLine + 1 + valueLine;
                column = valueColumn + BlockIndent(startLine + 1);
            }
            else
            {
                var quote = _node.Style is ScalarStyle.DoubleQuoted or ScalarStyle.SingleQuoted ? 1 : 0;
                line = startLine + valueLine;
                column = valueLine == 0 ? (int)_node.Start.Column - 1 + quote + valueColumn : valueColumn;
            }

            line = Math.Min(Math.Max(0, line), FileLineStarts.Length - 1);
            var start = Math.Min(FileLineStarts[line] + column, _ctx.Text.Length);
            return new SpecLocation(_ctx.FilePath, start, 0, line, column, line, column);
        }

        private int BlockIndent(int fileLine)
        {
            if (fileLine >= FileLineStarts.Length)
            {
                return 0;
            }

            var text = _ctx.Text;
            var i = FileLineStarts[fileLine];
            var indent = 0;
            while (i + indent < text.Length && text[i + indent] == ' ')
            {
                indent++;
            }

            var firstValueLineIndent = 0;
            while (firstValueLineIndent < _node.Value.Length && _node.Value[firstValueLineIndent] == ' ')
            {
                firstValueLineIndent++;
            }

            return Math.Max(0, indent - firstValueLineIndent);
        }
    }
}
