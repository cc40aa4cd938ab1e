using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace WxContracts.Generator.Parsing;

/// <summary>Turns wire names and doc text into C# names.</summary>
internal static class Naming
{
    /// <summary><c>msg_data_id</c> → <c>MsgDataId</c>; <c>getCurrentAutoreplyInfo</c> → <c>GetCurrentAutoreplyInfo</c>;
    /// <c>already reply</c> → <c>AlreadyReply</c>. Anything that is not a letter or digit separates words.</summary>
    public static string ToPascalCase(string text)
    {
        var sb = new StringBuilder(text.Length);
        var upperNext = true;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c) && c < 128)
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

    public static bool IsValidIdentifier(string name) =>
        SyntaxFacts.IsValidIdentifier(name)
        && SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None
       
        && !name.StartsWith("@", System.StringComparison.Ordinal);
}
