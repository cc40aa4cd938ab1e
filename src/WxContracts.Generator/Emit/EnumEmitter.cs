using System.Linq;
using WxContracts.Generator.Model;

namespace WxContracts.Generator.Emit;

/// <summary>
/// Emits the spec's enumerations as extensible value types: a known value is a static property, any other
/// value the wire carries is kept as it is (WeChat adds values over time), so reading never fails and writing
/// gives back exactly what was read.
/// </summary>
internal static class EnumEmitter
{
    public static string Emit(EndpointSpec spec, string ns)
    {
        var w = SourceWriter.File(ns);
        var first = true;
        foreach (var e in spec.Enums)
        {
            if (!first)
            {
                w.Line();
            }

            first = false;
            if (e.IsNumber)
            {
                WriteNumber(w, e);
            }
            else
            {
                WriteString(w, e);
            }
        }

        return w.ToString();
    }

    private static void WriteString(SourceWriter w, EnumSpec e)
    {
        w.Doc("summary", e.Description ?? e.Name);
        w.DocRaw("<remarks>Wire values: " + string.Join(", ", e.Values.Select(v => "<c>" + Xml.Escape(v.Wire) + "</c>")) + ". Other values are kept as they come.</remarks>");
        w.Open($"public readonly partial struct {e.Name} : global::System.IEquatable<{e.Name}>");
        w.Line("private readonly string? _value;");
        w.Line();
        w.Doc("summary", "Creates a value from its wire text; use this for values the spec does not list yet.");
        w.Open($"public {e.Name}(string value)");
        w.Line("_value = value ?? throw new global::System.ArgumentNullException(nameof(value));");
        w.Close();
        foreach (var v in e.Values)
        {
            w.Line();
            w.Doc("summary", "\"" + v.Wire + "\"" + (v.Description is null ? string.Empty : ": " + v.Description));
            w.Line($"public static {e.Name} {v.MemberName} {{ get; }} = new {e.Name}({Literal.String(v.Wire)});");
        }

        w.Line();
        w.Doc("summary", "The value as it appears on the wire.");
        w.Line("public string Value => _value ?? string.Empty;");
        w.Line();
        w.Doc("summary", "Whether the spec lists this value.");
        w.Line("public bool IsKnown => Value is " + string.Join(" or ", e.Values.Select(v => Literal.String(v.Wire))) + ";");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line($"public bool Equals({e.Name} other) => string.Equals(Value, other.Value, global::System.StringComparison.Ordinal);");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line($"public override bool Equals(object? obj) => obj is {e.Name} other && Equals(other);");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line("public override int GetHashCode() => global::System.StringComparer.Ordinal.GetHashCode(Value);");
        w.Line();
        w.Doc("summary", "Returns the wire value.");
        w.Line("public override string ToString() => Value;");
        w.Line();
        w.Doc("summary", "Compares two values by their wire text.");
        w.Line($"public static bool operator ==({e.Name} left, {e.Name} right) => left.Equals(right);");
        w.Line();
        w.Doc("summary", "Compares two values by their wire text.");
        w.Line($"public static bool operator !=({e.Name} left, {e.Name} right) => !left.Equals(right);");
        w.Line();
        w.Doc("summary", "Converts wire text to a value.");
        w.Line($"public static implicit operator {e.Name}(string value) => new {e.Name}(value);");
        w.Close();
    }

    private static void WriteNumber(SourceWriter w, EnumSpec e)
    {
        w.Doc("summary", e.Description ?? e.Name);
        w.DocRaw("<remarks>Wire values: " + string.Join(", ", e.Values.Select(v => Xml.Escape(v.Wire) + " (" + v.MemberName + ")")) + ". Other values are kept as they come.</remarks>");
        w.Open($"public readonly partial struct {e.Name} : global::System.IEquatable<{e.Name}>");
        w.Doc("summary", "Creates a value from its wire number; use this for values the spec does not list yet.");
        w.Line($"public {e.Name}(int value) => Value = value;");
        foreach (var v in e.Values)
        {
            w.Line();
            w.Doc("summary", v.Wire + (v.Description is null ? string.Empty : ": " + v.Description));
            w.Line($"public static {e.Name} {v.MemberName} {{ get; }} = new {e.Name}({v.Wire});");
        }

        w.Line();
        w.Doc("summary", "The value as it appears on the wire.");
        w.Line("public int Value { get; }");
        w.Line();
        w.Doc("summary", "Whether the spec lists this value.");
        w.Line("public bool IsKnown => Value is " + string.Join(" or ", e.Values.Select(v => v.Wire)) + ";");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line($"public bool Equals({e.Name} other) => Value == other.Value;");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line($"public override bool Equals(object? obj) => obj is {e.Name} other && Equals(other);");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line("public override int GetHashCode() => Value;");
        w.Line();
        w.Doc("summary", "Returns the wire number as text.");
        w.Line("public override string ToString() => Value.ToString(global::System.Globalization.CultureInfo.InvariantCulture);");
        w.Line();
        w.Doc("summary", "Compares two values by their wire number.");
        w.Line($"public static bool operator ==({e.Name} left, {e.Name} right) => left.Equals(right);");
        w.Line();
        w.Doc("summary", "Compares two values by their wire number.");
        w.Line($"public static bool operator !=({e.Name} left, {e.Name} right) => !left.Equals(right);");
        w.Line();
        w.Doc("summary", "Converts a wire number to a value.");
        w.Line($"public static explicit operator {e.Name}(int value) => new {e.Name}(value);");
        w.Line();
        w.Doc("summary", "Returns the wire number.");
        w.Line($"public static explicit operator int({e.Name} value) => value.Value;");
        w.Close();
    }
}
