using System;
using System.Buffers;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Text.Json;

namespace WxContracts.Serialization;

/// <summary>
/// Small reading and writing helpers the generated JSON converters call. Every failure is a
/// <see cref="JsonException"/> that names the field and what was found.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class WxJson
{
    /// <summary>Checks that the reader is at the start of an object.</summary>
    public static void StartObject(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Fail(ref reader, null, "expected an object, found " + Describe(ref reader));
        }
    }

    /// <summary>Checks that an object's property loop ended at its end.</summary>
    public static void EndObject(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.EndObject)
        {
            throw Fail(ref reader, null, "the object is incomplete");
        }
    }

    /// <summary>Checks that the reader is at the start of an array.</summary>
    public static void StartArray(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Fail(ref reader, field, "expected an array, found " + Describe(ref reader));
        }
    }

    /// <summary>Throws when a required value is null; returns true otherwise.</summary>
    public static bool NotNull(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            throw Fail(ref reader, field, "the field is required and must not be null");
        }

        return true;
    }

    /// <summary>Checks that the value is a string.</summary>
    public static void ExpectString(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw Fail(ref reader, field, "expected a string, found " + Describe(ref reader));
        }
    }

    /// <summary>The error for a required field that is absent (the reader is at the end of its object).</summary>
    public static JsonException MissingRequired(ref Utf8JsonReader reader, string field) =>
        Fail(ref reader, null, $"the required field '{field}' is missing");

    /// <summary>Reads a non-null string.</summary>
    public static string ReadString(ref Utf8JsonReader reader, string field)
    {
        ExpectString(ref reader, field);
        return reader.GetString()!;
    }

    /// <summary>Reads a string or null.</summary>
    public static string? ReadNullableString(ref Utf8JsonReader reader, string field) =>
        reader.TokenType == JsonTokenType.Null ? null : ReadString(ref reader, field);

    /// <summary>Reads true or false.</summary>
    public static bool ReadBoolean(ref Utf8JsonReader reader, string field) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw Fail(ref reader, field, "expected true or false, found " + Describe(ref reader)),
    };

    /// <summary>Reads true, false or null.</summary>
    public static bool? ReadNullableBoolean(ref Utf8JsonReader reader, string field) =>
        reader.TokenType == JsonTokenType.Null ? null : ReadBoolean(ref reader, field);

    /// <summary>Reads a string; with <paramref name="lenient"/> a number is read as its text (<c>123</c> → <c>"123"</c>).</summary>
    public static string ReadString(ref Utf8JsonReader reader, bool lenient, string field) =>
        lenient && reader.TokenType == JsonTokenType.Number ? RawNumber(ref reader) : ReadString(ref reader, field);

    /// <summary>Reads a string or null; with <paramref name="lenient"/> also a number, as its text.</summary>
    public static string? ReadNullableString(ref Utf8JsonReader reader, bool lenient, string field) =>
        reader.TokenType == JsonTokenType.Null ? null : ReadString(ref reader, lenient, field);

    /// <summary>Reads true or false; with <paramref name="lenient"/> also 0/1 and the strings "true"/"false"/"0"/"1".</summary>
    public static bool ReadBoolean(ref Utf8JsonReader reader, bool lenient, string field)
    {
        if (lenient)
        {
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var number) && number is 0 or 1)
            {
                return number == 1;
            }

            if (reader.TokenType == JsonTokenType.String)
            {
                var text = reader.GetString();
                if (text is "true" or "1")
                {
                    return true;
                }

                if (text is "false" or "0")
                {
                    return false;
                }
            }

            if (reader.TokenType is not (JsonTokenType.True or JsonTokenType.False))
            {
                throw Fail(ref reader, field, "expected true or false (or 0/1), found " + Describe(ref reader));
            }
        }

        return ReadBoolean(ref reader, field);
    }

    /// <summary>Reads true, false or null; with <paramref name="lenient"/> also 0/1 and their strings.</summary>
    public static bool? ReadNullableBoolean(ref Utf8JsonReader reader, bool lenient, string field) =>
        reader.TokenType == JsonTokenType.Null ? null : ReadBoolean(ref reader, lenient, field);

    /// <summary>
    /// The string value of a property of the object the reader is at (a copy of the reader is passed, so the caller's
    /// position does not move): a union's discriminator, looked up before the object is read. Null when absent or null;
    /// a number is returned as its text.
    /// </summary>
    public static string? PeekString(Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(name);
            reader.Read();
            if (match)
            {
                return reader.TokenType switch
                {
                    JsonTokenType.String => reader.GetString(),
                    JsonTokenType.Number => RawNumber(ref reader),
                    _ => null,
                };
            }

            reader.Skip();
        }

        return null;
    }

    /// <summary>The text of a number token, as it appears on the wire.</summary>
    public static string RawNumber(ref Utf8JsonReader reader) => Utf8(ref reader);

    /// <summary>Reads a 32-bit integer; with <paramref name="numberOrString"/> also from a numeric string.</summary>
    public static int ReadInt32(ref Utf8JsonReader reader, bool numberOrString, string field)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value))
        {
            return value;
        }

        return int.Parse(NumberText(ref reader, numberOrString, field, "a 32-bit integer"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }

    /// <summary>Reads a 32-bit integer or null.</summary>
    public static int? ReadNullableInt32(ref Utf8JsonReader reader, bool numberOrString, string field) =>
        reader.TokenType == JsonTokenType.Null ? null : ReadInt32(ref reader, numberOrString, field);

    /// <summary>Reads a 64-bit integer; with <paramref name="numberOrString"/> also from a numeric string.</summary>
    public static long ReadInt64(ref Utf8JsonReader reader, bool numberOrString, string field)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value))
        {
            return value;
        }

        return long.Parse(NumberText(ref reader, numberOrString, field, "a 64-bit integer"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }

    /// <summary>Reads a 64-bit integer or null.</summary>
    public static long? ReadNullableInt64(ref Utf8JsonReader reader, bool numberOrString, string field) =>
        reader.TokenType == JsonTokenType.Null ? null : ReadInt64(ref reader, numberOrString, field);

    /// <summary>Reads an unsigned 32-bit integer; with <paramref name="numberOrString"/> also from a numeric string.</summary>
    public static uint ReadUInt32(ref Utf8JsonReader reader, bool numberOrString, string field)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetUInt32(out var value))
        {
            return value;
        }

        return uint.Parse(NumberText(ref reader, numberOrString, field, "an unsigned 32-bit integer"), NumberStyles.None, CultureInfo.InvariantCulture);
    }

    /// <summary>Reads an unsigned 32-bit integer or null.</summary>
    public static uint? ReadNullableUInt32(ref Utf8JsonReader reader, bool numberOrString, string field) =>
        reader.TokenType == JsonTokenType.Null ? null : ReadUInt32(ref reader, numberOrString, field);

    /// <summary>Reads an unsigned 64-bit integer; with <paramref name="numberOrString"/> also from a numeric string.</summary>
    public static ulong ReadUInt64(ref Utf8JsonReader reader, bool numberOrString, string field)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetUInt64(out var value))
        {
            return value;
        }

        return ulong.Parse(NumberText(ref reader, numberOrString, field, "an unsigned 64-bit integer"), NumberStyles.None, CultureInfo.InvariantCulture);
    }

    /// <summary>Reads an unsigned 64-bit integer or null.</summary>
    public static ulong? ReadNullableUInt64(ref Utf8JsonReader reader, bool numberOrString, string field) =>
        reader.TokenType == JsonTokenType.Null ? null : ReadUInt64(ref reader, numberOrString, field);

    /// <summary>Reads a floating-point number; with <paramref name="numberOrString"/> also from a numeric string.</summary>
    public static double ReadDouble(ref Utf8JsonReader reader, bool numberOrString, string field)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var value))
        {
            return value;
        }

        return double.Parse(NumberText(ref reader, numberOrString, field, "a number"), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>Reads a floating-point number or null.</summary>
    public static double? ReadNullableDouble(ref Utf8JsonReader reader, bool numberOrString, string field) =>
        reader.TokenType == JsonTokenType.Null ? null : ReadDouble(ref reader, numberOrString, field);

    /// <summary>Keeps a property the spec does not list (the reader is at its name).</summary>
    public static void ReadAdditional(ref Utf8JsonReader reader, ref Dictionary<string, JsonElement>? additional)
    {
        var name = reader.GetString()!;
        reader.Read();
        var value = JsonElement.ParseValue(ref reader);
        (additional ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal))[name] = value;
    }

    /// <summary>Writes back the properties the spec does not list.</summary>
    public static void WriteAdditional(Utf8JsonWriter writer, IDictionary<string, JsonElement>? additional)
    {
        if (additional is null)
        {
            return;
        }

        foreach (var pair in additional)
        {
            writer.WritePropertyName(pair.Key);
            pair.Value.WriteTo(writer);
        }
    }

    /// <summary>
    /// The text of a number that did not fit, or of a numeric string when that is allowed; otherwise a
    /// JsonException saying what was expected.
    /// </summary>
    private static string NumberText(ref Utf8JsonReader reader, bool numberOrString, string field, string expected)
    {
        string text;
        if (reader.TokenType == JsonTokenType.Number)
        {
            text = Utf8(ref reader);
            throw Fail(ref reader, field, $"expected {expected} ({Range(expected)}), found the number {Truncate(text)}");
        }

        if (reader.TokenType == JsonTokenType.String && numberOrString)
        {
            text = reader.GetString()!;
            var style = expected.StartsWith("an unsigned", StringComparison.Ordinal) ? NumberStyles.None : NumberStyles.AllowLeadingSign;
            if (expected == "a number")
            {
                style = NumberStyles.Float;
            }

            if (text.Length > 0 && text.Length < 64 && IsParsable(text, expected, style))
            {
                return text;
            }

            throw Fail(ref reader, field, $"expected {expected} ({Range(expected)}) as a number or a numeric string, found the string \"{Truncate(text)}\"");
        }

        throw Fail(ref reader, field, $"expected {expected}{(numberOrString ? " (as a number or a numeric string)" : string.Empty)}, found {Describe(ref reader)}");
    }

    private static string Range(string expected) => expected switch
    {
        "a 32-bit integer" => "-2147483648 to 2147483647",
        "a 64-bit integer" => "-9223372036854775808 to 9223372036854775807",
        "an unsigned 32-bit integer" => "0 to 4294967295",
        "an unsigned 64-bit integer" => "0 to 18446744073709551615",
        _ => "a finite double",
    };

    private static bool IsParsable(string text, string expected, NumberStyles style) => expected switch
    {
        "a 32-bit integer" => int.TryParse(text, style, CultureInfo.InvariantCulture, out _),
        "a 64-bit integer" => long.TryParse(text, style, CultureInfo.InvariantCulture, out _),
        "an unsigned 32-bit integer" => uint.TryParse(text, style, CultureInfo.InvariantCulture, out _),
        "an unsigned 64-bit integer" => ulong.TryParse(text, style, CultureInfo.InvariantCulture, out _),
        _ => double.TryParse(text, style, CultureInfo.InvariantCulture, out _),
    };

    private static string Utf8(ref Utf8JsonReader reader)
    {
        var span = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray();
        return System.Text.Encoding.UTF8.GetString(span);
    }

    private static string Truncate(string text) => text.Length <= 40 ? text : text.Substring(0, 40) + "…";

    private static string Describe(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        var token => token.ToString(),
    };

    /// <summary>A failure at the reader's current token; the converter that started the read adds the path and
    /// position (<see cref="Locate"/>).</summary>
    private static WxJsonReadException Fail(ref Utf8JsonReader reader, string? field, string problem) =>
        new(string.IsNullOrEmpty(field) ? null : field, problem, reader.TokenStartIndex);

    /// <summary>
    /// Turns a failure inside a generated converter into the <see cref="JsonException"/> a caller sees: the JSON path of
    /// the failing value (<c>$.comment[0].reply</c>), the wire field, what was expected and found, and
    /// <see cref="JsonException.LineNumber"/>/<see cref="JsonException.BytePositionInLine"/> (zero-based, counted from
    /// the start of the value being read). Runs only when reading failed: it walks the value again from
    /// <paramref name="start"/>, a copy of the reader taken when the read began, so the fast path tracks nothing.
    /// </summary>
    public static JsonException Locate(WxJsonReadException failure, Utf8JsonReader start)
    {
        var origin = start.TokenStartIndex;
        var path = WxJsonPath.Find(start, failure.TokenOffset);
        long line = 0;
        long column = failure.TokenOffset - origin;
        try
        {
            // The value's own text (whitespace included) gives the line and the byte position in it.
            using var document = JsonDocument.ParseValue(ref start);
            var raw = System.Text.Encoding.UTF8.GetBytes(document.RootElement.GetRawText());
            var relative = (int)Math.Min(Math.Max(failure.TokenOffset - origin, 0), raw.Length);
            var lineStart = 0;
            for (var i = 0; i < relative; i++)
            {
                if (raw[i] == (byte)'\n')
                {
                    line++;
                    lineStart = i + 1;
                }
            }

            column = relative - lineStart;
        }
        catch (JsonException)
        {
            // Not well-formed after all: keep the offset from the start as the position.
        }

        var field = failure.Field ?? WxJsonPath.LastName(path);
        var message = (field is null ? path : $"'{field}' at {path}") + ": " + failure.Problem
            + $". Path: {path} | LineNumber: {line} | BytePositionInLine: {column}.";
        return new JsonException(message, path, line, column, failure);
    }
}
