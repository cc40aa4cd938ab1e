using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace WxContracts.Serialization;

/// <summary>
/// Finds the JSON path (<c>$.comment[0].reply</c>) of the token at a byte offset by reading the value again from its
/// start. Used only after a read failed.
/// </summary>
internal static class WxJsonPath
{
    private sealed class Frame
    {
        public bool IsArray;
        public int Index = -1;
        public string? Property;
    }

    /// <summary>The path of the token that starts at <paramref name="offset"/>; for the end of an object or array (a
    /// required field found missing there), the path of that object or array.</summary>
    public static string Find(Utf8JsonReader reader, long offset)
    {
        var frames = new List<Frame>();
        try
        {
            do
            {
                var token = reader.TokenType;
                if (token is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    if (reader.TokenStartIndex >= offset)
                    {
                        return Build(frames, frames.Count - 1);
                    }

                    frames.RemoveAt(frames.Count - 1);
                    continue;
                }

                if (token == JsonTokenType.PropertyName)
                {
                    frames[frames.Count - 1].Property = reader.GetString();
                    if (reader.TokenStartIndex >= offset)
                    {
                        return Build(frames, frames.Count);
                    }

                    continue;
                }

                // A value: an element of an array counts first.
                if (frames.Count > 0 && frames[frames.Count - 1].IsArray)
                {
                    frames[frames.Count - 1].Index++;
                }

                if (reader.TokenStartIndex >= offset)
                {
                    return Build(frames, frames.Count);
                }

                if (token is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    frames.Add(new Frame { IsArray = token == JsonTokenType.StartArray });
                }
            }
            while (frames.Count > 0 && reader.Read());
        }
        catch (JsonException)
        {
            // Malformed further on: the path so far is the best there is.
        }

        return Build(frames, frames.Count);
    }

    /// <summary>The last property name of a path (<c>reply</c> of <c>$.comment[0].reply</c>), if it ends in one.</summary>
    public static string? LastName(string path)
    {
        if (path.EndsWith("']", System.StringComparison.Ordinal))
        {
            var open = path.LastIndexOf("['", System.StringComparison.Ordinal);
            return open < 0 ? null : path.Substring(open + 2, path.Length - open - 4).Replace("\\'", "'");
        }

        var dot = path.LastIndexOf('.');
        return dot < 0 || path.EndsWith("]", System.StringComparison.Ordinal) ? null : path.Substring(dot + 1);
    }

    private static string Build(List<Frame> frames, int count)
    {
        var sb = new StringBuilder("$");
        for (var i = 0; i < count; i++)
        {
            var frame = frames[i];
            if (frame.IsArray)
            {
                if (frame.Index >= 0)
                {
                    sb.Append('[').Append(frame.Index).Append(']');
                }
            }
            else if (frame.Property is { } name)
            {
                AppendName(sb, name);
            }
        }

        return sb.ToString();
    }

    private static void AppendName(StringBuilder sb, string name)
    {
        var simple = name.Length > 0;
        foreach (var c in name)
        {
            if (!(char.IsLetterOrDigit(c) || c == '_'))
            {
                simple = false;
                break;
            }
        }

        if (simple)
        {
            sb.Append('.').Append(name);
        }
        else
        {
            sb.Append("['").Append(name.Replace("'", "\\'")).Append("']");
        }
    }
}
