using System;
using System.Collections.Generic;
using System.Linq;
using WxContracts.Specs.Parsing;

namespace WxContracts.Cli.Import;

/// <summary>Derives the C# names a spec needs (name, group, operation) from the interface name and the URL.
/// Every result is a guess and is marked for review.</summary>
internal static class NameGuesser
{
    /// <summary>Words that interface names glue together without a separator ("replycomment").</summary>
    private static readonly string[] s_words =
    {
        "get", "set", "add", "del", "delete", "update", "create", "list", "open", "close", "mark", "unmark", "elect",
        "reply", "comment", "article", "current", "auto", "info", "menu", "user", "fans", "media", "upload", "token",
        "stable", "access", "send", "query", "search", "batch", "tag", "template", "message", "msg", "material",
        "draft", "publish", "custom", "account", "card", "qrcode", "url", "short", "clear", "quota", "rule",
    };

    /// <summary><c>replycomment</c> → <c>ReplyComment</c>, <c>getCurrentAutoreplyInfo</c> → <c>GetCurrentAutoReplyInfo</c>.</summary>
    public static string SpecName(string interfaceName, IEnumerable<string> extraWords)
    {
        // Built-in words first; words of the URL only for a run the built-in ones cannot split.
        var builtIn = new HashSet<string>(s_words, StringComparer.Ordinal);
        var withUrl = new HashSet<string>(s_words.Concat(extraWords.Select(w => w.ToLowerInvariant())), StringComparer.Ordinal);
        var words = new List<string>();
        foreach (var hump in Humps(interfaceName))
        {
            var run = hump.ToLowerInvariant();
            words.AddRange(Segment(run, builtIn) ?? Segment(run, withUrl) ?? new List<string> { run });
        }

        var name = string.Concat(words.Select(Capitalise));
        return Naming.IsValidIdentifier(name) ? name : "Imported" + Naming.ToPascalCase(interfaceName);
    }

    /// <summary>Group and operation from the URL path after cgi-bin: <c>comment/reply/add</c> → Comment, ReplyAdd.</summary>
    public static (string Group, string Operation) GroupAndOperation(string path, string specName)
    {
        var segments = path.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries).ToList();
        var cgi = segments.IndexOf("cgi-bin");
        if (cgi >= 0)
        {
            segments = segments.Skip(cgi + 1).ToList();
        }

        if (segments.Count >= 2)
        {
            var group = Naming.ToPascalCase(segments[0]);
            var operation = Naming.ToPascalCase(string.Join("_", segments.Skip(1)));
            if (Naming.IsValidIdentifier(group) && Naming.IsValidIdentifier(operation))
            {
                return (group, operation);
            }
        }

        // One segment (get_current_autoreply_info): the spec name is the operation; the group is its first noun.
        var nouns = (segments.LastOrDefault() ?? specName).Split('_').Where(w => w.Length > 0 && w is not ("get" or "set" or "current" or "add" or "del")).ToList();
        var g = nouns.Count > 0 ? Naming.ToPascalCase(nouns[0]) : "Misc";
        return (Naming.IsValidIdentifier(g) ? g : "Misc", specName);
    }

    private static IEnumerable<string> Humps(string name)
    {
        var start = 0;
        for (var i = 1; i <= name.Length; i++)
        {
            if (i == name.Length || char.IsUpper(name[i]) || !char.IsLetterOrDigit(name[i]))
            {
                var part = name.Substring(start, i - start).Trim('_', '-', ' ');
                if (part.Length > 0)
                {
                    yield return part;
                }

                start = i < name.Length && !char.IsLetterOrDigit(name[i]) ? i + 1 : i;
            }
        }
    }

    /// <summary>Splits a lower-case run into dictionary words, preferring the fewest pieces; null when it cannot.</summary>
    private static List<string>? Segment(string run, HashSet<string> dictionary)
    {
        var best = new List<string>?[run.Length + 1];
        best[0] = new List<string>();
        for (var end = 1; end <= run.Length; end++)
        {
            for (var start = 0; start < end; start++)
            {
                var piece = run.Substring(start, end - start);
                if (best[start] is { } prefix && dictionary.Contains(piece) && (best[end] is null || best[end]!.Count > prefix.Count + 1))
                {
                    best[end] = new List<string>(prefix) { piece };
                }
            }
        }

        return best[run.Length];
    }

    private static string Capitalise(string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word.Substring(1);
}
