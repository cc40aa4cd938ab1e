namespace WxContracts.Specs.Model;

// The model of a push spec (kind: push): one XML message, event or passive reply of the callback protocol.
// Equatable like the endpoint model (strings, enums, EquatableArray only), so the generator caches by value.

/// <summary>Which way a push travels.</summary>
public enum PushDirection
{
    /// <summary>A user message WeChat forwards to the callback URL (MsgType is not <c>event</c>).</summary>
    Message,

    /// <summary>An event WeChat posts to the callback URL (MsgType <c>event</c>, told apart by <c>Event</c>).</summary>
    Event,

    /// <summary>A passive reply the callback answers with.</summary>
    Reply,
}

/// <summary>The XML shape of one element.</summary>
public enum PushFieldKind
{
    String,
    Int32,
    Int64,
    Double,

    /// <summary>0/1 or true/false.</summary>
    Boolean,

    /// <summary>An element with child elements (<see cref="PushFieldSpec.Fields"/>).</summary>
    Object,

    /// <summary>A container element whose children named <see cref="PushFieldSpec.ItemElement"/> are the items.</summary>
    List,

    /// <summary>The element itself occurs zero or more times in its parent; each occurrence is an item.</summary>
    Repeated,
}

/// <summary>One push spec: the element table of one message, event or reply.</summary>
/// <param name="MsgType">The <c>MsgType</c> value.</param>
/// <param name="Event">The <c>Event</c> value (events only).</param>
public sealed record PushSpec(
    string FilePath,
    string Name,
    string Title,
    string? Summary,
    PushDirection Direction,
    string MsgType,
    string? Event,
    EquatableArray<string> Notes,
    EquatableArray<PushFieldSpec> Fields,
    string? Example);

/// <summary>One XML element of a push.</summary>
/// <param name="Element">The XML element name, as on the wire.</param>
/// <param name="Property">The C# property name.</param>
/// <param name="Kind">The element's shape; for lists and repeated elements, <see cref="ItemKind"/> is the item's.</param>
/// <param name="ItemKind">The scalar or object kind of one item (lists and repeated elements), else the same as <see cref="Kind"/>.</param>
/// <param name="ItemElement">The item element name of a <see cref="PushFieldKind.List"/>.</param>
/// <param name="TypeName">The nested class name of an object or object item.</param>
/// <param name="Cdata">Whether the writer wraps the text in CDATA (strings do by default, as WeChat writes them).</param>
/// <param name="StripPrefix">A prefix some values carry (<c>qrscene_</c>); with <see cref="StrippedProperty"/>, a property without it.</param>
public sealed record PushFieldSpec(
    string Element,
    string Property,
    PushFieldKind Kind,
    PushFieldKind ItemKind,
    string? ItemElement,
    string? TypeName,
    string? Description,
    bool Cdata,
    string? StripPrefix,
    string? StrippedProperty,
    EquatableArray<PushFieldSpec> Fields);
