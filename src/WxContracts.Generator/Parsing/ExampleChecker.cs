using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using WxContracts.Generator.Model;
using YamlDotNet.Core;

namespace WxContracts.Generator.Parsing;

/// <summary>
/// Checks the spec's request and response examples: they must be valid JSON and agree with the parameter
/// tables (known fields, JSON types, enum values, required fields present). Diagnostics point into the example
/// text inside the YAML.
/// </summary>
internal static class ExampleChecker
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

        var checker = new Walker(spec, map, ctx, which);
        checker.CheckObject(obj, fields, which, isResponse);
    }

    private sealed class Walker
    {
        private readonly EndpointSpec _spec;
        private readonly OffsetMap _map;
        private readonly SpecContext _ctx;
        private readonly string _which;

        public Walker(EndpointSpec spec, OffsetMap map, SpecContext ctx, string which)
        {
            _spec = spec;
            _map = map;
            _ctx = ctx;
            _which = which;
        }

        public void CheckObject(JObject obj, EquatableArray<FieldSpec> fields, string path, bool isEnvelope)
        {
            for (var i = 0; i < obj.Properties.Count; i++)
            {
                var name = obj.Properties[i].Key;
                var value = obj.Properties[i].Value;
                var field = fields.FirstOrDefault(f => f.WireName == name);
                if (field is null)
                {
                    if (isEnvelope && name is "errcode" or "errmsg")
                    {
                        continue;
                    }

                    Report(obj.KeyOffsets[i], $"The {_which} example has '{path}.{name}', which the {_which} table does not list");
                    continue;
                }

                CheckValue(value, field, path + "." + name);
            }

            foreach (var field in fields)
            {
                if (field.Required && field.Kind != FieldKind.File && !obj.Properties.Any(p => p.Key == field.WireName))
                {
                    Report(obj.Offset, $"The {_which} example lacks the required field '{path}.{field.WireName}'");
                }
            }
        }

        private void CheckValue(JValue value, FieldSpec field, string path)
        {
            if (value is JLiteral { Value: null })
            {
                if (field.Required)
                {
                    Report(value.Offset, $"'{path}' is required but the {_which} example gives null");
                }

                return;
            }

            switch (field.Kind)
            {
                case FieldKind.Object:
                    if (value is JObject o)
                    {
                        CheckObject(o, field.Object!.Fields, path, false);
                    }
                    else
                    {
                        WrongType(value, path, "an object");
                    }

                    break;
                case FieldKind.ObjectArray:
                    if (value is JArray arr)
                    {
                        for (var i = 0; i < arr.Items.Count; i++)
                        {
                            if (arr.Items[i] is JObject item)
                            {
                                CheckObject(item, field.Object!.Fields, $"{path}[{i}]", false);
                            }
                            else
                            {
                                WrongType(arr.Items[i], $"{path}[{i}]", "an object");
                            }
                        }
                    }
                    else
                    {
                        WrongType(value, path, "an array of objects");
                    }

                    break;
                case FieldKind.File:
                    Report(value.Offset, $"'{path}' is a file part of the multipart body; it cannot appear in the JSON {_which} example");
                    break;
                case FieldKind.Array:
                    if (value is JArray scalars)
                    {
                        for (var i = 0; i < scalars.Items.Count; i++)
                        {
                            CheckScalar(scalars.Items[i], field, $"{path}[{i}]");
                        }
                    }
                    else
                    {
                        WrongType(value, path, "an array");
                    }

                    break;
                default:
                    CheckScalar(value, field, path);
                    break;
            }
        }

        private void CheckScalar(JValue value, FieldSpec field, string path)
        {
            string? wire = null;
            switch (field.ScalarKind)
            {
                case FieldKind.String:
                    if (value is JString s)
                    {
                        wire = s.Value;
                    }
                    else
                    {
                        WrongType(value, path, "a string");
                    }

                    break;
                case FieldKind.Boolean:
                    if (value is not JLiteral { Value: not null })
                    {
                        WrongType(value, path, "true or false");
                    }

                    break;
                case FieldKind.Number:
                    if (value is JNumber n)
                    {
                        wire = n.Raw;
                        if (field.Format != NumberFormat.Double && !FitsInteger(n.Raw, field.Format))
                        {
                            Report(value.Offset, $"'{path}' is {n.Raw} in the {_which} example, which does not fit the format {field.Format.ToString().ToLowerInvariant()}");
                        }
                    }
                    else if (value is JString ns && field.NumberOrString)
                    {
                        wire = ns.Value;
                        var parsable = field.Format == NumberFormat.Double
                            ? double.TryParse(ns.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                            : FitsInteger(ns.Value, field.Format);
                        if (!parsable)
                        {
                            Report(value.Offset, $"'{path}' is the string \"{ns.Value}\" in the {_which} example, which is not a numeric string of format {field.Format.ToString().ToLowerInvariant()}");
                        }
                    }
                    else
                    {
                        WrongType(value, path, field.NumberOrString ? "a number or a numeric string" : "a number");
                    }

                    break;
            }

            if (wire is not null && field.EnumName is { } enumName)
            {
                var e = _spec.Enums.FirstOrDefault(x => x.Name == enumName);
                if (e is not null && !e.Values.Any(v => v.Wire == wire))
                {
                    Report(value.Offset, $"'{path}' is '{wire}' in the {_which} example, which enum '{enumName}' does not list");
                }
            }
        }

        private static bool FitsInteger(string raw, NumberFormat format)
        {
            switch (format)
            {
                case NumberFormat.Int32: return int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);
                case NumberFormat.Int64: return long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);
                case NumberFormat.UInt32: return uint.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out _);
                case NumberFormat.UInt64: return ulong.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out _);
                default: return true;
            }
        }

        private void WrongType(JValue value, string path, string expected) =>
            Report(value.Offset, $"'{path}' must be {expected} according to the {_which} table, but the {_which} example has {value.KindName}");

        private void Report(int offset, string message) =>
            _ctx.Report(DiagnosticCatalog.ExampleContradictsTables, _map.Locate(offset), message);
    }

    /// <summary>Maps a character offset inside an example's text back to a line and column in the YAML file.</summary>
    private sealed class OffsetMap
    {
        private readonly SpecContext _ctx;
        private readonly YScalar _node;
        private readonly int[] _fileLineStarts;

        public OffsetMap(SpecContext ctx, YScalar node)
        {
            _ctx = ctx;
            _node = node;
            var starts = new List<int> { 0 };
            for (var i = 0; i < ctx.Text.Length; i++)
            {
                if (ctx.Text[i] == '\n')
                {
                    starts.Add(i + 1);
                }
            }

            _fileLineStarts = starts.ToArray();
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

            line = Math.Min(Math.Max(0, line), _fileLineStarts.Length - 1);
            var start = Math.Min(_fileLineStarts[line] + column, _ctx.Text.Length);
            return new SpecLocation(_ctx.FilePath, start, 0, line, column, line, column);
        }

        private int BlockIndent(int fileLine)
        {
            if (fileLine >= _fileLineStarts.Length)
            {
                return 0;
            }

            var text = _ctx.Text;
            var i = _fileLineStarts[fileLine];
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
