using System;
using System.Collections.Generic;
using System.IO;
using YamlDotNet.Core;
using YamlDotNet.Core.Tokens;

namespace WxContracts.Specs.Parsing;

/// <summary>
/// Builds the node tree of a well-formed spec straight from YamlDotNet's scanner tokens, without its parser's events:
/// the events cost a fifth of the YAML reading and as many objects again as the tokens. It follows the productions of
/// YamlDotNet's parser for what specs use (block and flow mappings and sequences, indentless sequences, empty
/// values) and gives the same nodes with the same marks. It gives up, returning null, on everything else: anchors,
/// aliases, tags, directives, a second document, an empty file, complex or repeated keys, a token out of place, a
/// scanner error, a file near the size limits. The caller then loads the text through the events, which reports
/// what is wrong. So this reader never reports anything, and where it returns a tree the event loader returns an
/// equal one without diagnostics (<c>YamlTokenReaderTests</c> checks both over the specs and fuzzed variants of them).
/// </summary>
internal sealed class YamlTokenReader
{
    // Well below the event loader's limits, so that a file near them is refused there with its diagnostic.
    private const int NodeLimit = YamlTreeLoader.MaxNodes / 2;
    private const int DepthLimit = YamlTreeLoader.MaxDepth / 2;

    private readonly Scanner _scanner;
    private Token? _current;
    private int _nodes;

    private YamlTokenReader(string text) => _scanner = new Scanner(new StringReader(text));

    /// <summary>The tree of <paramref name="text"/>, or null when the event loader must read it.</summary>
    public static YNode? Read(string text)
    {
        try
        {
            return new YamlTokenReader(text).Stream();
        }
        catch (Exception)
        {
            // A scanner error (or anything unforeseen): the event loader reads the text again and reports it.
            return null;
        }
    }

    private void Next() => _current = _scanner.MoveNext() ? _scanner.Current : null;

    /// <summary>stream ::= STREAM-START (DOCUMENT-START)? block_node DOCUMENT-END* STREAM-END</summary>
    private YNode? Stream()
    {
        Next();
        if (_current is not StreamStart)
        {
            return null;
        }

        Next();
        if (_current is DocumentStart)
        {
            Next();
        }

        if (_current is null or StreamEnd or DocumentStart or DocumentEnd or VersionDirective or TagDirective)
        {
            return null; // empty, or directives: the event loader's case
        }

        var root = Node(block: true, indentless: false, depth: 0);
        if (root is null or YScalar { IsNull: true })
        {
            return null;
        }

        while (_current is DocumentEnd)
        {
            Next();
        }

        return _current is StreamEnd ? root : null;
    }

    /// <summary>A node where the parser's ParseNode would read one, with no anchor, tag or alias.</summary>
    private YNode? Node(bool block, bool indentless, int depth)
    {
        if (++_nodes > NodeLimit || depth > DepthLimit)
        {
            return null;
        }

        switch (_current)
        {
            case Scalar scalar:
                Next();
                return new YScalar(scalar.Value, scalar.Style, scalar.Start, scalar.End);
            case BlockEntry entry when indentless:
                return IndentlessSequence(entry, depth);
            case BlockSequenceStart start when block:
                return BlockSequence(start, depth);
            case BlockMappingStart start when block:
                return BlockMapping(start, depth);
            case FlowSequenceStart start:
                return FlowSequence(start, depth);
            case FlowMappingStart start:
                return FlowMapping(start, depth);
            default:
                return null;
        }
    }

    /// <summary>The empty scalar the parser makes for a missing key, value or entry.</summary>
    private YScalar? Empty(Mark at, int depth) =>
        ++_nodes > NodeLimit || depth > DepthLimit ? null : new YScalar(string.Empty, ScalarStyle.Plain, at, at);

    /// <summary>block_sequence ::= BLOCK-SEQUENCE-START (BLOCK-ENTRY block_node?)* BLOCK-END</summary>
    private YSeq? BlockSequence(BlockSequenceStart start, int depth)
    {
        Next();
        var items = new List<YNode>();
        while (_current is BlockEntry entry)
        {
            Next();
            var item = _current is BlockEntry or BlockEnd ? Empty(entry.End, depth + 1) : Node(block: true, indentless: false, depth + 1);
            if (item is null)
            {
                return null;
            }

            items.Add(item);
        }

        if (_current is not BlockEnd end)
        {
            return null;
        }

        Next();
        return new YSeq(start.Start, end.End, items);
    }

    /// <summary>indentless_sequence ::= (BLOCK-ENTRY block_node?)+, ended by the token after it (not consumed).</summary>
    private YSeq? IndentlessSequence(BlockEntry first, int depth)
    {
        var items = new List<YNode>();
        while (_current is BlockEntry entry)
        {
            Next();
            var item = _current is BlockEntry or Key or Value or BlockEnd ? Empty(entry.End, depth + 1) : Node(block: true, indentless: false, depth + 1);
            if (item is null)
            {
                return null;
            }

            items.Add(item);
        }

        return _current is null ? null : new YSeq(first.Start, _current.End, items);
    }

    /// <summary>block_mapping ::= BLOCK-MAPPING-START (KEY node? (VALUE node?)?)* BLOCK-END</summary>
    private YMap? BlockMapping(BlockMappingStart start, int depth)
    {
        Next();
        var entries = new List<KeyValuePair<YScalar, YNode>>();
        var seen = default(YamlTreeLoader.SeenKeys);
        while (_current is Key key)
        {
            Next();
            var keyNode = _current is Key or Value or BlockEnd ? Empty(key.End, depth + 1) : Node(block: true, indentless: true, depth + 1);
            YNode? value;
            if (_current is Value colon)
            {
                Next();
                value = _current is Key or Value or BlockEnd ? Empty(colon.End, depth + 1) : Node(block: true, indentless: true, depth + 1);
            }
            else
            {
                value = _current is null ? null : Empty(_current.Start, depth + 1);
            }

            if (!Add(entries, ref seen, keyNode, value))
            {
                return null;
            }
        }

        // A value with no key before it, an alias or anything else in key position: the event loader's case.
        if (_current is not BlockEnd end)
        {
            return null;
        }

        Next();
        return new YMap(start.Start, end.End, entries);
    }

    /// <summary>flow_sequence ::= FLOW-SEQUENCE-START (flow_node (FLOW-ENTRY flow_node)* FLOW-ENTRY?)? FLOW-SEQUENCE-END</summary>
    private YSeq? FlowSequence(FlowSequenceStart start, int depth)
    {
        Next();
        var items = new List<YNode>();
        while (_current is not FlowSequenceEnd)
        {
            if (items.Count > 0)
            {
                if (_current is not FlowEntry)
                {
                    return null;
                }

                Next();
                if (_current is FlowSequenceEnd)
                {
                    break;
                }
            }

            // A single-pair mapping inside a flow sequence ([a: b]) is left to the event loader.
            var item = _current is Key ? null : Node(block: false, indentless: false, depth + 1);
            if (item is null)
            {
                return null;
            }

            items.Add(item);
        }

        var end = _current!.End;
        Next();
        return new YSeq(start.Start, end, items);
    }

    /// <summary>flow_mapping ::= FLOW-MAPPING-START (entry (FLOW-ENTRY entry)* FLOW-ENTRY?)? FLOW-MAPPING-END, where
    /// entry ::= KEY flow_node? (VALUE flow_node?)? | SCALAR (VALUE flow_node?)?</summary>
    private YMap? FlowMapping(FlowMappingStart start, int depth)
    {
        Next();
        var entries = new List<KeyValuePair<YScalar, YNode>>();
        var seen = default(YamlTreeLoader.SeenKeys);
        var first = true;
        while (_current is not FlowMappingEnd)
        {
            if (!first)
            {
                if (_current is not FlowEntry)
                {
                    return null;
                }

                Next();
                if (_current is FlowMappingEnd)
                {
                    break;
                }
            }

            first = false;
            YNode? keyNode;
            if (_current is Key)
            {
                Next();
                keyNode = _current is Value or FlowEntry or FlowMappingEnd ? Empty(_current.Start, depth + 1) : Node(block: false, indentless: false, depth + 1);
            }
            else if (_current is Scalar)
            {
                keyNode = Node(block: false, indentless: false, depth + 1);
            }
            else
            {
                return null;
            }

            YNode? value;
            if (_current is Value)
            {
                Next();
                value = _current is null ? null
                    : _current is FlowEntry or FlowMappingEnd ? Empty(_current.Start, depth + 1)
                    : Node(block: false, indentless: false, depth + 1);
            }
            else
            {
                value = _current is null ? null : Empty(_current.Start, depth + 1);
            }

            if (!Add(entries, ref seen, keyNode, value))
            {
                return null;
            }
        }

        var end = _current!.End;
        Next();
        return new YMap(start.Start, end, entries);
    }

    /// <summary>Adds an entry, or says no when the event loader would report it: a key that is not a scalar, or a key
    /// the mapping already has.</summary>
    private static bool Add(List<KeyValuePair<YScalar, YNode>> entries, ref YamlTreeLoader.SeenKeys seen, YNode? key, YNode? value)
    {
        if (key is not YScalar scalar || value is null || !seen.Add(scalar.Value))
        {
            return false;
        }

        entries.Add(new KeyValuePair<YScalar, YNode>(scalar, value));
        return true;
    }
}
