using System;
using System.ComponentModel;
using System.Text.Json;

namespace WxContracts.Serialization;

/// <summary>
/// A read failure inside a generated converter, before it is located: the wire field (when known), the problem and
/// the byte offset of the failing token. The converter that started the read turns it into a located
/// <see cref="JsonException"/> with <see cref="WxJson.Locate"/>; callers see that one, with this as its inner exception.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class WxJsonReadException : JsonException
{
    internal WxJsonReadException(string? field, string problem, long tokenOffset)
        : base(problem)
    {
        Field = field;
        Problem = problem;
        TokenOffset = tokenOffset;
    }

    /// <summary>The wire name of the field being read, when the failing helper knows it.</summary>
    public string? Field { get; }

    /// <summary>What was expected and what was found.</summary>
    public string Problem { get; }

    /// <summary>The reader's <see cref="Utf8JsonReader.TokenStartIndex"/> at the failing token.</summary>
    public long TokenOffset { get; }
}
