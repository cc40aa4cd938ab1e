using System.Collections.Generic;
using System.Linq;
using WxContracts.Specs.Parsing;

namespace WxContracts.Cli.Import;

/// <summary>
/// Reused sub-tables become one shared type: an object whose section the page lacks and whose example fields match
/// another section (TypeEvidence sets <see cref="ImportedField.ReusedFrom"/>) and that section's own field both
/// <c>ref</c> one entry under the spec's <c>types</c>, so the generated code has one class, not two. Run last, when
/// the examples have settled every type: if the two tables came out different, both stay written out, with a review
/// mark saying how they differ.
/// </summary>
internal static class SharedTables
{
    /// <summary>The shared types to write, each with the field whose table it is, in an order where a type comes
    /// after the types it uses. Sets <see cref="ImportedField.SharedType"/> on every field that uses one.</summary>
    public static List<(string Name, ImportedField Source)> Settle(ImportedSpec spec)
    {
        if (spec.SharedTypes is { } settled)
        {
            return settled; // written before (diff and import share the model)
        }

        var all = DocImporter.AllFields(spec).ToList();
        var types = new List<(string Name, ImportedField Source)>();
        foreach (var field in all.Where(f => f.ReusedFrom is not null))
        {
            var source = all.FirstOrDefault(f => f.Path == field.ReusedFrom && f.Fields is { Count: > 0 });
            if (source is null)
            {
                continue;
            }

            var difference = Difference(source.Fields!, field.Fields ?? new List<ImportedField>());
            if (difference is not null)
            {
                field.Reviews.Add($"the examples made this table differ from {source.Path}'s ({difference}): both are written out and generated separately");
                continue;
            }

            if (source.SharedType is null)
            {
                source.SharedType = UniqueName(spec.Name.Value + Naming.ToPascalCase(source.Name), types);
                types.Add((source.SharedType, source));
                source.Reviews.Add($"its table is used again by {field.Path}: both use the shared type {source.SharedType} (under types)");
            }

            field.SharedType = source.SharedType;
            field.Reviews.Add($"both use the shared type {source.SharedType} (under types)");
        }

        // A shared table that contains another one's user must come after it: deeper sources first.
        spec.SharedTypes = types.OrderByDescending(t => t.Source.Path.Count(c => c == '.')).ToList();
        return spec.SharedTypes;
    }

    private static string UniqueName(string name, List<(string Name, ImportedField Source)> taken)
    {
        var candidate = name;
        for (var i = 2; taken.Any(t => t.Name == candidate); i++)
        {
            candidate = name + i;
        }

        return candidate;
    }

    /// <summary>Null when the tables are the same (names, types, widths, required, enums, nesting), else the first
    /// difference in words.</summary>
    private static string? Difference(List<ImportedField> a, List<ImportedField> b)
    {
        if (!a.Select(f => f.Name).SequenceEqual(b.Select(f => f.Name)))
        {
            return "fields " + string.Join(", ", a.Select(f => f.Name)) + " vs " + string.Join(", ", b.Select(f => f.Name));
        }

        for (var i = 0; i < a.Count; i++)
        {
            var (x, y) = (a[i], b[i]);
            if (x.Type != y.Type || x.Items != y.Items || x.Format != y.Format || x.NumberOrString != y.NumberOrString
                || x.Required != y.Required || x.EnumName != y.EnumName)
            {
                return "field " + x.Name;
            }

            if ((x.Fields is null) != (y.Fields is null))
            {
                return "field " + x.Name;
            }

            if (x.Fields is not null && Difference(x.Fields, y.Fields!) is { } inner)
            {
                return x.Name + ": " + inner;
            }
        }

        return null;
    }
}
