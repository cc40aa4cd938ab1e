using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
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
/// The reader and writer helpers the generated push code calls. Reading is streaming over <see cref="XmlReader"/> with
/// DTDs prohibited, no resolver, a size limit (<see cref="MaxCharacters"/>) and a depth limit (<see cref="MaxDepth"/>).
/// </summary>
public static class WxPushXml
{
    /// <summary>The largest document read, in characters.</summary>
    public const int MaxCharacters = 1024 * 1024;

    /// <summary>The deepest element nesting read (the root is depth 0).</summary>
    public const int MaxDepth = 16;

    private static readonly XmlReaderSettings s_readerSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = MaxCharacters,
        MaxCharactersFromEntities = 0,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        CloseInput = false,
    };

    /// <summary>How documents are written: UTF-8 without BOM, no declaration, no indentation.</summary>
    public static readonly XmlWriterSettings WriterSettings = new()
    {
        OmitXmlDeclaration = true,
        Indent = false,
        Encoding = new UTF8Encoding(false),
        CloseOutput = false,
    };

    /// <summary>Creates a reader with the safe settings.</summary>
    public static XmlReader CreateReader(Stream stream) => XmlReader.Create(stream, s_readerSettings);

    /// <summary>Creates a reader with the safe settings.</summary>
    public static XmlReader CreateReader(TextReader text) => XmlReader.Create(text, s_readerSettings);

    /// <summary>Parses a document: finds MsgType and Event, lets <paramref name="create"/> pick the class (or
    /// <paramref name="fallback"/>), then reads the document into it.</summary>
    /// <exception cref="WxPushFormatException">The document is malformed, too large or too deep, has a DTD, or its root is not &lt;xml&gt;.</exception>
    public static T Parse<T>(ReadOnlyMemory<byte> utf8, Func<string, string?, T?> create, Func<T> fallback)
        where T : WxPushDocument
    {
        if (utf8.Length > MaxCharacters * 4L)
        {
            throw new WxPushFormatException("The push document is larger than " + MaxCharacters + " characters.");
        }

        try
        {
            var (msgType, evt) = Scan(CreateReader(AsStream(utf8)));
            var document = create(msgType, evt) ?? fallback();
            using var reader = CreateReader(AsStream(utf8));
            ReadDocument(reader, document);
            return document;
        }
        catch (XmlException ex)
        {
            throw Malformed(ex);
        }
    }

    /// <inheritdoc cref="Parse{T}(ReadOnlyMemory{byte}, Func{string, string?, T}, Func{T})"/>
    public static T Parse<T>(string xml, Func<string, string?, T?> create, Func<T> fallback)
        where T : WxPushDocument
    {
        ArgumentNullException.ThrowIfNull(xml);
        if (xml.Length > MaxCharacters)
        {
            throw new WxPushFormatException("The push document is larger than " + MaxCharacters + " characters.");
        }

        try
        {
            var (msgType, evt) = Scan(CreateReader(new StringReader(xml)));
            var document = create(msgType, evt) ?? fallback();
            using var reader = CreateReader(new StringReader(xml));
            ReadDocument(reader, document);
            return document;
        }
        catch (XmlException ex)
        {
            throw Malformed(ex);
        }
    }

    private static WxPushFormatException Malformed(XmlException ex) =>
        new(ex.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase)
            ? "The push document has a DTD, which is not allowed."
            : "The push document is not well-formed XML (line " + ex.LineNumber.ToString(CultureInfo.InvariantCulture) + ", position " + ex.LinePosition.ToString(CultureInfo.InvariantCulture) + ").");

    private static MemoryStream AsStream(ReadOnlyMemory<byte> utf8) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(utf8, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(utf8.ToArray(), writable: false);

    /// <summary>The first pass: MsgType and Event among the root's children, stopping once both are known.</summary>
    private static (string MsgType, string? Event) Scan(XmlReader reader)
    {
        using (reader)
        {
            EnterRoot(reader);
            string? msgType = null;
            string? evt = null;
            if (reader.IsEmptyElement)
            {
                return (string.Empty, null);
            }

            reader.Read();
            while (!reader.EOF && reader.NodeType != XmlNodeType.EndElement)
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    reader.Read();
                    continue;
                }

                switch (reader.LocalName)
                {
                    case "MsgType":
                        msgType = ReadString(reader);
                        if (msgType is not null && !string.Equals(msgType, "event", StringComparison.OrdinalIgnoreCase))
                        {
                            return (msgType, null);
                        }

                        break;
                    case "Event":
                        evt = ReadString(reader);
                        break;
                    default:
                        if (reader.Depth + 1 > MaxDepth)
                        {
                            throw TooDeep();
                        }

                        reader.Skip();
                        break;
                }

                if (msgType is not null && evt is not null)
                {
                    return (msgType, evt);
                }
            }

            return (msgType ?? string.Empty, evt);
        }
    }

    private static void EnterRoot(XmlReader reader)
    {
        if (reader.MoveToContent() != XmlNodeType.Element || reader.LocalName != "xml")
        {
            throw new WxPushFormatException("The push document's root element must be <xml>.");
        }
    }

    private static WxPushFormatException TooDeep() => new("The push document nests elements deeper than " + MaxDepth + " levels.");

    /// <summary>Reads the root &lt;xml&gt; element into <paramref name="document"/>.</summary>
    public static void ReadDocument(XmlReader reader, WxPushDocument document)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(document);
        EnterRoot(reader);
        ReadNode(reader, document);
        while (reader.Read())
        {
            // Reading to the end makes the reader check the rest of the document is well-formed.
        }
    }

    /// <summary>Reads the element the reader is on into <paramref name="node"/>: known children through the
    /// generated code, the others kept as unknown elements.</summary>
    public static T ReadNode<T>(XmlReader reader, T node)
        where T : WxPushNode
    {
        if (reader.Depth > MaxDepth)
        {
            throw TooDeep();
        }

        if (reader.IsEmptyElement)
        {
            reader.Read();
            return node;
        }

        reader.Read();
        while (!reader.EOF && reader.NodeType != XmlNodeType.EndElement)
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                reader.Read();
                continue;
            }

            if (reader.Depth > MaxDepth)
            {
                throw TooDeep();
            }

            var name = reader.LocalName;
            if (!node.ReadElement(reader, name))
            {
                node.UnknownElements.Add(new WxPushElement(name, ReadUnknown(reader)));
            }
        }

        reader.Read(); // the end element
        return node;
    }

    private static readonly XmlWriterSettings s_fragmentSettings = new() { ConformanceLevel = ConformanceLevel.Fragment, OmitXmlDeclaration = true };

    /// <summary>Copies an unknown element's content as XML, node by node, keeping the depth limit.</summary>
    private static string ReadUnknown(XmlReader reader)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return string.Empty;
        }

        var start = reader.Depth;
        var text = new StringBuilder();
        using (var writer = XmlWriter.Create(text, s_fragmentSettings))
        {
            reader.Read();
            while (!reader.EOF && reader.Depth > start)
            {
                if (reader.Depth > MaxDepth)
                {
                    throw TooDeep();
                }

                switch (reader.NodeType)
                {
                    case XmlNodeType.Element:
                        writer.WriteStartElement(reader.LocalName);
                        writer.WriteAttributes(reader, false);
                        if (reader.IsEmptyElement)
                        {
                            writer.WriteEndElement();
                        }

                        break;
                    case XmlNodeType.EndElement:
                        writer.WriteFullEndElement();
                        break;
                    case XmlNodeType.CDATA:
                        writer.WriteCData(reader.Value);
                        break;
                    case XmlNodeType.Text:
                    case XmlNodeType.SignificantWhitespace:
                        writer.WriteString(reader.Value);
                        break;
                }

                reader.Read();
            }
        }

        reader.Read(); // the unknown element's end
        return text.ToString();
    }

    /// <summary>The element's text (CDATA or plain); the reader moves past it. Null when the element is empty.</summary>
    public static string? ReadString(XmlReader reader)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return string.Empty;
        }

        if (reader.Depth + 1 > MaxDepth)
        {
            throw TooDeep();
        }

        return reader.ReadElementContentAsString();
    }

    /// <summary>The element's text as a 32-bit integer; null when it is not one.</summary>
    public static int? ReadInt32(XmlReader reader) =>
        int.TryParse(ReadString(reader)?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>The element's text as a 64-bit integer; null when it is not one.</summary>
    public static long? ReadInt64(XmlReader reader) =>
        long.TryParse(ReadString(reader)?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>The element's text as a number; null when it is not one.</summary>
    public static double? ReadDouble(XmlReader reader) =>
        double.TryParse(ReadString(reader)?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>The element's text as a boolean: 1/0 or true/false; null otherwise.</summary>
    public static bool? ReadBoolean(XmlReader reader) => ReadString(reader)?.Trim() switch
    {
        "1" or "true" or "True" or "TRUE" => true,
        "0" or "false" or "False" or "FALSE" => false,
        _ => null,
    };

    /// <summary>Reads a container element whose <paramref name="itemElement"/> children are items; other children are skipped.</summary>
    public static List<T> ReadList<T>(XmlReader reader, string itemElement, Func<XmlReader, T> readItem)
    {
        var list = new List<T>();
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return list;
        }

        reader.Read();
        while (!reader.EOF && reader.NodeType != XmlNodeType.EndElement)
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                reader.Read();
            }
            else if (reader.LocalName == itemElement)
            {
                if (reader.Depth > MaxDepth)
                {
                    throw TooDeep();
                }

                list.Add(readItem(reader));
            }
            else
            {
                reader.Skip();
            }
        }

        reader.Read();
        return list;
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
