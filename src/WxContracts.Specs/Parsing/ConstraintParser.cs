using System;
using System.Globalization;
using WxContracts.Specs.Model;

namespace WxContracts.Specs.Parsing;

/// <summary>
/// Reads and checks a field's value constraints: <c>min_length</c>/<c>max_length</c> on strings,
/// <c>minimum</c>/<c>maximum</c> on numbers. Every problem is a located diagnostic (WXC013 for a bad value,
/// WXC018 for a constraint on a type it does not fit).
/// </summary>
public static class ConstraintParser
{
    /// <summary>Numbers are carried as <see cref="double"/>: every integer up to 2^53 is exact.</summary>
    private const double MaxExactInteger = 9007199254740992d;

    /// <summary>The constraint keys of one field as written, before they are checked against the field's type.</summary>
    public sealed class Raw
    {
        public YScalar? MinLength { get; set; }

        public YScalar? MaxLength { get; set; }

        public YScalar? Minimum { get; set; }

        public YScalar? Maximum { get; set; }
    }

    /// <summary>Reads the constraint keys; null when the field has none.</summary>
    public static Raw? Parse(MapReader reader, SpecContext ctx)
    {
        var raw = new Raw
        {
            MinLength = reader.Scalar("min_length", false, "A field"),
            MaxLength = reader.Scalar("max_length", false, "A field"),
            Minimum = reader.Scalar("minimum", false, "A field"),
            Maximum = reader.Scalar("maximum", false, "A field"),
        };
        return raw.MinLength is null && raw.MaxLength is null && raw.Minimum is null && raw.Maximum is null ? null : raw;
    }

    /// <summary>Checks the constraints against the field; null (with diagnostics) when any is wrong.</summary>
    public static ConstraintSpec? Check(Raw raw, string wireName, FieldKind kind, NumberFormat format, bool isEnum, SpecContext ctx)
    {
        var ok = true;
        int? minLength = null, maxLength = null;
        double? minimum = null, maximum = null;

        if (raw.MinLength is not null || raw.MaxLength is not null)
        {
            if (kind != FieldKind.String || isEnum)
            {
                var node = raw.MinLength ?? raw.MaxLength!;
                ctx.Report(DiagnosticCatalog.BadNesting, node, $"'min_length' and 'max_length' are only allowed on string fields without an enum; '{wireName}' is {Describe(kind, isEnum)}");
                ok = false;
            }
            else
            {
                minLength = Length(raw.MinLength, "min_length", ctx, ref ok);
                maxLength = Length(raw.MaxLength, "max_length", ctx, ref ok);
                if (minLength is { } lo && maxLength is { } hi && lo > hi)
                {
                    ctx.Report(DiagnosticCatalog.InvalidValue, raw.MinLength!, $"'min_length' ({lo}) is greater than 'max_length' ({hi}) on field '{wireName}'");
                    ok = false;
                }
            }
        }

        if (raw.Minimum is not null || raw.Maximum is not null)
        {
            if (kind != FieldKind.Number || isEnum)
            {
                var node = raw.Minimum ?? raw.Maximum!;
                ctx.Report(DiagnosticCatalog.BadNesting, node, $"'minimum' and 'maximum' are only allowed on number fields without an enum; '{wireName}' is {Describe(kind, isEnum)}");
                ok = false;
            }
            else
            {
                minimum = Number(raw.Minimum, "minimum", format, ctx, ref ok);
                maximum = Number(raw.Maximum, "maximum", format, ctx, ref ok);
                if (minimum is { } lo && maximum is { } hi && lo > hi)
                {
                    ctx.Report(DiagnosticCatalog.InvalidValue, raw.Minimum!, $"'minimum' ({Format(lo)}) is greater than 'maximum' ({Format(hi)}) on field '{wireName}'");
                    ok = false;
                }
            }
        }

        return ok ? new ConstraintSpec(minLength, maxLength, minimum, maximum) : null;
    }

    /// <summary>The invariant text of a constraint number, as messages and generated code write it.</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Describe(FieldKind kind, bool isEnum) =>
        isEnum ? "an enumeration" : kind.ToString().ToLowerInvariant();

    private static int? Length(YScalar? node, string key, SpecContext ctx, ref bool ok)
    {
        if (node is null)
        {
            return null;
        }

        if (MapReader.TryInt(node, out var value) && value >= 0)
        {
            return value;
        }

        ctx.Report(DiagnosticCatalog.InvalidValue, node, $"'{key}' must be a non-negative 32-bit integer, not '{node.Value}'");
        ok = false;
        return null;
    }

    private static double? Number(YScalar? node, string key, NumberFormat format, SpecContext ctx, ref bool ok)
    {
        if (node is null)
        {
            return null;
        }

        if (!double.TryParse(node.Value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value)
            || double.IsNaN(value) || double.IsInfinity(value))
        {
            ctx.Report(DiagnosticCatalog.InvalidValue, node, $"'{key}' must be a number, not '{node.Value}'");
            ok = false;
            return null;
        }

        var (lo, hi, integer) = format switch
        {
            NumberFormat.Int32 => ((double)int.MinValue, (double)int.MaxValue, true),
            NumberFormat.UInt32 => (0d, (double)uint.MaxValue, true),
            NumberFormat.UInt64 => (0d, MaxExactInteger, true),
            NumberFormat.Int64 => (-MaxExactInteger, MaxExactInteger, true),
            _ => (-MaxExactInteger, MaxExactInteger, false),
        };

        if (integer && Math.Floor(value) != value)
        {
            ctx.Report(DiagnosticCatalog.InvalidValue, node, $"'{key}' of an integer field must be an integer, not '{node.Value}'");
            ok = false;
            return null;
        }

        if (value < lo || value > hi)
        {
            ctx.Report(DiagnosticCatalog.InvalidValue, node, $"'{key}' ({node.Value}) is outside the range of the field's format {format.ToString().ToLowerInvariant()} (limits are checked up to ±2^53)");
            ok = false;
            return null;
        }

        return value;
    }
}
