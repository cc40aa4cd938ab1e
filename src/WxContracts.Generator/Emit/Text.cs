using System;
using System.Text;

namespace WxContracts.Generator.Emit;

/// <summary>XML doc comments: escaped, wrapped at 110 columns, one <c>///</c> line each.</summary>
internal static class Doc
{
    /// <summary>Appends an XML doc element as complete lines (each ending in a newline), or nothing when there is no text.</summary>
    public static void Append(StringBuilder sb, string element, string? text, string indent)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        sb.Append(indent).Append("/// <").Append(element).Append(">\n");
        AppendWrapped(sb, Xml.Escape(text!.Trim()), 110, indent);
        sb.Append(indent).Append("/// </").Append(element).Append(">\n");
    }

    /// <summary>Appends <paramref name="text"/> as <c>///</c> lines of at most <paramref name="width"/> characters of
    /// words (a longer word gets a line of its own); line breaks in the text start a new line, blank ones are dropped.</summary>
    private static void AppendWrapped(StringBuilder sb, string text, int width, string indent)
    {
        var lineLength = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\n' || c == '\r')
            {
                EndLine(sb, ref lineLength);
                i++;
                continue;
            }

            if (c == ' ')
            {
                i++;
                continue;
            }

            var end = i;
            while (end < text.Length && text[end] is not (' ' or '\n' or '\r'))
            {
                end++;
            }

            var wordLength = end - i;
            if (lineLength > 0 && lineLength + 1 + wordLength > width)
            {
                EndLine(sb, ref lineLength);
            }

            if (lineLength == 0)
            {
                sb.Append(indent).Append("/// ");
            }
            else
            {
                sb.Append(' ');
                lineLength++;
            }

            sb.Append(text, i, wordLength);
            lineLength += wordLength;
            i = end;
        }

        EndLine(sb, ref lineLength);
    }

    private static void EndLine(StringBuilder sb, ref int lineLength)
    {
        if (lineLength > 0)
        {
            sb.Append('\n');
            lineLength = 0;
        }
    }
}

internal static class Xml
{
    /// <summary>Escapes text for an XML doc comment; characters XML cannot hold become U+FFFD.</summary>
    public static string Escape(string text) => NeedsEscape(text) ? AppendEscapedCore(new StringBuilder(text.Length + 16), text).ToString() : text;

    /// <summary>Appends <paramref name="text"/> escaped for an XML doc comment.</summary>
    public static StringBuilder AppendEscaped(StringBuilder sb, string text) => NeedsEscape(text) ? AppendEscapedCore(sb, text) : sb.Append(text);

    private static StringBuilder AppendEscapedCore(StringBuilder sb, string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        sb.Append(c).Append(text[++i]);
                    }
                    else if ((c < ' ' && c is not ('\t' or '\n' or '\r')) || char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF')
                    {
                        sb.Append('\uFFFD');
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb;
    }

    private static bool NeedsEscape(string text)
    {
        foreach (var c in text)
        {
            if (c is '&' or '<' or '>' || (c < ' ' && c is not ('\t' or '\n' or '\r')) || char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF')
            {
                return true;
            }
        }

        return false;
    }
}

internal static class Literal
{
    /// <summary>A C# regular string literal for any text.</summary>
    public static string String(string? value)
    {
        if (value is null)
        {
            return "null";
        }

        if (!NeedsEscape(value))
        {
            return "\"" + value + "\"";
        }

        var sb = new StringBuilder(value.Length + 2);
        sb.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\0': sb.Append("\\0"); break;
                default:
                    if (c < ' ' || c == '\u2028' || c == '\u2029' || c == '\u0085' || char.IsSurrogate(c) || c == '\u007F')
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
        return sb.ToString();
    }

    private static bool NeedsEscape(string value)
    {
        foreach (var c in value)
        {
            if (c is '"' or '\\' || c < ' ' || c is '\u2028' or '\u2029' or '\u0085' or '\u007F' || char.IsSurrogate(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A C# UTF-8 string literal (<c>"..."u8</c>).</summary>
    public static string Utf8(string value) => String(value) + "u8";

    /// <summary>Appends the C# string literal of <paramref name="value"/>.</summary>
    public static StringBuilder AppendString(StringBuilder sb, string? value) =>
        value is not null && !NeedsEscape(value) ? sb.Append('"').Append(value).Append('"') : sb.Append(String(value));

    /// <summary>Appends the C# UTF-8 string literal of <paramref name="value"/>.</summary>
    public static StringBuilder AppendUtf8(StringBuilder sb, string value) => AppendString(sb, value).Append("u8");
}

/// <summary>The appenders the emitters chain: literals and converter locals written straight into the output.</summary>
internal static class EmitText
{
    public static StringBuilder AppendLiteral(this StringBuilder sb, string? value) => Literal.AppendString(sb, value);

    public static StringBuilder AppendUtf8Literal(this StringBuilder sb, string value) => Literal.AppendUtf8(sb, value);

    public static StringBuilder AppendLocal(this StringBuilder sb, WxContracts.Specs.Binding.BoundProperty p, string suffix) => JsonCode.Local(sb, p, suffix);

    public static StringBuilder AppendLocalType(this StringBuilder sb, WxContracts.Specs.Binding.BoundProperty p) => JsonCode.LocalType(sb, p);

    public static StringBuilder AppendRead(this StringBuilder sb, WxContracts.Specs.Binding.BoundProperty p) => JsonCode.Read(sb, p);

    public static StringBuilder AppendItemRead(this StringBuilder sb, WxContracts.Specs.Binding.BoundProperty p) => JsonCode.ItemRead(sb, p);
}
