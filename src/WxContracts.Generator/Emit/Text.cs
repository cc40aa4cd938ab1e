using System;
using System.Text;

namespace WxContracts.Generator.Emit;

/// <summary>XML doc comments: escaped, wrapped at 110 columns, one <c>///</c> line each.</summary>
internal static class Doc
{
    /// <summary>An XML doc element as complete lines (each ending in a newline), or nothing when there is no text.</summary>
    public static string Element(string element, string? text, string indent)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var sb = new StringBuilder();
        sb.Append(indent).Append("/// <").Append(element).Append(">\n");
        foreach (var line in Wrap(Xml.Escape(text!.Trim()), 110))
        {
            sb.Append(indent).Append("/// ").Append(line).Append('\n');
        }

        sb.Append(indent).Append("/// </").Append(element).Append(">\n");
        return sb.ToString();
    }

    internal static string[] Wrap(string text, int width)
    {
        var result = new System.Collections.Generic.List<string>();
        foreach (var paragraph in text.Replace("\r\n", "\n").Split('\n'))
        {
            var current = new StringBuilder();
            foreach (var word in paragraph.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries))
            {
                if (current.Length > 0 && current.Length + 1 + word.Length > width)
                {
                    result.Add(current.ToString());
                    current.Clear();
                }

                if (current.Length > 0)
                {
                    current.Append(' ');
                }

                current.Append(word);
            }

            if (current.Length > 0)
            {
                result.Add(current.ToString());
            }
        }

        return result.ToArray();
    }
}

internal static class Xml
{
    /// <summary>Escapes text for an XML doc comment; characters XML cannot hold become U+FFFD.</summary>
    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
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

        return sb.ToString();
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

    /// <summary>A C# UTF-8 string literal (<c>"..."u8</c>).</summary>
    public static string Utf8(string value) => String(value) + "u8";
}
