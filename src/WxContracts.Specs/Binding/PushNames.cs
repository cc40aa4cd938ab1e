using WxContracts.Specs.Parsing;

namespace WxContracts.Specs.Binding;

/// <summary>
/// Every C# name of the push code (kind: push specs), one function per kind of name, and the runtime names the
/// generated push code calls (in <c>WxContracts.Client</c>, folder <c>Push/</c>).
/// </summary>
public static class PushNames
{
    /// <summary>The namespace of the generated push types: fixed, since the runtime ships them.</summary>
    public const string Namespace = "WxContracts.Push";

    /// <summary>The generated entry point (<c>WxPush.Parse</c>), also the type whose presence means "already shipped".</summary>
    public const string EntryClass = "WxPush";

    /// <summary>The runtime base of inbound messages and events.</summary>
    public const string MessageBase = "global::WxContracts.Push.WxPushMessage";

    /// <summary>The runtime base of passive replies.</summary>
    public const string ReplyBase = "global::WxContracts.Push.WxPushReply";

    /// <summary>The runtime reader and writer helpers.</summary>
    public const string Xml = "global::WxContracts.Push.WxPushXml";

    /// <summary>The runtime reader the generated <c>ReadElement</c> methods receive.</summary>
    public const string Reader = "global::WxContracts.Push.WxPushReader";

    /// <summary>The elements every push carries; the runtime base classes read and write them.</summary>
    public static readonly string[] HeaderElements = { "ToUserName", "FromUserName", "CreateTime", "MsgType", "Event" };

    /// <summary>Members of the runtime base classes a spec's property must not hide.</summary>
    public static readonly string[] ReservedProperties =
    {
        "ToUserName", "FromUserName", "CreateTime", "MsgType", "Event", "UnknownElements", "DeduplicationKey",
        "MessageId", "EventKeyValue", "WriteBody", "ReadElement", "ToXml", "WriteTo", "Equals", "GetHashCode", "ToString", "GetType",
    };

    /// <summary>The element whose value identifies a user message for de-duplication.</summary>
    public const string MessageIdElement = "MsgId";

    /// <summary>The element that refines an event's identity for de-duplication.</summary>
    public const string EventKeyElement = "EventKey";

    /// <summary>The C# property of an element.</summary>
    public static string Property(string element) => Naming.ToPascalCase(element);

    /// <summary>The nested class of an object element, or of the items of a list.</summary>
    public static string NestedType(string propertyName, bool isItem) => SpecNames.NestedType(propertyName, isItem);

    /// <summary>The generated file of one push spec.</summary>
    public static string File(string specName) => specName + ".Push.g.cs";

    /// <summary>The generated dispatcher file.</summary>
    public const string EntryFile = EntryClass + ".g.cs";
}
