using System;
using System.Buffers;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Unicode;

namespace WxContracts.Push;

/// <summary>The header elements a push starts with, read in the parse's first pass.</summary>
internal struct WxPushHeader
{
    public string? ToUserName;
    public string? FromUserName;
    public bool HasCreateTime;
    public long CreateTime;
    public string? MsgType;
    public string? Event;

    /// <summary>Sets the elements that were there on <paramref name="document"/>.</summary>
    public readonly void ApplyTo(WxPushDocument document)
    {
        if (ToUserName is not null)
        {
            document.ToUserName = ToUserName;
        }

        if (FromUserName is not null)
        {
            document.FromUserName = FromUserName;
        }

        if (HasCreateTime)
        {
            document.CreateTime = CreateTime;
        }

        // A known class's constructor set the same MsgType (and Event): keep its constant.
        if (!string.Equals(document.MsgType, MsgType, StringComparison.Ordinal))
        {
            document.MsgType = MsgType ?? string.Empty;
        }

        if (Event is not null && document is WxPushMessage message && !string.Equals(message.Event, Event, StringComparison.Ordinal))
        {
            message.Event = Event;
        }
    }
}

/// <summary>Reads one item of a list element; the reader is on the item's start tag and the call consumes the item.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="reader">The reader.</param>
public delegate T WxPushItemReader<T>(ref WxPushReader reader);

/// <summary>
/// A forward-only reader over the UTF-8 bytes of one push document. The generated push classes read their elements
/// through it (<see cref="WxPushNode.ReadElement"/>); <see cref="WxPushXml.Parse{T}(ReadOnlyMemory{byte}, Func{string, string?, T}, Func{T})"/>
/// creates it.
/// </summary>
/// <remarks>
/// <para>
/// Why not <c>XmlReader</c>: creating one costs about 2.7 KB and half a microsecond or more per document before the first
/// byte is read — more than the whole parse of a 235-byte push — and a push is always a small document in a small
/// XML subset. The reader accepts exactly that subset: an optional UTF-8 BOM and XML declaration, elements without
/// attributes, text, CDATA sections, comments, the five predefined entities (<c>&amp;lt;</c> <c>&amp;gt;</c>
/// <c>&amp;amp;</c> <c>&amp;quot;</c> <c>&amp;apos;</c>) and numeric character references.
/// </para>
/// <para>
/// It refuses, with <see cref="WxPushFormatException"/> and never another exception, everything else: a DOCTYPE or
/// any other markup declaration (so there is no DTD, no entity declaration and nothing external to resolve — it is
/// safe against XXE and entity expansion by construction), processing instructions other than the declaration, an
/// unknown entity, attributes, mismatched or unclosed tags, content after the root, invalid UTF-8 or characters XML
/// does not allow, nesting deeper than <see cref="WxPushXml.MaxDepth"/>, and documents over
/// <see cref="WxPushXml.MaxCharacters"/> characters. Error messages give a position and a reason, never the content.
/// </para>
/// </remarks>
public ref struct WxPushReader
{
    private const int StackNameChars = 64;

    /// <summary>The length of the root's name, which <see cref="Open"/> checked is "xml".</summary>
    private const int RootNameLength = 3;

    private static readonly SearchValues<byte> s_forbidden = SearchValues.Create(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31]);

    // What is not printable ASCII or one of the three whitespace controls: where a document that is all ASCII and
    // has no forbidden control character would stop (one search instead of validating UTF-8 and then searching).
    private static readonly SearchValues<byte> s_notPlainAscii = SearchValues.Create(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31,
         .. Enumerable.Range(0x80, 0x80).Select(static b => (byte)b)]);

    // MsgType values read as these literals instead of new strings.
    private static readonly string[] s_msgTypes = ["text", "event", "image", "voice", "video", "shortvideo", "location", "link"];

    // In text: what needs a second look — a reference, a CR to normalize, a ']' that may start "]]>".
    private static readonly SearchValues<byte> s_textSpecial = SearchValues.Create([(byte)'&', (byte)'\r', (byte)']']);

    private readonly ReadOnlySpan<byte> _xml;
    private bool _ascii;
    private int _pos;
    private int _depth;
    private int _nameStart;
    private int _nameLength;
    private bool _empty;
    private int _lastEndTag;
    private int _rootStart;

    private WxPushReader(ReadOnlySpan<byte> xml)
    {
        _xml = xml;
        _ascii = false;
        _pos = 0;
        _depth = 0;
        _nameStart = 0;
        _nameLength = 0;
        _empty = false;
        _lastEndTag = 0;
        _rootStart = 0;
    }

    private enum Token
    {
        Child,
        End,
    }

    /// <summary>Opens a document: checks its size and characters, reads the prolog and the root's start tag.</summary>
    /// <param name="xml">The document as UTF-8.</param>
    /// <param name="checkDeclaredEncoding">Whether an encoding in the XML declaration must say UTF-8 (false when
    /// the bytes were encoded from a string, whose declaration does not describe them).</param>
    internal static WxPushReader Open(ReadOnlySpan<byte> xml, bool checkDeclaredEncoding)
    {
        if (xml.Length > WxPushXml.MaxCharacters * 4L
            || (xml.Length > WxPushXml.MaxCharacters && Encoding.UTF8.GetCharCount(xml) > WxPushXml.MaxCharacters))
        {
            throw new WxPushFormatException("The push document is larger than " + WxPushXml.MaxCharacters + " characters.");
        }

        var reader = new WxPushReader(xml);
        if (xml.IndexOfAny(s_notPlainAscii) < 0)
        {
            // All ASCII (so valid UTF-8) without a forbidden control character: text becomes strings without decoding.
            reader._ascii = true;
        }
        else
        {
            if (!Utf8.IsValid(xml))
            {
                throw reader.Malformed("the bytes are not valid UTF-8", 0);
            }

            var bad = xml.IndexOfAny(s_forbidden);
            if (bad >= 0)
            {
                throw reader.Malformed("a control character XML does not allow", bad);
            }
        }

        reader.ReadProlog(checkDeclaredEncoding);
        reader._rootStart = reader._nameStart;
        if (reader._nameLength != 3 || !reader.Name.SequenceEqual("xml"u8))
        {
            throw new WxPushFormatException("The push document's root element must be <xml>.");
        }

        return reader;
    }

    private readonly ReadOnlySpan<byte> Name => _xml.Slice(_nameStart, _nameLength);

    /// <summary>Whether the element the reader is on is named <paramref name="name"/> (ordinal).</summary>
    public readonly bool NameIs(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var bytes = Name;
        if (bytes.Length == name.Length && Ascii.Equals(bytes, name))
        {
            return true;
        }

        // A non-ASCII name: its UTF-8 is longer than its UTF-16, or differs byte for char.
        return bytes.Length > name.Length && Encoding.UTF8.GetCharCount(bytes) == name.Length && Encoding.UTF8.GetString(bytes) == name;
    }

    /// <summary>The element's text (text and CDATA, entities decoded); the element is consumed. Empty for an empty element.</summary>
    /// <exception cref="WxPushFormatException">The element has child elements, or is malformed.</exception>
    public string ReadString() => ReadString(null);

    /// <summary>
    /// The element's text, as <see cref="ReadString()"/>; returns <paramref name="known"/> itself when the text equals
    /// it (a constant such as a class's MsgType), so the common value costs no string.
    /// </summary>
    public string ReadString(string? known) =>
        known is null ? ReadStringOrKnown(default) : ReadStringOrKnown(new ReadOnlySpan<string>(in known));

    /// <summary>Text that <see cref="ReadText"/> left at <paramref name="documentOffset"/> as a string: widened when it
    /// is a slice of an ASCII document, else decoded from UTF-8 (decoded references may be any character).</summary>
    private readonly string GetString(ReadOnlySpan<byte> text, int documentOffset) =>
        _ascii && documentOffset >= 0 ? Encoding.ASCII.GetString(text) : Encoding.UTF8.GetString(text);

    /// <summary>A MsgType: one of the common values as its literal, else the element's text.</summary>
    internal string ReadMsgType() => ReadStringOrKnown(s_msgTypes);

    /// <summary>The element's text; the string of <paramref name="known"/> it equals, if any, instead of a new one.</summary>
    private string ReadStringOrKnown(scoped ReadOnlySpan<string> known)
    {
        if (EndIfEmpty())
        {
            return string.Empty;
        }

        byte[]? rented = null;
        try
        {
            var length = ReadText(ref rented, out var at);
            var text = Text(rented, length, at);
            foreach (var candidate in known)
            {
                if (text.Length == candidate.Length && Ascii.Equals(text, candidate))
                {
                    return candidate;
                }
            }

            return GetString(text, at);
        }
        finally
        {
            Return(rented);
        }
    }

    /// <summary>The element's text as a 32-bit integer (parsed from the bytes); null when it is not one.</summary>
    public int? ReadInt32() => ReadInt64() is { } value && value is >= int.MinValue and <= int.MaxValue ? (int)value : null;

    /// <summary>The element's text as a 64-bit integer (parsed from the bytes); null when it is not one.</summary>
    public long? ReadInt64()
    {
        if (EndIfEmpty())
        {
            return null;
        }

        byte[]? rented = null;
        try
        {
            var length = ReadText(ref rented, out var at);
            var text = Trim(Text(rented, length, at));
            return Utf8Parser.TryParse(text, out long value, out var consumed) && consumed == text.Length ? value : null;
        }
        finally
        {
            Return(rented);
        }
    }

    /// <summary>The element's text as a number (parsed from the bytes); null when it is not one.</summary>
    public double? ReadDouble()
    {
        if (EndIfEmpty())
        {
            return null;
        }

        byte[]? rented = null;
        try
        {
            var length = ReadText(ref rented, out var at);
            return double.TryParse(Trim(Text(rented, length, at)), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
        }
        finally
        {
            Return(rented);
        }
    }

    /// <summary>The element's text as a boolean: 1/0 or true/false (also True, TRUE, False, FALSE); null otherwise.</summary>
    public bool? ReadBoolean()
    {
        if (EndIfEmpty())
        {
            return null;
        }

        byte[]? rented = null;
        try
        {
            var length = ReadText(ref rented, out var at);
            var text = Trim(Text(rented, length, at));
            if (text.SequenceEqual("1"u8) || text.SequenceEqual("true"u8) || text.SequenceEqual("True"u8) || text.SequenceEqual("TRUE"u8))
            {
                return true;
            }

            if (text.SequenceEqual("0"u8) || text.SequenceEqual("false"u8) || text.SequenceEqual("False"u8) || text.SequenceEqual("FALSE"u8))
            {
                return false;
            }

            return null;
        }
        finally
        {
            Return(rented);
        }
    }

    /// <summary>Reads the element into <paramref name="node"/>: the children its class knows through
    /// <see cref="WxPushNode.ReadElement"/>, the others kept in <see cref="WxPushNode.UnknownElements"/>. Text between
    /// children is ignored.</summary>
    public T ReadNode<T>(T node)
        where T : WxPushNode
    {
        ArgumentNullException.ThrowIfNull(node);
        if (EndIfEmpty())
        {
            return node;
        }

        ReadChildren(node, _nameStart, _nameLength);
        return node;
    }

    /// <summary>Reads the children of the element whose name is at <paramref name="parentStart"/> into <paramref name="node"/>, up to its end tag.</summary>
    private void ReadChildren(WxPushNode node, int parentStart, int parentLength)
    {
        Span<char> buffer = stackalloc char[StackNameChars];
        while (NextChild(parentStart, parentLength) == Token.Child)
        {
            var bytes = Name;
            var chars = bytes.Length <= buffer.Length ? buffer : new char[bytes.Length];
            var name = chars.Slice(0, Ascii.ToUtf16(bytes, chars, out var widened) == OperationStatus.Done ? widened : Encoding.UTF8.GetChars(bytes, chars));
            if (!node.ReadElement(ref this, name))
            {
                node.UnknownElements.Add(new WxPushElement(name.ToString(), ReadInnerXml()));
            }
        }
    }

    /// <summary>Reads a container element whose <paramref name="itemElement"/> children are items; other children are skipped.</summary>
    public List<T> ReadList<T>(string itemElement, WxPushItemReader<T> readItem)
    {
        ArgumentNullException.ThrowIfNull(itemElement);
        ArgumentNullException.ThrowIfNull(readItem);
        var list = new List<T>();
        if (EndIfEmpty())
        {
            return list;
        }

        int parentStart = _nameStart, parentLength = _nameLength;
        while (NextChild(parentStart, parentLength) == Token.Child)
        {
            if (NameIs(itemElement))
            {
                list.Add(readItem(ref this));
            }
            else
            {
                Skip();
            }
        }

        return list;
    }

    /// <summary>Consumes the element, checking it is well-formed.</summary>
    public void Skip()
    {
        if (EndIfEmpty())
        {
            return;
        }

        int parentStart = _nameStart, parentLength = _nameLength;
        while (NextChild(parentStart, parentLength) == Token.Child)
        {
            Skip();
        }
    }

    /// <summary>The element's content as it came (CDATA sections and references kept); the element is consumed.</summary>
    public string ReadInnerXml()
    {
        var start = _pos;
        if (EndIfEmpty())
        {
            return string.Empty;
        }

        Skip();
        return Encoding.UTF8.GetString(_xml.Slice(start, _lastEndTag - start));
    }

    /// <summary>
    /// The usual single pass: reads the root's leading header elements (ToUserName, FromUserName, CreateTime, MsgType and,
    /// when <paramref name="allowEvent"/>, Event) until the type is known. False when another element comes first or the
    /// root ends before — the caller then reads again from a copy taken before (<see cref="FindTypes"/>).
    /// </summary>
    internal bool TryReadHeader(bool allowEvent, out WxPushHeader header)
    {
        header = default;
        if (_empty)
        {
            return false;
        }

        while (NextChild(_rootStart, RootNameLength) == Token.Child)
        {
            if (Name.SequenceEqual("ToUserName"u8))
            {
                header.ToUserName = ReadString();
            }
            else if (Name.SequenceEqual("FromUserName"u8))
            {
                header.FromUserName = ReadString();
            }
            else if (Name.SequenceEqual("CreateTime"u8))
            {
                header.HasCreateTime = true;
                header.CreateTime = ReadInt64() ?? 0;
            }
            else if (Name.SequenceEqual("MsgType"u8))
            {
                header.MsgType = ReadMsgType();
                if (!string.Equals(header.MsgType, "event", StringComparison.OrdinalIgnoreCase) || header.Event is not null)
                {
                    return true;
                }
            }
            else if (allowEvent && Name.SequenceEqual("Event"u8))
            {
                header.Event = ReadString();
                if (header.MsgType is not null)
                {
                    return true;
                }
            }
            else
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>After <see cref="TryReadHeader"/>: the root's remaining children into <paramref name="document"/>.</summary>
    internal void ReadRootChildren(WxPushDocument document) => ReadChildren(document, _rootStart, RootNameLength);

    /// <summary>The first pass of a parse: MsgType and Event among the root's children, stopping once both are known
    /// (or MsgType is not <c>event</c>). Runs on a copy of the reader, so the document is read again from the root.</summary>
    internal readonly (string MsgType, string? Event) FindTypes()
    {
        var scan = this;
        if (scan.EndIfEmpty())
        {
            return (string.Empty, null);
        }

        string? msgType = null, evt = null;
        while (scan.NextChild(_nameStart, _nameLength) == Token.Child)
        {
            if (scan.Name.SequenceEqual("MsgType"u8))
            {
                msgType = scan.ReadMsgType();
                if (!string.Equals(msgType, "event", StringComparison.OrdinalIgnoreCase))
                {
                    return (msgType, null);
                }
            }
            else if (scan.Name.SequenceEqual("Event"u8))
            {
                evt = scan.ReadString();
            }
            else
            {
                scan.Skip();
            }

            if (msgType is not null && evt is not null)
            {
                return (msgType, evt);
            }
        }

        return (msgType ?? string.Empty, evt);
    }

    /// <summary>Copies the text of the root's first child named <paramref name="name"/> into
    /// <paramref name="destination"/> (at least as long as the document) and reads the rest of the document.</summary>
    internal int ReadChildText(string name, Span<byte> destination, out bool found)
    {
        found = false;
        var written = 0;
        if (EndIfEmpty())
        {
            return 0;
        }

        int rootStart = _nameStart, rootLength = _nameLength;
        while (NextChild(rootStart, rootLength) == Token.Child)
        {
            if (!found && NameIs(name))
            {
                found = true;
                if (EndIfEmpty())
                {
                    continue;
                }

                byte[]? rented = null;
                try
                {
                    var length = ReadText(ref rented, out var at);
                    var text = Text(rented, length, at);
                    if (text.Length > destination.Length)
                    {
                        // Only when the destination is shorter than the document, which the callers never pass.
                        throw Malformed("the element's text is longer than the buffer", _pos);
                    }

                    text.CopyTo(destination);
                    written = text.Length;
                }
                finally
                {
                    Return(rented);
                }
            }
            else
            {
                Skip();
            }
        }

        ReadEnd();
        return written;
    }

    /// <summary>After the root's end tag: only whitespace and comments may follow.</summary>
    internal void ReadEnd()
    {
        SkipMisc();
        if (_pos < _xml.Length)
        {
            throw Malformed("content after the root element", _pos);
        }
    }

    // ---- the scanner ----

    private readonly byte At(int offset) => _pos + offset < _xml.Length ? _xml[_pos + offset] : (byte)0;

    private readonly bool StartsWith(ReadOnlySpan<byte> text) => _xml.Slice(_pos).StartsWith(text);

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';

    private static bool IsNameStart(byte b) => NameBytes[b] == 2;

    private static bool IsNameChar(byte b) => NameBytes[b] != 0;

    /// <summary>Per byte: 2 may start a name (letters, '_', ':', any byte of a non-ASCII character), 1 may only
    /// continue one (digits, '-', '.'), 0 ends it.</summary>
    private static ReadOnlySpan<byte> NameBytes =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 0, 0, 0, 0, 0,
        0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 2,
        0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0,
        2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
        2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
        2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
        2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    ];

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> text)
    {
        var start = 0;
        var end = text.Length;
        while (start < end && IsSpace(text[start]))
        {
            start++;
        }

        while (end > start && IsSpace(text[end - 1]))
        {
            end--;
        }

        return text.Slice(start, end - start);
    }

    private static void Return(byte[]? rented)
    {
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>For an empty element (<c>&lt;x/&gt;</c>): consumes it and returns true.</summary>
    private bool EndIfEmpty()
    {
        if (!_empty)
        {
            return false;
        }

        _empty = false;
        _depth--;
        _lastEndTag = _pos;
        return true;
    }

    /// <summary>BOM, XML declaration, whitespace and comments, then the root's start tag.</summary>
    private void ReadProlog(bool checkDeclaredEncoding)
    {
        if (StartsWith([0xEF, 0xBB, 0xBF]))
        {
            _pos = 3;
        }

        if (StartsWith("<?xml"u8) && IsSpace(At(5)))
        {
            var end = _xml.Slice(_pos).IndexOf("?>"u8);
            if (end < 0)
            {
                throw Malformed("an unterminated XML declaration", _pos);
            }

            var declaration = _xml.Slice(_pos + 5, end - 5);
            if (declaration.IndexOfAny((byte)'<', (byte)'>') >= 0)
            {
                throw Malformed("a malformed XML declaration", _pos);
            }

            if (checkDeclaredEncoding)
            {
                CheckEncoding(declaration);
            }

            _pos += end + 2;
        }

        SkipMisc();
        if (_pos >= _xml.Length)
        {
            throw Malformed("no root element", _pos);
        }

        if (At(0) != (byte)'<' || !IsNameStart(At(1)))
        {
            throw Malformed("no root element where one is expected", _pos);
        }

        ReadStartTag();
        _depth = 0;
    }

    private void CheckEncoding(ReadOnlySpan<byte> declaration)
    {
        var at = declaration.IndexOf("encoding"u8);
        if (at < 0)
        {
            return;
        }

        var rest = Trim(declaration.Slice(at + 8));
        if (rest.Length == 0 || rest[0] != (byte)'=')
        {
            throw Malformed("a malformed XML declaration", _pos);
        }

        rest = Trim(rest.Slice(1));
        if (rest.Length < 2 || rest[0] is not ((byte)'"' or (byte)'\''))
        {
            throw Malformed("a malformed XML declaration", _pos);
        }

        var close = rest.Slice(1).IndexOf(rest[0]);
        var encoding = close < 0 ? default : rest.Slice(1, close);
        if (!Ascii.EqualsIgnoreCase(encoding, "utf-8"u8) && !Ascii.EqualsIgnoreCase(encoding, "utf8"u8))
        {
            throw Malformed("an encoding other than UTF-8", _pos);
        }
    }

    /// <summary>Whitespace, comments; refuses DOCTYPE and processing instructions.</summary>
    private void SkipMisc()
    {
        while (_pos < _xml.Length)
        {
            var b = _xml[_pos];
            if (IsSpace(b))
            {
                _pos++;
            }
            else if (b == (byte)'<' && At(1) == (byte)'!' && At(2) == (byte)'-' && At(3) == (byte)'-')
            {
                SkipComment();
            }
            else if (b == (byte)'<' && (At(1) == (byte)'!' || At(1) == (byte)'?'))
            {
                throw Markup();
            }
            else
            {
                return;
            }
        }
    }

    private void SkipComment()
    {
        var end = _xml.Slice(_pos + 4).IndexOf("--"u8);
        if (end < 0)
        {
            throw Malformed("an unterminated comment", _pos);
        }

        var close = _pos + 4 + end;
        if (At(close - _pos + 2) != (byte)'>')
        {
            throw Malformed("'--' inside a comment", close);
        }

        _pos = close + 3;
    }

    /// <summary>The error for markup the subset does not have, at <c>&lt;!</c> or <c>&lt;?</c>.</summary>
    private readonly WxPushFormatException Markup()
    {
        if (At(1) == (byte)'?')
        {
            return Malformed("a processing instruction, which is not allowed", _pos);
        }

        return StartsWith("<!DOCTYPE"u8) || StartsWith("<!ENTITY"u8) || StartsWith("<!ELEMENT"u8) || StartsWith("<!ATTLIST"u8)
            ? new WxPushFormatException("The push document has a DTD, which is not allowed.")
            : Malformed("a markup declaration, which is not allowed", _pos);
    }

    /// <summary>At '&lt;' followed by a name start: reads the start tag; sets the name, the depth and whether it is empty.</summary>
    private void ReadStartTag()
    {
        var start = _pos + 1;
        var i = start;
        while (i < _xml.Length && IsNameChar(_xml[i]))
        {
            i++;
        }

        _nameStart = start;
        _nameLength = i - start;
        while (i < _xml.Length && IsSpace(_xml[i]))
        {
            i++;
        }

        if (i >= _xml.Length)
        {
            throw Malformed("a truncated start tag", _pos);
        }

        if (_xml[i] == (byte)'>')
        {
            _empty = false;
            _pos = i + 1;
        }
        else if (_xml[i] == (byte)'/' && i + 1 < _xml.Length && _xml[i + 1] == (byte)'>')
        {
            _empty = true;
            _pos = i + 2;
        }
        else if (IsNameStart(_xml[i]))
        {
            throw Malformed("an attribute, which push documents do not have", i);
        }
        else
        {
            throw Malformed("a malformed start tag", _pos);
        }

        _depth++;
        if (_depth > WxPushXml.MaxDepth)
        {
            throw new WxPushFormatException("The push document nests elements deeper than " + WxPushXml.MaxDepth + " levels.");
        }
    }

    /// <summary>At "&lt;/": reads the end tag, which must close the element named at <paramref name="nameStart"/>.</summary>
    private void ReadEndTag(int nameStart, int nameLength)
    {
        _lastEndTag = _pos;
        var i = _pos + 2;
        var end = i + nameLength;
        if (end > _xml.Length || !_xml.Slice(i, nameLength).SequenceEqual(_xml.Slice(nameStart, nameLength)))
        {
            throw Malformed(end > _xml.Length ? "a truncated end tag" : "an end tag that does not match its start tag", _pos);
        }

        i = end;
        while (i < _xml.Length && IsSpace(_xml[i]))
        {
            i++;
        }

        if (i >= _xml.Length || _xml[i] != (byte)'>')
        {
            throw Malformed(i >= _xml.Length ? "a truncated end tag" : "an end tag that does not match its start tag", _pos);
        }

        _pos = i + 1;
        _depth--;
    }

    /// <summary>In an element's content: passes text, CDATA and comments up to the next child's start tag (read) or
    /// the element's end tag (read).</summary>
    private Token NextChild(int parentStart, int parentLength)
    {
        while (true)
        {
            var lt = IndexOfLessThan();
            if (lt < 0)
            {
                throw Malformed("the document ends inside an element", _xml.Length);
            }

            if (lt > 0)
            {
                CheckText(_xml.Slice(_pos, lt), _pos);
                _pos += lt;
            }

            switch (At(1))
            {
                case (byte)'/':
                    ReadEndTag(parentStart, parentLength);
                    return Token.End;
                case (byte)'!' when StartsWith("<![CDATA["u8):
                    SkipCData();
                    break;
                case (byte)'!' when StartsWith("<!--"u8):
                    SkipComment();
                    break;
                case (byte)'!' or (byte)'?':
                    throw Markup();
                default:
                    if (!IsNameStart(At(1)))
                    {
                        throw Malformed("a '<' that starts no tag", _pos);
                    }

                    ReadStartTag();
                    return Token.Child;
            }
        }
    }

    /// <summary>The next '&lt;' from the position, as an offset; -1 when there is none. (Markup usually follows markup
    /// directly: a look at the current byte before a search.)</summary>
    private readonly int IndexOfLessThan() =>
        _pos < _xml.Length && _xml[_pos] == (byte)'<' ? 0 : _xml.Slice(_pos).IndexOf((byte)'<');

    /// <summary>At "&lt;![CDATA[": passes the section; returns its content's start and length.</summary>
    private (int Start, int Length) SkipCData() => SkipCData(out _);

    /// <summary>At "&lt;![CDATA[": passes the section; returns its content's start and length, and whether the content
    /// has a carriage return (to normalize).</summary>
    private (int Start, int Length) SkipCData(out bool carriageReturn)
    {
        var start = _pos + 9;
        var end = IndexOfCDataEnd(_xml.Slice(start), out carriageReturn);
        if (end < 0)
        {
            throw Malformed("an unterminated CDATA section", _pos);
        }

        _pos = start + end + 3;
        return (start, end);
    }

    /// <summary>Where "]]&gt;" starts; -1 when it does not occur. (A search for ']' and a look at the next two bytes:
    /// cheaper than a substring search on the short texts of a push.)</summary>
    private static int IndexOfCDataEnd(ReadOnlySpan<byte> text) => IndexOfCDataEnd(text, out _);

    /// <summary>Where "]]&gt;" starts (-1 when it does not occur), and whether a carriage return comes before it.</summary>
    private static int IndexOfCDataEnd(ReadOnlySpan<byte> text, out bool carriageReturn)
    {
        carriageReturn = false;
        var offset = 0;
        while (true)
        {
            var found = text.Slice(offset).IndexOfAny((byte)']', (byte)'\r');
            if (found < 0)
            {
                return -1;
            }

            var at = offset + found;
            if (text[at] == (byte)'\r')
            {
                carriageReturn = true;
            }
            else if (at + 2 < text.Length && text[at + 1] == (byte)']' && text[at + 2] == (byte)'>')
            {
                return at;
            }

            offset = at + 1;
        }
    }

    /// <summary>Checks a run of text: its references are known and "]]&gt;" does not occur.</summary>
    private readonly void CheckText(ReadOnlySpan<byte> text, int offset)
    {
        var special = text.IndexOfAny(s_textSpecial);
        if (special < 0)
        {
            return;
        }

        if (IndexOfCDataEnd(text.Slice(special)) >= 0)
        {
            throw Malformed("']]>' in text", offset);
        }

        Span<byte> unused = stackalloc byte[4];
        var amp = text.IndexOf((byte)'&');
        while (amp >= 0)
        {
            var consumed = DecodeReference(text.Slice(amp), offset + amp, unused, out _);
            var next = text.Slice(amp + consumed).IndexOf((byte)'&');
            amp = next < 0 ? -1 : amp + consumed + next;
        }
    }

    /// <summary>At '&amp;': decodes a predefined entity or a character reference into <paramref name="destination"/>
    /// (4 bytes); returns the bytes consumed.</summary>
    private readonly int DecodeReference(ReadOnlySpan<byte> text, int offset, Span<byte> destination, out int written)
    {
        var semicolon = text.Slice(0, Math.Min(text.Length, 12)).IndexOf((byte)';');
        if (semicolon < 2)
        {
            throw Malformed("a '&' that starts no reference", offset);
        }

        var name = text.Slice(1, semicolon - 1);
        written = 1;
        if (name.SequenceEqual("lt"u8))
        {
            destination[0] = (byte)'<';
        }
        else if (name.SequenceEqual("gt"u8))
        {
            destination[0] = (byte)'>';
        }
        else if (name.SequenceEqual("amp"u8))
        {
            destination[0] = (byte)'&';
        }
        else if (name.SequenceEqual("quot"u8))
        {
            destination[0] = (byte)'"';
        }
        else if (name.SequenceEqual("apos"u8))
        {
            destination[0] = (byte)'\'';
        }
        else if (name[0] == (byte)'#')
        {
            var hex = name.Length > 1 && name[1] == (byte)'x';
            var digits = name.Slice(hex ? 2 : 1);
            if (digits.Length == 0
                || digits.IndexOfAny((byte)'+', (byte)'-') >= 0
                || !int.TryParse(digits, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out var code)
                || !IsXmlChar(code)
                || !new Rune(code).TryEncodeToUtf8(destination, out written))
            {
                throw Malformed("a character reference to no allowed character", offset);
            }
        }
        else
        {
            throw Malformed("a reference to an entity other than lt, gt, amp, quot and apos", offset);
        }

        return semicolon + 1;
    }

    private static bool IsXmlChar(int code) =>
        code is 0x9 or 0xA or 0xD or >= 0x20 and <= 0xD7FF or >= 0xE000 and <= 0xFFFD or >= 0x10000 and <= 0x10FFFF;

    private static bool IsWhitespaceOnly(ReadOnlySpan<byte> text)
    {
        foreach (var b in text)
        {
            if (!IsSpace(b))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Reads a text-only element's content up to and including its end tag: text runs (whitespace-only runs are
    /// ignored, as XmlReader with IgnoreWhitespace does) and CDATA sections, concatenated. When the content is one run
    /// needing no decoding — the common case — the text is a slice of the document at <paramref name="documentOffset"/>;
    /// otherwise (offset -1) it is decoded into a rented array the caller returns. Returns the text's length.
    /// </summary>
    private int ReadText(ref byte[]? rented, out int documentOffset)
    {
        documentOffset = -1;
        int parentStart = _nameStart, parentLength = _nameLength;
        var contentStart = _pos;
        var segments = 0;
        var decode = false;
        int singleStart = 0, singleLength = 0;
        while (true)
        {
            var lt = IndexOfLessThan();
            if (lt < 0)
            {
                throw Malformed("the document ends inside an element", _xml.Length);
            }

            if (lt > 0)
            {
                var run = _xml.Slice(_pos, lt);
                var special = run.IndexOfAny(s_textSpecial);
                if (special >= 0 && IndexOfCDataEnd(run.Slice(special)) >= 0)
                {
                    throw Malformed("']]>' in text", _pos);
                }

                if (special >= 0 && run.Slice(special).IndexOfAny((byte)'&', (byte)'\r') >= 0)
                {
                    decode = true;
                    segments++;
                }
                else if (!IsWhitespaceOnly(run))
                {
                    segments++;
                    singleStart = _pos;
                    singleLength = lt;
                }

                _pos += lt;
            }

            switch (At(1))
            {
                case (byte)'/':
                    var contentEnd = _pos;
                    ReadEndTag(parentStart, parentLength);
                    if (segments == 0)
                    {
                        return 0;
                    }

                    if (segments == 1 && !decode)
                    {
                        documentOffset = singleStart;
                        return singleLength;
                    }

                    rented = ArrayPool<byte>.Shared.Rent(contentEnd - contentStart);
                    return Decode(contentStart, contentEnd, rented);
                case (byte)'!' when StartsWith("<![CDATA["u8):
                    var (start, length) = SkipCData(out var carriageReturn);
                    segments++;
                    (singleStart, singleLength) = (start, length);
                    decode |= carriageReturn;
                    break;
                case (byte)'!' when StartsWith("<!--"u8):
                    SkipComment();
                    break;
                case (byte)'!' or (byte)'?':
                    throw Markup();
                default:
                    throw Malformed(IsNameStart(At(1)) ? "a child element where text is expected" : "a '<' that starts no tag", _pos);
            }
        }
    }

    /// <summary>Where <see cref="ReadText"/> left the text: in the document or the rented array (empty when neither).</summary>
    private readonly ReadOnlySpan<byte> Text(byte[]? rented, int length, int documentOffset) =>
        documentOffset >= 0 ? _xml.Slice(documentOffset, length) : rented.AsSpan(0, length);

    /// <summary>The second look at a text content already checked by <see cref="ReadText"/>: writes it decoded
    /// (references replaced, line ends normalized to LF) into <paramref name="destination"/>, which is at least as long
    /// as the raw content (decoding never lengthens it).</summary>
    private readonly int Decode(int start, int end, Span<byte> destination)
    {
        var written = 0;
        var i = start;
        while (i < end)
        {
            var lt = _xml.Slice(i, end - i).IndexOf((byte)'<');
            var runEnd = lt < 0 ? end : i + lt;
            var run = _xml.Slice(i, runEnd - i);
            if (run.Length > 0 && (run.IndexOf((byte)'&') >= 0 || !IsWhitespaceOnly(run)))
            {
                written += DecodeRun(run, i, destination.Slice(written), references: true);
            }

            i = runEnd;
            if (i >= end)
            {
                break;
            }

            if (_xml.Slice(i).StartsWith("<![CDATA["u8))
            {
                var length = IndexOfCDataEnd(_xml.Slice(i + 9));
                written += DecodeRun(_xml.Slice(i + 9, length), i + 9, destination.Slice(written), references: false);
                i += 9 + length + 3;
            }
            else
            {
                // A comment (the only other markup ReadText lets through).
                i += 4 + _xml.Slice(i + 4).IndexOf("-->"u8) + 3;
            }
        }

        return written;
    }

    private readonly int DecodeRun(ReadOnlySpan<byte> run, int offset, Span<byte> destination, bool references)
    {
        var written = 0;
        var i = 0;
        while (i < run.Length)
        {
            var b = run[i];
            if (b == (byte)'\r')
            {
                destination[written++] = (byte)'\n';
                i += i + 1 < run.Length && run[i + 1] == (byte)'\n' ? 2 : 1;
            }
            else if (b == (byte)'&' && references)
            {
                i += DecodeReference(run.Slice(i), offset + i, destination.Slice(written), out var length);
                written += length;
            }
            else
            {
                destination[written++] = b;
                i++;
            }
        }

        return written;
    }

    /// <summary>A "not well-formed" error with the line and position of <paramref name="offset"/> and a reason that
    /// never contains the document's text.</summary>
    private readonly WxPushFormatException Malformed(string reason, int offset)
    {
        offset = Math.Clamp(offset, 0, _xml.Length);
        var before = _xml.Slice(0, offset);
        var line = before.Count((byte)'\n') + 1;
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        var position = Encoding.UTF8.GetCharCount(before.Slice(lineStart)) + 1;
        return new WxPushFormatException(
            "The push document is not well-formed XML (line " + line.ToString(CultureInfo.InvariantCulture) + ", position " + position.ToString(CultureInfo.InvariantCulture) + "): " + reason + ".");
    }
}
