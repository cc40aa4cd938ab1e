using System.Collections.Generic;
using System.Runtime.CompilerServices;
using WxContracts.Specs.Model;

namespace WxContracts.Specs.Validation;

/// <summary>
/// Where the parts of one parsed spec are written, so that the validator can point at them. Lives beside the model
/// only while the file is being parsed: the models themselves carry no positions.
/// </summary>
public sealed class SourceMap
{
    private readonly Dictionary<FieldSpec, SpecLocation> _properties = new(ReferenceComparer<FieldSpec>.Instance);
    private readonly Dictionary<FieldSpec, SpecLocation> _nestedTables = new(ReferenceComparer<FieldSpec>.Instance);

    /// <summary>The spec's <c>name</c>.</summary>
    public SpecLocation? Name { get; set; }

    /// <summary>The <c>request</c> table (or <c>none</c>).</summary>
    public SpecLocation? Request { get; set; }

    /// <summary>The <c>response</c> table (or <c>none</c>).</summary>
    public SpecLocation? Response { get; set; }

    /// <summary>Where each enum (spec-level or inline) is defined.</summary>
    public Dictionary<string, SpecLocation> Enums { get; } = new(System.StringComparer.Ordinal);

    /// <summary>Where each shared type (<c>types</c>) is named.</summary>
    public Dictionary<string, SpecLocation> Types { get; } = new(System.StringComparer.Ordinal);

    /// <summary>Records where a field's property name comes from (<c>property_name</c>, else <c>name</c>) and, for
    /// object fields, its nested table.</summary>
    public void AddField(FieldSpec field, SpecLocation property, SpecLocation? nestedTable)
    {
        _properties[field] = property;
        if (nestedTable is not null)
        {
            _nestedTables[field] = nestedTable;
        }
    }

    /// <summary>Where the field's property name is written.</summary>
    public SpecLocation? Property(FieldSpec field) => _properties.TryGetValue(field, out var l) ? l : null;

    /// <summary>Where an object field's <c>fields</c> table is written.</summary>
    public SpecLocation? NestedTable(FieldSpec field) => _nestedTables.TryGetValue(field, out var l) ? l : null;

    private sealed class ReferenceComparer<T> : IEqualityComparer<T>
        where T : class
    {
        public static readonly ReferenceComparer<T> Instance = new();

        public bool Equals(T? x, T? y) => ReferenceEquals(x, y);

        public int GetHashCode(T obj) => RuntimeHelpers.GetHashCode(obj);
    }
}
