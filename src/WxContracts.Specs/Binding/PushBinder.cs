using System.Collections.Generic;
using System.Linq;
using WxContracts.Specs.Model;

namespace WxContracts.Specs.Binding;

/// <summary>One generated push class: the spec's own class or one of its nested classes.</summary>
public sealed record BoundPushClass(string Name, string? Summary, bool IsRoot, EquatableArray<BoundPushProperty> Properties);

/// <summary>One property of a push class, with its C# types.</summary>
/// <param name="Type">The property type (nullable scalars, nested class, or a list).</param>
/// <param name="ItemType">The item type of lists and repeated elements, else the scalar or nested type.</param>
public sealed record BoundPushProperty(PushFieldSpec Field, string Type, string ItemType);

/// <summary>A push spec with every C# name computed (<see cref="PushNames"/>).</summary>
public sealed record BoundPush(
    PushSpec Spec,
    string Name,
    string BaseClass,
    string HintName,
    EquatableArray<BoundPushClass> Classes,
    string? MessageIdProperty,
    string? EventKeyProperty)
{
    /// <summary>A passive reply.</summary>
    public bool IsReply => Spec.Direction == PushDirection.Reply;

    /// <summary>An event (MsgType event).</summary>
    public bool IsEvent => Spec.Direction == PushDirection.Event;
}

/// <summary>The dispatch table entry of one push class.</summary>
public sealed record PushEntry(PushDirection Direction, string MsgType, string? Event, string Name);

/// <summary>Binds push specs: the push counterpart of <see cref="Binder"/>.</summary>
public static class PushBinder
{
    public static BoundPush Bind(PushSpec spec)
    {
        var classes = new List<BoundPushClass>();
        Collect(spec.Name, spec.Summary ?? spec.Title, true, spec.Fields, classes);
        var messageId = spec.Direction != PushDirection.Reply
            ? spec.Fields.FirstOrDefault(f => f.Element == PushNames.MessageIdElement && f.Kind is PushFieldKind.Int64 or PushFieldKind.Int32)?.Property
            : null;
        var eventKey = spec.Direction != PushDirection.Reply
            ? spec.Fields.FirstOrDefault(f => f.Element == PushNames.EventKeyElement && f.Kind == PushFieldKind.String)?.Property
            : null;
        return new BoundPush(
            spec,
            spec.Name,
            spec.Direction == PushDirection.Reply ? PushNames.ReplyBase : PushNames.MessageBase,
            PushNames.File(spec.Name),
            classes.ToEquatableArray(),
            messageId,
            eventKey);
    }

    public static PushEntry Entry(PushSpec spec) => new(spec.Direction, spec.MsgType, spec.Event, spec.Name);

    private static void Collect(string name, string? summary, bool root, EquatableArray<PushFieldSpec> fields, List<BoundPushClass> classes)
    {
        var properties = fields.Select(f => new BoundPushProperty(f, TypeOf(f), ItemTypeOf(f))).ToEquatableArray();
        classes.Add(new BoundPushClass(name, summary, root, properties));
        foreach (var f in fields.Where(f => f.TypeName is not null))
        {
            Collect(f.TypeName!, f.Description ?? "The " + f.Element + " element.", false, f.Fields, classes);
        }
    }

    private static string ScalarType(PushFieldKind kind, string? typeName) => kind switch
    {
        PushFieldKind.String => "string",
        PushFieldKind.Int32 => "int",
        PushFieldKind.Int64 => "long",
        PushFieldKind.Double => "double",
        PushFieldKind.Boolean => "bool",
        _ => typeName!,
    };

    private static string ItemTypeOf(PushFieldSpec f) => ScalarType(f.ItemKind, f.TypeName);

    private static string TypeOf(PushFieldSpec f) => f.Kind is PushFieldKind.List or PushFieldKind.Repeated
        ? "global::System.Collections.Generic.List<" + ItemTypeOf(f) + ">?"
        : ItemTypeOf(f) + "?";
}
