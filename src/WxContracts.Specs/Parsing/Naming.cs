using System.Collections.Generic;
using System.Text;

namespace WxContracts.Specs.Parsing;

/// <summary>Turns wire names and doc text into C# names. Free of Roslyn types, so the CLI and the mock server
/// can share the parser without loading the compiler.</summary>
public static class Naming
{
    private static readonly HashSet<string> s_keywords = new(System.StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
        "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
        "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
        "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short",
        "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof",
        "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
    };

    /// <summary><c>msg_data_id</c> → <c>MsgDataId</c>; <c>getCurrentAutoreplyInfo</c> → <c>GetCurrentAutoreplyInfo</c>;
    /// <c>already reply</c> → <c>AlreadyReply</c>. Anything that is not an ASCII letter or digit separates words.</summary>
    public static string ToPascalCase(string text)
    {
        var sb = new StringBuilder(text.Length);
        var upperNext = true;
        foreach (var c in text)
        {
            if (c < 128 && char.IsLetterOrDigit(c))
            {
                sb.Append(upperNext ? char.ToUpperInvariant(c) : c);
                upperNext = false;
            }
            else
            {
                upperNext = true;
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// Like <see cref="ToPascalCase"/>, but letters and digits of any script are kept (<c>全部</c> → <c>全部</c>,
    /// <c>übersicht_neu</c> → <c>ÜbersichtNeu</c>): for enum members, whose wire values may be Chinese.
    /// </summary>
    public static string ToUnicodePascalCase(string text)
    {
        var sb = new StringBuilder(text.Length);
        var upperNext = true;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                sb.Append(upperNext ? char.ToUpperInvariant(c) : c);
                upperNext = false;
            }
            else
            {
                upperNext = true;
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// A C# identifier of letters of any script, digits and underscores (C# allows Unicode letters), not starting
    /// with a digit and not a keyword: what an enum member may be.
    /// </summary>
    public static bool IsValidUnicodeIdentifier(string name)
    {
        if (name.Length == 0 || name.Length > 200 || s_keywords.Contains(name))
        {
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var category = char.GetUnicodeCategory(c);
            var letter = char.IsLetter(c) || category == System.Globalization.UnicodeCategory.LetterNumber;
            var ok = c == '_' || letter || (i > 0 && (char.IsDigit(c) || category is System.Globalization.UnicodeCategory.NonSpacingMark
                or System.Globalization.UnicodeCategory.SpacingCombiningMark or System.Globalization.UnicodeCategory.ConnectorPunctuation));
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An ASCII C# identifier that is not a keyword (generated names stay ASCII).</summary>
    public static bool IsValidIdentifier(string name)
    {
        if (name.Length == 0 || name.Length > 200 || s_keywords.Contains(name))
        {
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var ok = c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (i > 0 && c >= '0' && c <= '9');
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
