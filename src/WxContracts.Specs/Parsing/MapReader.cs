using System;
using System.Collections.Generic;
using System.Globalization;
using WxContracts.Specs.Model;

namespace WxContracts.Specs.Parsing;

/// <summary>
/// Reads the keys of one YAML mapping, reporting located diagnostics for missing, unknown and mistyped keys.
/// Every getter marks its key as known; <see cref="ReportUnknownKeys"/> reports the rest.
/// </summary>
public sealed class MapReader
{
    private readonly YMap _map;
    private readonly SpecContext _ctx;

    // Which entries a getter has asked for (by index into the map's entries): the rest are unknown keys. A mask for the
    // usual small mapping, an array beyond 64 entries.
    private ulong _readMask;
    private bool[]? _read;

    public MapReader(YMap map, SpecContext ctx)
    {
        _map = map;
        _ctx = ctx;
    }

    public YNode? Node(string key)
    {
        var entries = _map.Entries;
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Key.Value == key)
            {
                MarkRead(i);
                return entries[i].Value;
            }
        }

        return null;
    }

    private void MarkRead(int index)
    {
        if (index < 64)
        {
            _readMask |= 1UL << index;
        }
        else
        {
            (_read ??= new bool[_map.Entries.Count])[index] = true;
        }
    }

    private bool WasRead(int index) => index < 64 ? (_readMask & (1UL << index)) != 0 : _read is not null && _read[index];

    public YNode? Required(string key, string what)
    {
        var node = Node(key);
        if (node is null)
        {
            _ctx.Report(DiagnosticCatalog.MissingKey, _map, $"{what} is missing the required key '{key}'");
        }

        return node;
    }

    public YScalar? Scalar(string key, bool required, string what)
    {
        var node = required ? Required(key, what) : Node(key);
        if (node is null)
        {
            return null;
        }

        if (node is YScalar scalar)
        {
            return scalar;
        }

        _ctx.Report(DiagnosticCatalog.WrongValueKind, node, $"'{key}' must be a scalar value, not {node.KindName}");
        return null;
    }

    public string? String(string key, bool required, string what)
    {
        var scalar = Scalar(key, required, what);

        // Blank text (an empty block scalar, quotes around spaces) counts as absent: found by the spec fuzzer, where a
        // blank description left a generated member without XML docs (CS1591).
        if (scalar is null || scalar.IsNull || string.IsNullOrWhiteSpace(scalar.Value))
        {
            if (scalar is not null && required)
            {
                _ctx.Report(DiagnosticCatalog.MissingKey, scalar, $"'{key}' must not be empty");
            }

            return null;
        }

        return scalar.Value;
    }

    public bool? Bool(string key)
    {
        var scalar = Scalar(key, false, string.Empty);
        if (scalar is null || scalar.IsNull)
        {
            return null;
        }

        switch (scalar.Value)
        {
            case "true":
            case "True":
            case "TRUE":
                return true;
            case "false":
            case "False":
            case "FALSE":
                return false;
            default:
                _ctx.Report(DiagnosticCatalog.WrongValueKind, scalar, $"'{key}' must be true or false, not '{scalar.Value}'");
                return null;
        }
    }

    public YSeq? Sequence(string key, bool required, string what)
    {
        var node = required ? Required(key, what) : Node(key);
        if (node is null)
        {
            return null;
        }

        if (node is YScalar { IsNull: true })
        {
            if (required)
            {
                _ctx.Report(DiagnosticCatalog.MissingKey, node, $"'{key}' must not be empty");
            }

            return null;
        }

        if (node is YSeq seq)
        {
            return seq;
        }

        _ctx.Report(DiagnosticCatalog.WrongValueKind, node, $"'{key}' must be a sequence, not {node.KindName}");
        return null;
    }

    public YMap? Mapping(string key, bool required, string what)
    {
        var node = required ? Required(key, what) : Node(key);
        if (node is null)
        {
            return null;
        }

        if (node is YMap map)
        {
            return map;
        }

        _ctx.Report(DiagnosticCatalog.WrongValueKind, node, $"'{key}' must be a mapping, not {node.KindName}");
        return null;
    }

    public void ReportUnknownKeys(string what, string allowed)
    {
        var entries = _map.Entries;
        for (var i = 0; i < entries.Count; i++)
        {
            if (!WasRead(i))
            {
                var key = entries[i].Key;
                _ctx.Report(DiagnosticCatalog.UnknownKey, key, $"Unknown key '{key.Value}' in {what} (allowed: {allowed})");
            }
        }
    }

    public static bool TryInt(YScalar scalar, out int value) =>
        int.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
}

/// <summary>What the parser of one file carries around: its path, its text and the diagnostics so far.</summary>
public sealed class SpecContext
{
    public SpecContext(string filePath, string text)
    {
        FilePath = filePath;
        Text = text;
    }

    public string FilePath { get; }

    public string Text { get; }

    public List<SpecDiagnostic> Diagnostics { get; } = new();

    /// <summary>Where the parts of the spec are written, for the validator's diagnostics.</summary>
    public Validation.SourceMap Map { get; } = new();

    public bool HasErrors
    {
        get
        {
            foreach (var d in Diagnostics)
            {
                if (d.IsError)
                {
                    return true;
                }
            }

            return false;
        }
    }

    public SpecLocation Location(YNode node) => Locations.Of(FilePath, node);

    public void Report(string id, YNode node, string message) =>
        Diagnostics.Add(new SpecDiagnostic(id, message, Location(node)));

    public void Report(string id, SpecLocation location, string message) =>
        Diagnostics.Add(new SpecDiagnostic(id, message, location));
}
