using System.Collections.Generic;
using System.Linq;
using WxContracts.Specs.Binding;
using WxContracts.Specs.Model;

namespace WxContracts.Generator.Emit;

/// <summary>
/// The per-element read and write statements of the push classes (Push.scriban), like <see cref="JsonCode"/> for the
/// JSON converters: a branch per element shape reads better as C# than as template conditionals. Read statements call
/// the runtime's <c>WxContracts.Push.WxPushReader</c> (the UTF-8 scanner), write statements <c>WxContracts.Push.WxPushXml</c>.
/// </summary>
internal static class PushCode
{
    private const string X = PushNames.Xml;

    /// <summary>The namespace of the push code.</summary>
    public static string PushNamespace() => PushNames.Namespace;

    /// <summary>The runtime helper class.</summary>
    public static string PushXml() => PushNames.Xml;

    /// <summary>The reader type of <c>ReadElement</c>.</summary>
    public static string PushReader() => PushNames.Reader;

    /// <summary>The entry class (WxPush).</summary>
    public static string PushEntryClass() => PushNames.EntryClass;

    /// <summary>The statement that reads the element the reader is on into the property.</summary>
    public static string PushRead(BoundPushProperty p)
    {
        var f = p.Field;
        return f.Kind switch
        {
            PushFieldKind.List => $"{f.Property} = reader.ReadList({Literal.String(f.ItemElement)}, static (ref {PushNames.Reader} r) => {ReadItem(p)});",
            PushFieldKind.Repeated => $"{f.Property} = {X}.Append({f.Property}, {ReadItem(p, "reader")});",
            _ => $"{f.Property} = {ReadValue(f.Kind, p.ItemType, "reader")};",
        };
    }

    /// <summary>The statement that writes the property (nothing when it is null).</summary>
    public static string PushWrite(BoundPushProperty p)
    {
        var f = p.Field;
        var name = Literal.String(f.Element);
        return f.Kind switch
        {
            PushFieldKind.List => $"{X}.WriteList(writer, {name}, {Literal.String(f.ItemElement)}, {f.Property}, static (w, n, item) => {WriteValue(f.ItemKind, "w", "n", "item", f.Cdata)});",
            PushFieldKind.Repeated => $"{X}.WriteRepeated(writer, {name}, {f.Property}, static (w, n, item) => {WriteValue(f.ItemKind, "w", "n", "item", f.Cdata)});",
            _ => WriteValue(f.Kind, "writer", name, f.Property, f.Cdata) + ";",
        };
    }

    /// <summary>A short description of the element's XML shape, for the property's remarks.</summary>
    public static string PushShape(BoundPushProperty p)
    {
        var f = p.Field;
        var item = f.ItemKind switch
        {
            PushFieldKind.String => f.Cdata ? "text (CDATA)" : "text",
            PushFieldKind.Int32 => "32-bit integer",
            PushFieldKind.Int64 => "64-bit integer",
            PushFieldKind.Double => "number",
            PushFieldKind.Boolean => "0/1",
            _ => "element",
        };
        return f.Kind switch
        {
            PushFieldKind.List => $"XML element <c>{Xml.Escape(f.Element)}</c>: a list, one <c>{Xml.Escape(f.ItemElement!)}</c> {item} per item.",
            PushFieldKind.Repeated => $"XML element <c>{Xml.Escape(f.Element)}</c>, repeated: one {item} per occurrence.",
            _ => $"XML element <c>{Xml.Escape(f.Element)}</c>: {item}.",
        };
    }

    private static string ReadItem(BoundPushProperty p, string reader = "r")
    {
        var value = ReadValue(p.Field.ItemKind, p.ItemType, reader);
        return p.Field.ItemKind switch
        {
            PushFieldKind.Int32 or PushFieldKind.Int64 or PushFieldKind.Double or PushFieldKind.Boolean => value + " ?? default",
            _ => value,
        };
    }

    private static string ReadValue(PushFieldKind kind, string type, string reader) => kind switch
    {
        PushFieldKind.String => $"{reader}.ReadString()",
        PushFieldKind.Int32 => $"{reader}.ReadInt32()",
        PushFieldKind.Int64 => $"{reader}.ReadInt64()",
        PushFieldKind.Double => $"{reader}.ReadDouble()",
        PushFieldKind.Boolean => $"{reader}.ReadBoolean()",
        _ => $"{reader}.ReadNode(new {type}())",
    };

    private static string WriteValue(PushFieldKind kind, string writer, string name, string value, bool cdata) => kind switch
    {
        PushFieldKind.String => $"{X}.WriteString({writer}, {name}, {value}, {(cdata ? "true" : "false")})",
        PushFieldKind.Int32 or PushFieldKind.Int64 => $"{X}.WriteNumber({writer}, {name}, (long?){value})",
        PushFieldKind.Double => $"{X}.WriteNumber({writer}, {name}, (double?){value})",
        PushFieldKind.Boolean => $"{X}.WriteBoolean({writer}, {name}, {value})",
        _ => $"{X}.WriteNode({writer}, {name}, {value})",
    };
}

/// <summary>The model of PushEntry.scriban: every push class by direction, sorted so the output is stable.</summary>
internal sealed record PushEntryModel(IReadOnlyList<PushEntry> Messages, IReadOnlyList<PushEntry> Events, IReadOnlyList<PushEntry> Replies)
{
    public static PushEntryModel From(IEnumerable<PushEntry> entries)
    {
        var all = entries.OrderBy(e => e.Name, System.StringComparer.Ordinal).ToList();
        return new PushEntryModel(
            all.Where(e => e.Direction == PushDirection.Message).ToList(),
            all.Where(e => e.Direction == PushDirection.Event).ToList(),
            all.Where(e => e.Direction == PushDirection.Reply).ToList());
    }
}
