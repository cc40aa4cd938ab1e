using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Xml;

namespace WxContracts.Push;

/// <summary>A push body that is not a well-formed, safe push document (DTD, too large, too deep, malformed, no &lt;xml&gt; root).</summary>
public sealed class WxPushFormatException : Exception
{
    /// <summary>Creates the exception; the message never contains the body.</summary>
    public WxPushFormatException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>
/// The reader and writer helpers the generated push code calls. Reading goes through <see cref="WxPushReader"/>, a
/// scanner over the UTF-8 bytes for the small XML subset pushes use that refuses DTDs, entity declarations, processing
/// instructions and everything else outside that subset, with a size limit (<see cref="MaxCharacters"/>) and a depth
/// limit (<see cref="MaxDepth"/>); writing goes through <see cref="XmlWriter"/>.
/// </summary>
/// <remarks>
/// The reader is not XmlReader because XmlReader's set-up per document (about 2.7 KB of buffers and tables, half a
/// microsecond or more) costs more than the whole parse of a typical 200–1,000-byte push; see docs/benchmarks.md, "Inbound
/// pushes (issue 14)".
/// </remarks>
public static class WxPushXml
{
    /// <summary>The largest document read, in characters.</summary>
    public const int MaxCharacters = 1024 * 1024;

    /// <summary>The deepest element nesting read (the root is depth 0).</summary>
    public const int MaxDepth = 16;

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>How documents are written: UTF-8 without BOM, no declaration, no indentation.</summary>
    public static readonly XmlWriterSettings WriterSettings = new()
    {
        OmitXmlDeclaration = true,
        Indent = false,
        Encoding = new UTF8Encoding(false),
        CloseOutput = false,
    };

    /// <summary>Parses a document: finds MsgType and Event, lets <paramref name="create"/> pick the class (or
    /// <paramref name="fallback"/>), then reads the document into it.</summary>
    /// <exception cref="WxPushFormatException">The document is malformed, too large or too deep, has a DTD, or its root is not &lt;xml&gt;.</exception>
    public static T Parse<T>(ReadOnlyMemory<byte> utf8, Func<string, string?, T?> create, Func<T> fallback)
        where T : WxPushDocument =>
        Parse(utf8.Span, create, fallback, checkDeclaredEncoding: true);

    /// <inheritdoc cref="Parse{T}(ReadOnlyMemory{byte}, Func{string, string?, T}, Func{T})"/>
    public static T Parse<T>(string xml, Func<string, string?, T?> create, Func<T> fallback)
        where T : WxPushDocument
    {
        ArgumentNullException.ThrowIfNull(xml);
        if (xml.Length > MaxCharacters)
        {
            throw new WxPushFormatException("The push document is larger than " + MaxCharacters + " characters.");
        }

        var rented = ArrayPool<byte>.Shared.Rent(s_strictUtf8.GetMaxByteCount(xml.Length));
        try
        {
            int length;
            try
            {
                length = s_strictUtf8.GetBytes(xml, rented);
            }
            catch (EncoderFallbackException)
            {
                throw new WxPushFormatException("The push document is not well-formed XML: it has an unpaired surrogate.");
            }

            return Parse(rented.AsSpan(0, length), create, fallback, checkDeclaredEncoding: false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static T Parse<T>(ReadOnlySpan<byte> utf8, Func<string, string?, T?> create, Func<T> fallback, bool checkDeclaredEncoding)
        where T : WxPushDocument
    {
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(fallback);
        var reader = WxPushReader.Open(utf8, checkDeclaredEncoding);
        var atRoot = reader;
        T document;
        if (reader.TryReadHeader(allowEvent: typeof(WxPushMessage).IsAssignableFrom(typeof(T)), out var header))
        {
            // The usual order (the header first, MsgType and Event among it): one pass.
            document = create(header.MsgType!, header.Event) ?? fallback();
            header.ApplyTo(document);
            reader.ReadRootChildren(document);
        }
        else
        {
            // Another element before MsgType: find the type, then read the whole document again.
            reader = atRoot;
            var (msgType, evt) = reader.FindTypes();
            document = create(msgType, evt) ?? fallback();
            reader.ReadNode(document);
        }

        reader.ReadEnd();
        return document;
    }

    /// <summary>
    /// Copies the text of the root's first child element named <paramref name="name"/> (CDATA and references
    /// decoded) into <paramref name="destination"/>, after checking the whole document as <c>Parse</c> does — the
    /// encrypted envelope's Encrypt element, read without a string.
    /// </summary>
    /// <param name="utf8">The document.</param>
    /// <param name="name">The element name.</param>
    /// <param name="destination">Where the text goes; at least as long as <paramref name="utf8"/>.</param>
    /// <returns>The length of the text; -1 when the root has no such element.</returns>
    /// <exception cref="WxPushFormatException">The document is malformed, too large or too deep, has a DTD, or its root is not &lt;xml&gt;.</exception>
    public static int ReadChildText(ReadOnlySpan<byte> utf8, string name, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (destination.Length < utf8.Length)
        {
            throw new ArgumentException("The destination must be at least as long as the document.", nameof(destination));
        }

        var reader = WxPushReader.Open(utf8, checkDeclaredEncoding: true);
        var length = reader.ReadChildText(name, destination, out var found);
        return found ? length : -1;
    }

    /// <summary>Adds one occurrence of a repeated element to <paramref name="list"/> (created when null).</summary>
    public static List<T> Append<T>(List<T>? list, T item)
    {
        list ??= new List<T>();
        list.Add(item);
        return list;
    }

    /// <summary>Writes a text element (nothing when <paramref name="value"/> is null).</summary>
    public static void WriteString(XmlWriter writer, string name, string? value, bool cdata)
    {
        if (value is null)
        {
            return;
        }

        writer.WriteStartElement(name);
        if (cdata)
        {
            // XmlWriter splits a "]]>" in the text across two CDATA sections itself.
            writer.WriteCData(value);
        }
        else
        {
            writer.WriteString(value);
        }

        writer.WriteEndElement();
    }

    /// <summary>Writes a number element (nothing when null).</summary>
    public static void WriteNumber(XmlWriter writer, string name, long? value)
    {
        if (value is { } v)
        {
            writer.WriteElementString(name, v.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Writes a number element (nothing when null).</summary>
    public static void WriteNumber(XmlWriter writer, string name, double? value)
    {
        if (value is { } v)
        {
            writer.WriteElementString(name, v.ToString("R", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Writes a boolean element as 1 or 0 (nothing when null).</summary>
    public static void WriteBoolean(XmlWriter writer, string name, bool? value)
    {
        if (value is { } v)
        {
            writer.WriteElementString(name, v ? "1" : "0");
        }
    }

    /// <summary>Writes an element with child elements (nothing when null).</summary>
    public static void WriteNode(XmlWriter writer, string name, WxPushNode? node)
    {
        if (node is null)
        {
            return;
        }

        writer.WriteStartElement(name);
        node.WriteBody(writer);
        node.WriteUnknown(writer);
        writer.WriteEndElement();
    }

    /// <summary>Writes a container element with one <paramref name="itemElement"/> per item (nothing when null).</summary>
    public static void WriteList<T>(XmlWriter writer, string name, string itemElement, IList<T>? items, Action<XmlWriter, string, T> writeItem)
    {
        if (items is null)
        {
            return;
        }

        writer.WriteStartElement(name);
        foreach (var item in items)
        {
            writeItem(writer, itemElement, item);
        }

        writer.WriteEndElement();
    }

    /// <summary>Writes one element per item (nothing when null).</summary>
    public static void WriteRepeated<T>(XmlWriter writer, string name, IList<T>? items, Action<XmlWriter, string, T> writeItem)
    {
        if (items is null)
        {
            return;
        }

        foreach (var item in items)
        {
            writeItem(writer, name, item);
        }
    }

    /// <summary><paramref name="value"/> without <paramref name="prefix"/>; null when it does not start with it.</summary>
    public static string? StripPrefix(string? value, string prefix) =>
        value is not null && value.StartsWith(prefix, StringComparison.Ordinal) ? value.Substring(prefix.Length) : null;
}
