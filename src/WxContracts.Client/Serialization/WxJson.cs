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
    public static void StartObject(ref Utf8JsonReader reader, string typeName)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected a JSON object for {typeName}, found {Describe(reader.TokenType)}.");
        }
    }

    /// <summary>Checks that an object's property loop ended at its end.</summary>
    public static void EndObject(ref Utf8JsonReader reader, string typeName)
    {
        if (reader.TokenType != JsonTokenType.EndObject)
        {
            throw new JsonException($"The JSON object for {typeName} is incomplete.");
        }
    }

    /// <summary>Checks that the reader is at the start of an array.</summary>
    public static void StartArray(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"Expected a JSON array for '{field}', found {Describe(reader.TokenType)}.");
        }
    }

    /// <summary>Throws when a required value is null; returns true otherwise.</summary>
    public static bool NotNull(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            throw new JsonException($"'{field}' is required and must not be null.");
        }

        return true;
    }

    /// <summary>Checks that the value is a string.</summary>
    public static void ExpectString(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a string for '{field}', found {Describe(reader.TokenType)}.");
        }
    }

    /// <summary>The error for a required field that is absent.</summary>
    public static JsonException MissingRequired(string field, string typeName) =>
        new($"The JSON for {typeName} lacks the required field '{field}'.");

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
        _ => throw new JsonException($"Expected true or false for '{field}', found {Describe(reader.TokenType)}."),
    };

    /// <summary>Reads true, false or null.</summary>
    public static bool? ReadNullableBoolean(ref Utf8JsonReader reader, string field) =>
        reader.TokenType == JsonTokenType.Null ? null : ReadBoolean(ref reader, field);

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
            throw new JsonException($"'{field}' is {Truncate(text)}, which is not {expected}.");
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

            throw new JsonException($"'{field}' is the string \"{Truncate(text)}\", which is not {expected}.");
        }

        throw new JsonException($"Expected {expected} for '{field}'{(numberOrString ? " (as a number or a numeric string)" : string.Empty)}, found {Describe(reader.TokenType)}.");
    }

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

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}
