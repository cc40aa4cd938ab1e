using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Xml;

namespace WxContracts.Push;

/// <summary>An XML element a push carried that its spec does not describe, kept as it came.</summary>
/// <param name="Name">The element name.</param>
/// <param name="InnerXml">The element's content as XML, as it came (CDATA sections and references kept).</param>
public sealed record WxPushElement(string Name, string InnerXml)
{
    /// <summary>The element's text: CDATA and text nodes concatenated, child elements' text included.</summary>
    public string GetText()
    {
        if (InnerXml.IndexOf('<') < 0 && InnerXml.IndexOf('&') < 0)
        {
            return InnerXml;
        }

        var settings = new XmlReaderSettings { ConformanceLevel = ConformanceLevel.Fragment, DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        using var reader = XmlReader.Create(new StringReader(InnerXml), settings);
        var text = new StringBuilder();
        while (reader.Read())
        {
            // Whitespace between child elements is not text (as the parser ignores it in elements).
            if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace)
            {
                text.Append(reader.Value);
            }
        }

        return text.ToString();
    }
}

/// <summary>
/// An XML element with child elements: the base of every generated push class and of their nested classes. The
/// generated code reads and writes the elements its spec describes; every other child is kept in
/// <see cref="UnknownElements"/> and written back.
/// </summary>
public abstract class WxPushNode
{
    private List<WxPushElement>? _unknown;

    /// <summary>Child elements the spec does not describe, in the order they came.</summary>
    public IList<WxPushElement> UnknownElements => _unknown ??= new List<WxPushElement>();

    internal bool HasUnknownElements => _unknown is { Count: > 0 };

    /// <summary>Reads the child element <paramref name="name"/> the reader is on, consuming it; false when the
    /// class does not know it (the reader has not moved, and the caller keeps the element as unknown).</summary>
    /// <param name="reader">The reader, on the child's start tag.</param>
    /// <param name="name">The child's name (valid for this call only).</param>
    protected internal abstract bool ReadElement(ref WxPushReader reader, scoped ReadOnlySpan<char> name);

    /// <summary>Writes the child elements (not the enclosing element).</summary>
    protected internal abstract void WriteBody(XmlWriter writer);

    internal void WriteUnknown(XmlWriter writer)
    {
        if (_unknown is null)
        {
            return;
        }

        foreach (var element in _unknown)
        {
            writer.WriteStartElement(element.Name);
            writer.WriteRaw(element.InnerXml);
            writer.WriteEndElement();
        }
    }
}

/// <summary>What every push carries: the root <c>&lt;xml&gt;</c> with ToUserName, FromUserName, CreateTime and MsgType.</summary>
public abstract class WxPushDocument : WxPushNode
{
    /// <summary>The receiver: the account's original id (gh_...) for pushes, the user's OpenID for replies.</summary>
    public string ToUserName { get; set; } = string.Empty;

    /// <summary>The sender: the user's OpenID for pushes, the account's original id for replies.</summary>
    public string FromUserName { get; set; } = string.Empty;

    /// <summary>Unix time in seconds.</summary>
    public long CreateTime { get; set; }

    /// <summary>The MsgType element.</summary>
    public string MsgType { get; set; } = string.Empty;

    /// <inheritdoc/>
    protected internal override bool ReadElement(ref WxPushReader reader, scoped ReadOnlySpan<char> name)
    {
        switch (name)
        {
            case "ToUserName":
                ToUserName = reader.ReadString();
                return true;
            case "FromUserName":
                FromUserName = reader.ReadString();
                return true;
            case "CreateTime":
                CreateTime = reader.ReadInt64() ?? 0;
                return true;
            case "MsgType":
                // The class's constructor set its MsgType: the same text costs no new string.
                MsgType = reader.ReadString(MsgType);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Writes the header elements, as WeChat does (text in CDATA, the time as a number).</summary>
    protected virtual void WriteHeader(XmlWriter writer)
    {
        WxPushXml.WriteString(writer, "ToUserName", ToUserName, true);
        WxPushXml.WriteString(writer, "FromUserName", FromUserName, true);
        WxPushXml.WriteNumber(writer, "CreateTime", CreateTime);
        WxPushXml.WriteString(writer, "MsgType", MsgType, true);
    }

    /// <summary>Writes the whole document, <c>&lt;xml&gt;</c> included.</summary>
    public void WriteTo(XmlWriter writer)
    {
        writer.WriteStartElement("xml");
        WriteHeader(writer);
        WriteBody(writer);
        WriteUnknown(writer);
        writer.WriteEndElement();
    }

    /// <summary>The document as XML text (no declaration, no indentation).</summary>
    public string ToXml()
    {
        var text = new StringBuilder(256);
        using (var writer = XmlWriter.Create(text, WxPushXml.WriterSettings))
        {
            WriteTo(writer);
        }

        return text.ToString();
    }

    /// <summary>The kind of push, never its content (which may be personal).</summary>
    public override string ToString() => GetType().Name + " (MsgType " + MsgType + ")";
}

/// <summary>A message or event WeChat posts to the callback URL.</summary>
public abstract class WxPushMessage : WxPushDocument
{
    /// <summary>The Event element (events only).</summary>
    public string? Event { get; set; }

    /// <summary>Whether this is an event (MsgType <c>event</c>).</summary>
    public bool IsEvent => string.Equals(MsgType, "event", System.StringComparison.OrdinalIgnoreCase);

    /// <summary>The MsgId of a user message, when it has one.</summary>
    public virtual long? MessageId => null;

    /// <summary>The EventKey of an event, when it has one.</summary>
    public virtual string? EventKeyValue => null;

    /// <summary>
    /// The identity of this delivery for de-duplication: WeChat retries the same push three times. A message with a
    /// MsgId is identified by it; an event by FromUserName, CreateTime, Event and EventKey.
    /// </summary>
    public string DeduplicationKey =>
        !IsEvent && MessageId is { } id
            ? "msg:" + id.ToString(CultureInfo.InvariantCulture)
            : "evt:" + FromUserName + "|" + CreateTime.ToString(CultureInfo.InvariantCulture) + "|" + Event + "|" + EventKeyValue;

    /// <inheritdoc/>
    protected internal override bool ReadElement(ref WxPushReader reader, scoped ReadOnlySpan<char> name)
    {
        if (name.SequenceEqual("Event"))
        {
            Event = reader.ReadString(Event);
            return true;
        }

        return base.ReadElement(ref reader, name);
    }

    /// <inheritdoc/>
    protected override void WriteHeader(XmlWriter writer)
    {
        base.WriteHeader(writer);
        if (Event is not null)
        {
            WxPushXml.WriteString(writer, "Event", Event, true);
        }
    }
}

/// <summary>A message or event no spec describes: every element beyond the headers is in <see cref="WxPushNode.UnknownElements"/>.</summary>
public sealed class WxUnknownPushMessage : WxPushMessage
{
    /// <inheritdoc/>
    public override long? MessageId => Find("MsgId") is { } id && long.TryParse(id, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <inheritdoc/>
    public override string? EventKeyValue => Find("EventKey");

    private string? Find(string name)
    {
        foreach (var element in UnknownElements)
        {
            if (element.Name == name)
            {
                return element.GetText();
            }
        }

        return null;
    }

    /// <inheritdoc/>
    protected internal override bool ReadElement(ref WxPushReader reader, scoped ReadOnlySpan<char> name) => base.ReadElement(ref reader, name);

    /// <inheritdoc/>
    protected internal override void WriteBody(XmlWriter writer)
    {
    }
}

/// <summary>A passive reply: what the callback answers with.</summary>
public abstract class WxPushReply : WxPushDocument
{
    /// <summary>Addresses this reply to the sender of <paramref name="message"/>, from its receiver, stamped now.</summary>
    public void AddressTo(WxPushMessage message, System.TimeProvider? time = null)
    {
        System.ArgumentNullException.ThrowIfNull(message);
        ToUserName = message.FromUserName;
        FromUserName = message.ToUserName;
        CreateTime = (time ?? System.TimeProvider.System).GetUtcNow().ToUnixTimeSeconds();
    }
}

/// <summary>A reply no spec describes.</summary>
public sealed class WxUnknownPushReply : WxPushReply
{
    /// <inheritdoc/>
    protected internal override bool ReadElement(ref WxPushReader reader, scoped ReadOnlySpan<char> name) => base.ReadElement(ref reader, name);

    /// <inheritdoc/>
    protected internal override void WriteBody(XmlWriter writer)
    {
    }
}
