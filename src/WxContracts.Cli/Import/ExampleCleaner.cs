using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WxContracts.Cli.Import;

/// <summary>
/// Turns a doc page example into strict JSON: removes <c>//</c> comments, joins strings broken across lines,
/// replaces placeholders such as <c>MSG_DATA_ID</c> by a value of the field's type, drops <c>...</c> and trailing
/// commas, then re-indents. Each repair is described for <c>examples.normalized</c>.
/// </summary>
internal static class ExampleCleaner
{
    private static readonly JsonSerializerOptions s_indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The example as the spec holds it: indented, non-ASCII text unescaped.</summary>
    public static string Write(JsonNode node) => node.ToJsonString(s_indented);

    public sealed record Result(string? Json, List<string> Repairs, List<string> PlaceholderKeys, ImportProblem? Problem);

    /// <param name="lines">The example's lines on the page.</param>
    /// <param name="which">"request" or "response", for the messages.</param>
    /// <param name="fieldType">The table type of a field by wire name (null when no table lists it).</param>
    public static Result Clean(IReadOnlyList<PageLine> lines, string which, Func<string, string?> fieldType)
    {
        var repairs = new List<string>();
        var placeholders = new List<string>();
        var sb = new StringBuilder();
        var inString = false;
        var joined = new List<int>();
        var comments = new List<string>();
        foreach (var line in lines)
        {
            var text = line.Text;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (inString)
                {
                    sb.Append(c);
                    if (c == '\\' && i + 1 < text.Length)
                    {
                        sb.Append(text[++i]);
                    }
                    else if (c == '"')
                    {
                        inString = false;
                    }

                    continue;
                }

                if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
                {
                    comments.Add($"'{text.Substring(i)}' (page line {line.Number})");
                    break;
                }

                if (c == '"')
                {
                    inString = true;
                }

                sb.Append(c);
            }

            if (inString)
            {
                joined.Add(line.Number); // a value broken across lines: the next line continues it
            }
            else
            {
                sb.Append('\n');
            }
        }

        if (comments.Count > 0)
        {
            repairs.Add($"The doc's {which} example has `//` comment(s), removed: {string.Join("; ", comments)}.");
        }

        if (joined.Count > 0)
        {
            repairs.Add($"{joined.Count} string value(s) of the {which} example were broken across lines in the doc (page line(s) {string.Join(", ", joined)}); the line breaks were removed.");
        }

        var json = ReplaceBareWords(sb.ToString(), which, fieldType, repairs, placeholders);
        var withoutTrailing = RemoveTrailingCommas(json);
        if (withoutTrailing != json)
        {
            repairs.Add($"Trailing commas in the {which} example were removed.");
        }

        try
        {
            var node = JsonNode.Parse(withoutTrailing, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false });
            if (node is not JsonObject)
            {
                return new Result(null, repairs, placeholders, new ImportProblem(lines.Count > 0 ? lines[0].Number : 0, $"expected the {which} example to be a JSON object"));
            }

            return new Result(node.ToJsonString(s_indented), repairs, placeholders, null);
        }
        catch (JsonException ex)
        {
            var line = lines.Count == 0 ? 0 : lines[0].Number + (int)(ex.LineNumber ?? 0) + joined.Count;
            return new Result(null, repairs, placeholders, new ImportProblem(line, $"expected the {which} example to be JSON after cleaning ({ex.Message.Split('.')[0]})"));
        }
    }

    /// <summary>Replaces bare words outside strings (placeholders) by a value; drops <c>...</c> list elisions.</summary>
    private static string ReplaceBareWords(string text, string which, Func<string, string?> fieldType, List<string> repairs, List<string> placeholders)
    {
        var sb = new StringBuilder();
        string? lastKey = null;
        var replaced = new List<string>();
        var elided = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                var end = i + 1;
                while (end < text.Length && text[end] != '"')
                {
                    end += text[end] == '\\' ? 2 : 1;
                }

                var literal = text.Substring(i, Math.Min(end + 1, text.Length) - i);
                sb.Append(literal);
                var after = end + 1;
                while (after < text.Length && char.IsWhiteSpace(text[after]))
                {
                    after++;
                }

                if (after < text.Length && text[after] == ':')
                {
                    lastKey = literal.Trim('"');
                }

                i = end;
                continue;
            }

            if (c == '.' && i + 2 < text.Length && text[i + 1] == '.' && text[i + 2] == '.')
            {
                // "a", ..., "z": drop the elision and the comma before it.
                var trimmed = sb.ToString().TrimEnd();
                if (trimmed.EndsWith(",", StringComparison.Ordinal))
                {
                    sb.Clear().Append(trimmed.Substring(0, trimmed.Length - 1));
                }

                i += 2;
                elided = true;
                continue;
            }

            if (char.IsLetter(c) || c == '_')
            {
                var end = i;
                while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '_'))
                {
                    end++;
                }

                var word = text.Substring(i, end - i);
                if (word is "true" or "false" or "null")
                {
                    sb.Append(word);
                }
                else
                {
                    var type = lastKey is null ? null : fieldType(lastKey);
                    var value = type is "number" ? "1" : type is "boolean" ? "true" : "\"" + word + "\"";
                    sb.Append(value);
                    replaced.Add($"{word} ({lastKey ?? "?"} → {value})");
                    placeholders.Add(lastKey ?? word);
                }

                i = end - 1;
                continue;
            }

            sb.Append(c);
        }

        if (replaced.Count > 0)
        {
            repairs.Add($"The doc's {which} example has placeholders in place of values; replaced by a value of the field's type: {string.Join(", ", replaced)}.");
        }

        if (elided)
        {
            repairs.Add($"The doc's {which} example elides list items with '...'; the elision was removed.");
        }

        // A stray comma left before a closing bracket by the elision is handled with the trailing commas.
        return sb.ToString();
    }

    private static string RemoveTrailingCommas(string text)
    {
        var sb = new StringBuilder(text.Length);
        var inString = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                sb.Append(c);
                if (c == '\\' && i + 1 < text.Length)
                {
                    sb.Append(text[++i]);
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            if (c == '"')
            {
                inString = true;
            }
            else if (c == ',')
            {
                var j = i + 1;
                while (j < text.Length && char.IsWhiteSpace(text[j]))
                {
                    j++;
                }

                if (j < text.Length && text[j] is '}' or ']')
                {
                    continue;
                }
            }

            sb.Append(c);
        }

        return sb.ToString();
    }
}
