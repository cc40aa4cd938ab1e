using System;
using System.Collections.Generic;
using System.IO;
using WxContracts.Specs.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace WxContracts.Specs.Parsing;

/// <summary>A YAML node with its place in the file.</summary>
public abstract class YNode
{
    protected YNode(Mark start, Mark end)
    {
        Start = start;
        End = end;
    }

    public Mark Start { get; }

    public Mark End { get; }

    public abstract string KindName { get; }
}

public sealed class YScalar : YNode
{
    public YScalar(string value, ScalarStyle style, Mark start, Mark end)
        : base(start, end)
    {
        Value = value;
        Style = style;
    }

    public string Value { get; }

    public ScalarStyle Style { get; }

    public bool IsPlain => Style == ScalarStyle.Plain;

    /// <summary>A plain <c>~</c>, <c>null</c> or empty scalar.</summary>
    public bool IsNull => IsPlain && (Value.Length == 0 || Value == "~" || Value == "null" || Value == "Null" || Value == "NULL");

    public override string KindName => "a scalar";
}

public sealed class YMap : YNode
{
    public YMap(Mark start, Mark end, List<KeyValuePair<YScalar, YNode>> entries)
        : base(start, end) => Entries = entries;

    public List<KeyValuePair<YScalar, YNode>> Entries { get; }

    public override string KindName => "a mapping";
}

public sealed class YSeq : YNode
{
    public YSeq(Mark start, Mark end, List<YNode> items)
        : base(start, end) => Items = items;

    public List<YNode> Items { get; }

    public override string KindName => "a sequence";
}

/// <summary>
/// Loads YAML text into a small node tree with positions, refusing what a spec never needs and what makes
/// hostile input expensive: aliases (no "billion laughs"), more than one document, complex keys, excessive
/// depth or size, duplicate keys.
/// </summary>
public static class YamlTreeLoader
{
    public const int MaxChars = 1024 * 1024;
    public const int MaxDepth = 100;
    public const int MaxNodes = 200_000;

    public static YNode? Load(string text, string filePath, List<SpecDiagnostic> diagnostics)
    {
        if (text.Length > MaxChars)
        {
            diagnostics.Add(new SpecDiagnostic(
                DiagnosticCatalog.LimitExceeded,
                $"Spec is {text.Length:N0} characters long; the limit is {MaxChars:N0}",
                SpecLocation.FileStart(filePath)));
            return null;
        }

        if (FindNonPrintable(text) is int bad)
        {
            var line = 0;
            var lineStart = 0;
            for (var i = 0; i < bad; i++)
            {
                if (text[i] == '\n')
                {
                    line++;
                    lineStart = i + 1;
                }
            }

            diagnostics.Add(new SpecDiagnostic(
                DiagnosticCatalog.YamlSyntax,
                $"YAML syntax error: the character U+{(int)text[bad]:X4} is not allowed in YAML (only printable characters, tab and line breaks are)",
                new SpecLocation(filePath, bad, 1, line, bad - lineStart, line, bad - lineStart + 1)));
            return null;
        }

        // Nearly every spec is well-formed YAML in the subset specs use: read it straight from the scanner's tokens.
        // Anything else, including every document that has something to report, goes through the parser's events.
        return YamlTokenReader.Read(text) ?? LoadFromEvents(text, filePath, diagnostics);
    }

    /// <summary>
    /// Loads <paramref name="text"/> through YamlDotNet's parser events, reporting whatever is wrong with it. The
    /// reference for <see cref="YamlTokenReader"/>: where that reader returns a tree, this returns an equal one.
    /// </summary>
    internal static YNode? LoadFromEvents(string text, string filePath, List<SpecDiagnostic> diagnostics)
    {
        var state = new LoadState(filePath, diagnostics);
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
            {
                diagnostics.Add(new SpecDiagnostic(DiagnosticCatalog.EmptySpec, "Spec file is empty", SpecLocation.FileStart(filePath)));
                return null;
            }

            parser.Consume<DocumentStart>();
            var root = ReadNode(parser, state, 0);
            parser.Consume<DocumentEnd>();
            if (root is not null && parser.Accept<DocumentStart>(out var second))
            {
                diagnostics.Add(new SpecDiagnostic(
                    DiagnosticCatalog.YamlSyntax,
                    "A spec file holds one YAML document; found a second one",
                    Locations.At(filePath, second.Start, second.End)));
                return null;
            }

            if (root is YScalar scalar && scalar.IsNull)
            {
                diagnostics.Add(new SpecDiagnostic(DiagnosticCatalog.EmptySpec, "Spec file is empty", SpecLocation.FileStart(filePath)));
                return null;
            }

            return root;
        }
        catch (RefusedException)
        {
            return null;
        }
        catch (YamlException ex)
        {
            diagnostics.Add(new SpecDiagnostic(
                DiagnosticCatalog.YamlSyntax,
                "YAML syntax error: " + CleanMessage(ex.Message),
                Locations.At(filePath, ex.Start, ex.End)));
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // YamlDotNet throws these for some malformed input (e.g. an unclosed flow collection at the end of the
            // file); report them at the last node that was read.
            diagnostics.Add(new SpecDiagnostic(
                DiagnosticCatalog.YamlSyntax,
                "YAML syntax error: the structure that starts here is not closed or not valid",
                state.LastEvent is { } last ? Locations.At(filePath, last.Start, last.End) : SpecLocation.FileStart(filePath)));
            return null;
        }
    }

    /// <summary>The index of the first character YAML does not allow (c-printable), or null.</summary>
    private static int? FindNonPrintable(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if ((uint)(c - ' ') <= '~' - ' ')
            {
                continue; // printable ASCII, nearly every character of a spec
            }

            if (c is '\t' or '\n' or '\r' || c == '\u0085' || (c >= '\u00A0' && c <= '\uD7FF') || (c >= '\uE000' && c <= '\uFFFD'))
            {
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            return i;
        }

        return null;
    }

    private static string CleanMessage(string message)
    {
        // YamlDotNet prefixes its messages with "(Line: l, Col: c, Idx: i) - (Line: ...): "; the location is
        // reported separately.
        var idx = message.LastIndexOf("): ", StringComparison.Ordinal);
        return idx >= 0 && message.StartsWith("(", StringComparison.Ordinal) ? message.Substring(idx + 3) : message;
    }

    private static YNode? ReadNode(IParser parser, LoadState state, int depth)
    {
        if (++state.Nodes > MaxNodes)
        {
            state.Refuse(parser.Current!, $"Spec has more than {MaxNodes:N0} YAML nodes");
        }

        if (depth > MaxDepth)
        {
            state.Refuse(parser.Current!, $"Spec nests deeper than {MaxDepth} levels");
        }

        var current = parser.Current!;
        if (current is NodeEvent)
        {
            state.LastEvent = current;
        }

        switch (current)
        {
            case AnchorAlias alias:
                state.Refuse(alias, "YAML aliases are not allowed in specs (write the value out)");
                return null;
            case Scalar scalar:
                parser.MoveNext();
                return new YScalar(scalar.Value, scalar.Style, scalar.Start, scalar.End);
            case SequenceStart seqStart:
            {
                parser.MoveNext();
                var items = new List<YNode>();
                while (!parser.Accept<SequenceEnd>(out _))
                {
                    var item = ReadNode(parser, state, depth + 1);
                    if (item is not null)
                    {
                        items.Add(item);
                    }
                }

                var end = parser.Consume<SequenceEnd>();
                return new YSeq(seqStart.Start, end.End, items);
            }

            case MappingStart mapStart:
            {
                parser.MoveNext();
                var entries = new List<KeyValuePair<YScalar, YNode>>();
                var seen = new SeenKeys();
                while (!parser.Accept<MappingEnd>(out _))
                {
                    var keyNode = ReadNode(parser, state, depth + 1);
                    var value = ReadNode(parser, state, depth + 1);
                    if (keyNode is not YScalar key)
                    {
                        if (keyNode is not null)
                        {
                            state.Report(DiagnosticCatalog.YamlSyntax, keyNode, "Mapping keys must be plain scalars");
                        }

                        continue;
                    }

                    if (!seen.Add(key.Value))
                    {
                        state.Report(DiagnosticCatalog.DuplicateKey, key, $"Key '{key.Value}' appears twice in this mapping");
                        continue;
                    }

                    if (value is not null)
                    {
                        entries.Add(new KeyValuePair<YScalar, YNode>(key, value));
                    }
                }

                var end = parser.Consume<MappingEnd>();
                return new YMap(mapStart.Start, end.End, entries);
            }

            default:
                throw new YamlException(current.Start, current.End, $"unexpected {current.GetType().Name}");
        }
    }

    /// <summary>The keys of one mapping so far: a list scan for the few keys a spec mapping has, a set beyond.</summary>
    internal struct SeenKeys
    {
        private const int ListLimit = 16;
        private List<string>? _list;
        private HashSet<string>? _set;

        public bool Add(string key)
        {
            if (_set is not null)
            {
                return _set.Add(key);
            }

            _list ??= new List<string>(8);
            foreach (var k in _list)
            {
                if (string.Equals(k, key, StringComparison.Ordinal))
                {
                    return false;
                }
            }

            _list.Add(key);
            if (_list.Count > ListLimit)
            {
                _set = new HashSet<string>(_list, StringComparer.Ordinal);
            }

            return true;
        }
    }

    private sealed class LoadState
    {
        private readonly string _filePath;
        private readonly List<SpecDiagnostic> _diagnostics;

        public LoadState(string filePath, List<SpecDiagnostic> diagnostics)
        {
            _filePath = filePath;
            _diagnostics = diagnostics;
        }

        public int Nodes { get; set; }

        public ParsingEvent? LastEvent { get; set; }

        public void Report(string id, YNode node, string message) =>
            _diagnostics.Add(new SpecDiagnostic(id, message, Locations.At(_filePath, node.Start, node.End)));

        public void Refuse(ParsingEvent at, string message)
        {
            _diagnostics.Add(new SpecDiagnostic(DiagnosticCatalog.LimitExceeded, message, Locations.At(_filePath, at.Start, at.End)));
            throw new RefusedException();
        }
    }

    private sealed class RefusedException : Exception
    {
    }
}

public static class Locations
{
    public static SpecLocation At(string filePath, Mark start, Mark end)
    {
        // YamlDotNet marks are 1-based for lines and columns; Index is the character offset.
        var startIndex = (int)Math.Max(0, start.Index);
        var endIndex = (int)Math.Max(startIndex, end.Index);
        var line = (int)Math.Max(0, start.Line - 1);
        var column = (int)Math.Max(0, start.Column - 1);
        var endLine = (int)Math.Max(line, end.Line - 1);
        var endColumn = (int)Math.Max(0, end.Column - 1);
        if (endLine == line && endColumn < column)
        {
            endColumn = column;
        }

        return new SpecLocation(filePath, startIndex, endIndex - startIndex, line, column, endLine, endColumn);
    }

    public static SpecLocation Of(string filePath, YNode node) => At(filePath, node.Start, node.End);
}
