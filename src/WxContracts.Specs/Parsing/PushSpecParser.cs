using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml;
using WxContracts.Specs.Binding;
using WxContracts.Specs.Model;

namespace WxContracts.Specs.Parsing;

/// <summary>
/// Reads a <c>kind: push</c> spec: one XML message, event or passive reply of the callback protocol
/// (docs/spec-format.md, "Push specs"). Reports through the same catalog as endpoint specs and never throws.
/// </summary>
public static class PushSpecParser
{
    private const string TopKeys = "kind, name, title, summary, direction, msg_type, event, notes, fields, example";
    private const string FieldKeys = "name, type, format, items, item_element, type_name, property_name, description, cdata, strip_prefix, stripped_property, fields";
    private const int MaxDepth = 8;

    /// <summary>Parses the keys of a push spec whose root mapping <paramref name="reader"/> reads.</summary>
    public static PushSpec? Parse(MapReader reader, SpecContext ctx)
    {
        const string what = "The push spec";
        var nameNode = reader.Scalar("name", true, what);
        var title = reader.String("title", true, what);
        var summary = reader.String("summary", false, what);
        var directionNode = reader.Scalar("direction", true, what);
        var msgType = reader.String("msg_type", true, what);
        var eventNode = reader.Scalar("event", false, what);
        var notes = new List<string>();
        var notesNode = reader.Sequence("notes", false, what);
        foreach (var item in notesNode?.Items ?? new List<YNode>())
        {
            if (item is YScalar { IsNull: false } s && !string.IsNullOrWhiteSpace(s.Value))
            {
                notes.Add(s.Value);
            }
            else
            {
                ctx.Report(DiagnosticCatalog.WrongValueKind, item, "A note must be non-empty text");
            }
        }

        var fieldsNode = reader.Node("fields");
        var exampleNode = reader.Scalar("example", false, what);
        reader.ReportUnknownKeys("a push spec", TopKeys);

        string? name = null;
        if (nameNode is not null)
        {
            if (Naming.IsValidIdentifier(nameNode.Value) && nameNode.Value != PushNames.EntryClass)
            {
                name = nameNode.Value;
            }
            else
            {
                ctx.Report(DiagnosticCatalog.InvalidIdentifier, nameNode, $"'name' must be a valid C# identifier other than {PushNames.EntryClass}; '{nameNode.Value}' is not");
            }
        }

        PushDirection? direction = null;
        if (directionNode is not null)
        {
            switch (directionNode.Value)
            {
                case "message": direction = PushDirection.Message; break;
                case "event": direction = PushDirection.Event; break;
                case "reply": direction = PushDirection.Reply; break;
                default:
                    ctx.Report(DiagnosticCatalog.InvalidValue, directionNode, $"Unknown direction '{directionNode.Value}' (expected message, event or reply)");
                    break;
            }
        }

        string? eventName = eventNode is { IsNull: false } && !string.IsNullOrWhiteSpace(eventNode.Value) ? eventNode.Value : null;
        if (direction == PushDirection.Event)
        {
            if (msgType is not null && msgType != "event")
            {
                ctx.Report(DiagnosticCatalog.InvalidValue, reader.Node("msg_type")!, $"An event's msg_type is 'event', not '{msgType}'");
            }

            if (eventName is null)
            {
                ctx.Report(DiagnosticCatalog.MissingKey, directionNode!, "An event spec needs the key 'event' (the Event element's value)");
            }
        }
        else if (direction is not null)
        {
            if (eventNode is not null)
            {
                ctx.Report(DiagnosticCatalog.InvalidValue, eventNode, "'event' is only allowed with direction: event");
            }

            if (msgType == "event")
            {
                ctx.Report(DiagnosticCatalog.InvalidValue, reader.Node("msg_type")!, "msg_type 'event' needs direction: event");
            }
        }

        var fields = new List<PushFieldSpec>();
        switch (fieldsNode)
        {
            case null:
            case YScalar { Value: "none" }:
                break;
            case YSeq seq:
                fields = ParseFields(seq, ctx, 0, topLevel: true, name ?? "Push");
                break;
            default:
                ctx.Report(DiagnosticCatalog.WrongValueKind, fieldsNode, "'fields' must be a sequence of elements or 'none'");
                break;
        }

        if (name is null || title is null || direction is null || msgType is null || direction == PushDirection.Event && eventName is null)
        {
            return null;
        }

        // Nested classes are emitted inside the spec's class: their names must differ from each other and from its members.
        var taken = new HashSet<string>(fields.Select(f => f.Property).Concat(fields.Where(f => f.StrippedProperty is not null).Select(f => f.StrippedProperty!)), StringComparer.Ordinal) { name };
        foreach (var typeName in NestedTypeNames(fields))
        {
            if (!taken.Add(typeName))
            {
                ctx.Report(DiagnosticCatalog.DuplicateName, fieldsNode!, $"Nested type '{typeName}' clashes with another nested type or a member of {name}; set type_name");
            }
        }

        if (ctx.HasErrors)
        {
            return null;
        }

        var spec = new PushSpec(ctx.FilePath, name, title, summary, direction.Value, msgType, eventName, notes.ToEquatableArray(), fields.ToEquatableArray(), exampleNode?.Value);
        if (exampleNode is not null && !ctx.HasErrors)
        {
            CheckExample(spec, exampleNode, ctx);
        }

        return spec;
    }

    private static IEnumerable<string> NestedTypeNames(IEnumerable<PushFieldSpec> fields) =>
        fields.Where(f => f.TypeName is not null).SelectMany(f => new[] { f.TypeName! }.Concat(NestedTypeNames(f.Fields)));

    private static List<PushFieldSpec> ParseFields(YSeq seq, SpecContext ctx, int depth, bool topLevel, string owner)
    {
        var fields = new List<PushFieldSpec>();
        var elements = new HashSet<string>(StringComparer.Ordinal);
        var properties = new HashSet<string>(StringComparer.Ordinal) { owner };
        if (depth > MaxDepth)
        {
            ctx.Report(DiagnosticCatalog.LimitExceeded, seq, $"Push elements nest deeper than {MaxDepth} levels");
            return fields;
        }

        foreach (var item in seq.Items)
        {
            if (item is not YMap map)
            {
                ctx.Report(DiagnosticCatalog.WrongValueKind, item, $"An element must be a mapping with name and type, not {item.KindName}");
                continue;
            }

            var field = ParseField(new MapReader(map, ctx), map, ctx, depth);
            if (field is null)
            {
                continue;
            }

            if (topLevel && PushNames.HeaderElements.Contains(field.Element))
            {
                ctx.Report(DiagnosticCatalog.InvalidValue, map, $"'{field.Element}' is a header element every push carries; leave it out of 'fields'");
                continue;
            }

            if (topLevel && PushNames.ReservedProperties.Contains(field.Property) || field.StrippedProperty is { } sp && topLevel && PushNames.ReservedProperties.Contains(sp))
            {
                ctx.Report(DiagnosticCatalog.InvalidIdentifier, map, $"Property '{field.Property}' is a member of the push base class; set property_name");
                continue;
            }

            if (!elements.Add(field.Element))
            {
                ctx.Report(DiagnosticCatalog.DuplicateKey, map, $"Element '{field.Element}' is defined twice in this table");
                continue;
            }

            if (!properties.Add(field.Property) || field.TypeName is { } tn && !properties.Add(tn) || field.StrippedProperty is { } sp2 && !properties.Add(sp2))
            {
                ctx.Report(DiagnosticCatalog.DuplicateName, map, $"Element '{field.Element}' gives a C# name already used in this class (property, nested type or the class itself); set property_name or type_name");
                continue;
            }

            fields.Add(field);
        }

        return fields;
    }

    private static PushFieldSpec? ParseField(MapReader reader, YMap map, SpecContext ctx, int depth)
    {
        const string what = "An element";
        var element = reader.String("name", true, what);
        var typeNode = reader.Scalar("type", true, what);
        var formatNode = reader.Scalar("format", false, what);
        var itemsNode = reader.Scalar("items", false, what);
        var itemElementNode = reader.Scalar("item_element", false, what);
        var typeNameNode = reader.Scalar("type_name", false, what);
        var propertyNameNode = reader.Scalar("property_name", false, what);
        var description = reader.String("description", false, what);
        var cdata = reader.Bool("cdata");
        var stripPrefix = reader.String("strip_prefix", false, what);
        var strippedNode = reader.Scalar("stripped_property", false, what);
        var fieldsNode = reader.Node("fields");
        reader.ReportUnknownKeys("a push element", FieldKeys);
        if (element is null || typeNode is null)
        {
            return null;
        }

        if (!IsXmlName(element))
        {
            ctx.Report(DiagnosticCatalog.InvalidValue, reader.Node("name")!, $"'{element}' is not a valid XML element name");
            return null;
        }

        var kind = Kind(typeNode.Value, formatNode, ctx, typeNode, element, allowContainers: true);
        if (kind is null)
        {
            return null;
        }

        var itemKind = kind.Value;
        if (kind is PushFieldKind.List or PushFieldKind.Repeated)
        {
            if (itemsNode is null)
            {
                ctx.Report(DiagnosticCatalog.MissingKey, typeNode, $"'{element}' is a {typeNode.Value}: add 'items' (string, number, boolean or object)");
                return null;
            }

            var parsedItem = Kind(itemsNode.Value, formatNode, ctx, itemsNode, element, allowContainers: false);
            if (parsedItem is null)
            {
                return null;
            }

            itemKind = parsedItem.Value;
        }
        else
        {
            if (itemsNode is not null)
            {
                ctx.Report(DiagnosticCatalog.BadNesting, itemsNode, $"'items' is only allowed on list and repeated elements; '{element}' is {typeNode.Value}");
            }

            if (formatNode is not null && kind is not (PushFieldKind.Int32 or PushFieldKind.Int64 or PushFieldKind.Double))
            {
                ctx.Report(DiagnosticCatalog.UnknownType, formatNode, $"'format' is only allowed on numbers; '{element}' is {typeNode.Value}");
            }
        }

        string? itemElement = null;
        if (kind == PushFieldKind.List)
        {
            itemElement = itemElementNode?.Value ?? "item";
            if (!IsXmlName(itemElement))
            {
                ctx.Report(DiagnosticCatalog.InvalidValue, itemElementNode!, $"'{itemElement}' is not a valid XML element name");
                return null;
            }
        }
        else if (itemElementNode is not null)
        {
            ctx.Report(DiagnosticCatalog.BadNesting, itemElementNode, $"'item_element' is only allowed on list elements; '{element}' is {typeNode.Value}");
        }

        var property = propertyNameNode?.Value ?? PushNames.Property(element);
        if (!Naming.IsValidIdentifier(property))
        {
            ctx.Report(DiagnosticCatalog.InvalidIdentifier, propertyNameNode ?? (YNode)map, $"Element '{element}' does not give a valid C# property name ('{property}'); add property_name");
            return null;
        }

        var isObject = itemKind == PushFieldKind.Object;
        string? typeName = null;
        var nested = new List<PushFieldSpec>();
        if (isObject)
        {
            typeName = typeNameNode?.Value ?? PushNames.NestedType(property, kind != PushFieldKind.Object);
            if (!Naming.IsValidIdentifier(typeName))
            {
                ctx.Report(DiagnosticCatalog.InvalidIdentifier, typeNameNode!, $"'{typeName}' is not a valid C# identifier");
                return null;
            }

            if (fieldsNode is YSeq seq)
            {
                nested = ParseFields(seq, ctx, depth + 1, topLevel: false, typeName);
            }
            else
            {
                ctx.Report(DiagnosticCatalog.BadNesting, fieldsNode ?? typeNode, $"Object element '{element}' needs 'fields' (a sequence of its child elements)");
                return null;
            }
        }
        else
        {
            if (fieldsNode is not null)
            {
                ctx.Report(DiagnosticCatalog.BadNesting, fieldsNode, $"'fields' is only allowed on objects; '{element}' is {typeNode.Value}");
            }

            if (typeNameNode is not null)
            {
                ctx.Report(DiagnosticCatalog.BadNesting, typeNameNode, $"'type_name' is only allowed on objects; '{element}' is {typeNode.Value}");
            }
        }

        if (cdata == true && itemKind != PushFieldKind.String)
        {
            ctx.Report(DiagnosticCatalog.InvalidValue, reader.Node("cdata")!, $"'cdata' is only allowed on text; '{element}' is {typeNode.Value}");
        }

        string? stripped = null;
        if (stripPrefix is not null || strippedNode is not null)
        {
            stripped = strippedNode?.Value;
            if (kind != PushFieldKind.String || stripPrefix is null || stripped is null || !Naming.IsValidIdentifier(stripped))
            {
                ctx.Report(DiagnosticCatalog.InvalidValue, (YNode?)strippedNode ?? reader.Node("strip_prefix")!, $"'strip_prefix' and 'stripped_property' (a C# identifier) go together, on text elements only ('{element}')");
                return null;
            }
        }

        return new PushFieldSpec(element, property, kind.Value, itemKind, itemElement, typeName, description, cdata ?? itemKind == PushFieldKind.String, stripPrefix, stripped, nested.ToEquatableArray());
    }

    private static PushFieldKind? Kind(string type, YScalar? formatNode, SpecContext ctx, YScalar at, string element, bool allowContainers)
    {
        switch (type)
        {
            case "string": return PushFieldKind.String;
            case "boolean": return PushFieldKind.Boolean;
            case "object": return PushFieldKind.Object;
            case "list" when allowContainers: return PushFieldKind.List;
            case "repeated" when allowContainers: return PushFieldKind.Repeated;
            case "number":
                switch (formatNode?.Value)
                {
                    case null:
                    case "int32": return PushFieldKind.Int32;
                    case "int64": return PushFieldKind.Int64;
                    case "double": return PushFieldKind.Double;
                    default:
                        ctx.Report(DiagnosticCatalog.UnknownType, formatNode, $"Unknown number format '{formatNode.Value}' for '{element}' (expected int32, int64 or double)");
                        return null;
                }

            default:
                ctx.Report(DiagnosticCatalog.UnknownType, at, $"Unknown type '{type}' for element '{element}' (expected string, number, boolean, object{(allowContainers ? ", list or repeated" : string.Empty)})");
                return null;
        }
    }

    private static bool IsXmlName(string name)
    {
        try
        {
            return XmlConvert.VerifyNCName(name) == name;
        }
        catch (XmlException)
        {
            return false;
        }
    }

    /// <summary>The example must be well-formed XML rooted at &lt;xml&gt;, carry the spec's MsgType and Event, and
    /// use only the elements the table declares (plus the headers).</summary>
    private static void CheckExample(PushSpec spec, YScalar node, SpecContext ctx)
    {
        var problems = new List<string>();
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true, IgnoreComments = true, MaxCharactersInDocument = 1 << 20 };
            using var xml = XmlReader.Create(new StringReader(node.Value), settings);
            xml.MoveToContent();
            if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "xml")
            {
                problems.Add("the root element must be <xml>");
            }
            else
            {
                string? msgType = null, evt = null;
                CheckChildren(xml, spec.Fields, "xml", topLevel: true, problems, ref msgType, ref evt);
                if (msgType != spec.MsgType)
                {
                    problems.Add($"MsgType is '{msgType}', the spec says '{spec.MsgType}'");
                }

                if (spec.Direction == PushDirection.Event && !string.Equals(evt, spec.Event, StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"Event is '{evt}', the spec says '{spec.Event}'");
                }
            }
        }
        catch (XmlException ex)
        {
            ctx.Report(DiagnosticCatalog.ExampleNotJson, node, $"The example is not well-formed XML: {ex.Message}");
            return;
        }

        foreach (var problem in problems)
        {
            ctx.Report(DiagnosticCatalog.ExampleContradictsTables, node, "The example contradicts the element table: " + problem);
        }
    }

    private static void CheckChildren(XmlReader xml, EquatableArray<PushFieldSpec> fields, string path, bool topLevel, List<string> problems, ref string? msgType, ref string? evt)
    {
        if (xml.IsEmptyElement)
        {
            xml.Read();
            return;
        }

        xml.Read();
        while (xml.NodeType != XmlNodeType.EndElement && !xml.EOF)
        {
            if (xml.NodeType != XmlNodeType.Element)
            {
                xml.Read();
                continue;
            }

            var name = xml.LocalName;
            if (topLevel && PushNames.HeaderElements.Contains(name))
            {
                var value = xml.ReadElementContentAsString();
                if (name == "MsgType") msgType = value;
                if (name == "Event") evt = value;
                continue;
            }

            var field = fields.FirstOrDefault(f => f.Element == name);
            if (field is null)
            {
                problems.Add($"<{name}> under <{path}> is not in the table");
                xml.Skip();
                continue;
            }

            CheckValue(xml, field, path + "/" + name, problems);
        }

        xml.Read();
    }

    private static void CheckValue(XmlReader xml, PushFieldSpec field, string path, List<string> problems)
    {
        string? ignoredA = null, ignoredB = null;
        switch (field.Kind)
        {
            case PushFieldKind.Object:
                CheckChildren(xml, field.Fields, path, false, problems, ref ignoredA, ref ignoredB);
                return;
            case PushFieldKind.Repeated:
                CheckItem(xml, field, path, problems);
                return;
            case PushFieldKind.List:
                if (xml.IsEmptyElement)
                {
                    xml.Read();
                    return;
                }

                xml.Read();
                while (xml.NodeType != XmlNodeType.EndElement && !xml.EOF)
                {
                    if (xml.NodeType != XmlNodeType.Element)
                    {
                        xml.Read();
                    }
                    else if (xml.LocalName != field.ItemElement)
                    {
                        problems.Add($"<{xml.LocalName}> under <{path}> is not an item (<{field.ItemElement}>)");
                        xml.Skip();
                    }
                    else
                    {
                        CheckItem(xml, field, path + "/" + field.ItemElement, problems);
                    }
                }

                xml.Read();
                return;
            default:
                CheckScalar(xml.ReadElementContentAsString(), field.Kind, path, problems);
                return;
        }
    }

    private static void CheckItem(XmlReader xml, PushFieldSpec field, string path, List<string> problems)
    {
        string? ignoredA = null, ignoredB = null;
        if (field.ItemKind == PushFieldKind.Object)
        {
            CheckChildren(xml, field.Fields, path, false, problems, ref ignoredA, ref ignoredB);
        }
        else
        {
            CheckScalar(xml.ReadElementContentAsString(), field.ItemKind, path, problems);
        }
    }

    private static void CheckScalar(string text, PushFieldKind kind, string path, List<string> problems)
    {
        var ok = kind switch
        {
            PushFieldKind.Int32 => int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out _),
            PushFieldKind.Int64 => long.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out _),
            PushFieldKind.Double => double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _),
            PushFieldKind.Boolean => text is "0" or "1" or "true" or "false" or "True" or "False",
            _ => true,
        };
        if (!ok)
        {
            problems.Add($"<{path}> is '{text}', not a {kind.ToString().ToLowerInvariant()}");
        }
    }
}
