using System.Collections.Generic;
using System.Linq;
using WxContracts.Specs.Model;

namespace WxContracts.Specs.Binding;

/// <summary>
/// Turns a parsed endpoint into its bound model: every type, member, converter, context property, client and file
/// name computed once, through <see cref="SpecNames"/> and <see cref="RuntimeNames"/>.
/// </summary>
public static class Binder
{
    /// <summary>Binds one endpoint spec into the given namespace.</summary>
    public static BoundSpec Bind(EndpointSpec spec, string ns)
    {
        var classes = new List<BoundClass>();
        var shared = spec.Types.Select(t => BindClass(spec, t, ns, null, null, ClassRole.Nested, classes)).ToEquatableArray();
        var request = spec.Request is { } r ? BindClass(spec, r, ns, null, null, ClassRole.Request, classes) : null;
        var response = BindClass(spec, spec.Response, ns, null, null, ClassRole.Response, classes);
        var enums = spec.Enums.Select(e => BindEnum(e, ns)).ToEquatableArray();
        var errorName = SpecNames.ErrorEnum(spec.Name);
        var errors = new BoundErrorEnum(errorName, SpecNames.Qualify(ns, errorName), ns + "." + errorName, spec.Errors);

        // Parents before children, request before response: the order of converters and context properties.
        var ordered = shared.SelectMany(Flatten).Concat(Flatten(request)).Concat(Flatten(response)).ToEquatableArray();
        var entries = ordered.Select(c => new BoundContextEntry(c.ContextProperty, c.FullName, c.DocName, c.Converter))
            .Concat(enums.Select(e => new BoundContextEntry(e.Name, e.FullName, e.DocName, e.Converter)))
            .ToEquatableArray();

        var method = new BoundMethod(
            spec.Group,
            SpecNames.GroupClass(spec.Group),
            SpecNames.Method(spec.Operation),
            SpecNames.ClientClass + "." + spec.Group + "." + SpecNames.Method(spec.Operation),
            spec.Name,
            SpecNames.Qualify(ns, SpecNames.EndpointsClass) + "." + spec.Name,
            request?.FullName,
            response.FullName,
            request?.ContextProperty,
            response.ContextProperty,
            errors.FullName,
            RuntimeNames.Credential(spec.Call.Credential),
            RuntimeNames.AccountAccess(spec.Scope.OfficialAccount),
            RuntimeNames.AccountAccess(spec.Scope.ServiceAccount),
            spec.Call.Multipart);

        return new BoundSpec(spec, ns, SpecNames.File(spec.Name), request, response, ordered, enums, errors, method, entries, shared);
    }

    /// <summary>The top-level C# names a spec claims (for the cross-spec check), without binding it whole.</summary>
    public static IReadOnlyList<string> ClaimedTypeNames(EndpointSpec spec) => ClaimedTypeNames(Bind(spec, SpecNames.DefaultNamespace));

    /// <summary>The top-level C# names a bound spec claims: its error enum and its context properties.</summary>
    public static IReadOnlyList<string> ClaimedTypeNames(BoundSpec bound)
    {
        var names = new List<string> { bound.Errors.Name };
        names.AddRange(bound.ContextEntries.Select(e => e.Property));
        return names;
    }

    /// <summary>The groups of the client, ordered, from the bound specs.</summary>
    public static EquatableArray<BoundGroup> Groups(IEnumerable<string> groups) =>
        groups.Distinct().OrderBy(g => g, System.StringComparer.Ordinal)
            .Select(g => new BoundGroup(g, SpecNames.GroupClass(g)))
            .ToEquatableArray();

    /// <summary>The global error table as <c>WxContracts.WxGlobalError</c>.</summary>
    public static BoundErrorEnum BindGlobalErrors(GlobalErrorsSpec spec) => new(
        SpecNames.GlobalErrorEnum,
        RuntimeNames.Namespace + "." + SpecNames.GlobalErrorEnum,
        "WxContracts." + SpecNames.GlobalErrorEnum,
        spec.Errors);

    private static IEnumerable<BoundClass> Flatten(BoundClass? c)
    {
        if (c is null)
        {
            yield break;
        }

        yield return c;
        var unionClasses = c.Fields.Where(f => f.Union is not null).SelectMany(f => f.Union!.Cases).SelectMany(k => k.Nested);
        foreach (var child in c.Nested.Concat(unionClasses).SelectMany(Flatten))
        {
            yield return child;
        }
    }

    private static BoundClass BindClass(EndpointSpec spec, ObjectSpec obj, string ns, string? parentFullName, string? parentContext, ClassRole role, List<BoundClass> all)
    {
        var fullName = parentFullName is null ? SpecNames.Qualify(ns, obj.TypeName) : parentFullName + "." + obj.TypeName;
        var context = parentContext is null ? obj.TypeName : SpecNames.ContextProperty(parentContext, obj.TypeName);
        var fields = obj.Fields.Select(f => BindProperty(f, fullName, context, ns, string.Empty, spec, all)).ToEquatableArray();
        var query = role == ClassRole.Request
            ? spec.Query.Select(f => BindProperty(f, fullName, context, ns, string.Empty, spec, all)).ToEquatableArray()
            : EquatableArray<BoundProperty>.Empty;
        var nested = obj.Fields.Where(f => f.Object is not null && f.Kind != FieldKind.Union && !f.IsShared)
            .Select(f => BindClass(spec, f.Object!, ns, fullName, context, ClassRole.Nested, all))
            .ToEquatableArray();

        var bases = new List<string>();
        if (role == ClassRole.Response)
        {
            bases.Add(RuntimeNames.Response);
            if (spec.Call.Download)
            {
                bases.Add(RuntimeNames.FileResponse);
            }
        }

        if (role == ClassRole.Request && spec.Query.Count > 0)
        {
            bases.Add(RuntimeNames.QueryParameters);
        }

        if (role == ClassRole.Request && spec.Call.Multipart)
        {
            bases.Add(RuntimeNames.MultipartRequest);
        }

        var bound = new BoundClass(
            obj.TypeName,
            fullName,
            fullName.Substring("global::".Length),
            context,
            SpecNames.Converter(context),
            role,
            obj.Description,
            bases.ToEquatableArray(),
            query,
            fields,
            nested,
            role == ClassRole.Request && spec.Call.Multipart,
            role == ClassRole.Response && spec.Call.Download,
            role == ClassRole.Request && spec.Call.BinaryBody);
        all.Add(bound);
        return bound;
    }

    private static BoundProperty BindProperty(FieldSpec f, string ownerFullName, string ownerContext, string ns, string keyPrefix, EndpointSpec spec, List<BoundClass> all)
    {
        string? enumType = f.EnumName is { } e ? SpecNames.Qualify(ns, e) : null;
        var scalar = enumType ?? (f.ScalarKind switch
        {
            FieldKind.String => "string",
            FieldKind.Boolean => "bool",
            _ => RuntimeNames.NumberType(f.Format),
        });
        // A shared type is a top-level class of the namespace; any other table is nested in its owner.
        string? nestedType = f.Object is { } o ? (f.IsShared ? SpecNames.Qualify(ns, o.TypeName) : ownerFullName + "." + o.TypeName) : null;
        var objectValues = f.Kind is FieldKind.Object or FieldKind.ObjectArray or FieldKind.Union || (f.Kind == FieldKind.Map && f.ItemKind == FieldKind.Object);
        var valueType = f.Kind switch
        {
            _ when objectValues => nestedType!,
            FieldKind.File => RuntimeNames.File,
            FieldKind.Json => "global::System.Text.Json.JsonElement",
            _ => scalar,
        };
        var isList = f.Kind is FieldKind.ObjectArray or FieldKind.Array || (f.Kind == FieldKind.Object && f.OneOrMany);

        // A list's element: the value, or for a list of lists (list_depth 2) a list of values.
        var elementType = f.ListDepth > 1 ? "global::System.Collections.Generic.IReadOnlyList<" + valueType + ">" : valueType;
        var type = f.Kind switch
        {
            _ when isList => "global::System.Collections.Generic.IReadOnlyList<" + elementType + ">",
            FieldKind.Map => "global::System.Collections.Generic.IReadOnlyDictionary<string, " + valueType + ">",
            _ => valueType,
        };
        var isValueType = f.Kind is FieldKind.Number or FieldKind.Boolean or FieldKind.Json || (f.Kind == FieldKind.String && f.EnumName is not null);
        var key = keyPrefix + f.PropertyName;
        var nestedContext = f.Object is { } n && f.Kind != FieldKind.Union
            ? (f.IsShared ? n.TypeName : SpecNames.ContextProperty(ownerContext, n.TypeName))
            : null;
        return new BoundProperty(
            f,
            f.PropertyName,
            f.Required ? type : type + "?",
            valueType,
            isValueType,
            SpecNames.EncodedName(keyPrefix + f.PropertyName),
            nestedContext is null ? null : SpecNames.Converter(nestedContext),
            nestedType,
            enumType,
            f.EnumName is { } en ? SpecNames.Converter(en) : null,
            isList || f.Kind == FieldKind.Map ? SpecNames.ListReader(key) : null,
            RuntimeNames.Reader(f.ScalarKind, f.Format, nullable: !f.Required),
            RuntimeNames.Reader(f.ScalarKind, f.Format, nullable: false),
            key,
            nestedContext is null ? null : SpecNames.Qualify(ns, SpecNames.ContextClass) + ".Default." + nestedContext,
            f.Kind == FieldKind.Union ? BindUnion(f, nestedType!, ownerContext, ns, spec, all) : null,
            elementType);
    }

    private static BoundUnion BindUnion(FieldSpec f, string unionFullName, string ownerContext, string ns, EndpointSpec spec, List<BoundClass> all)
    {
        var union = f.Object!;
        var unionContext = SpecNames.ContextProperty(ownerContext, union.TypeName);
        var cases = f.Cases.Select(c =>
        {
            var caseFullName = unionFullName + "." + c.Object.TypeName;
            var caseContext = SpecNames.ContextProperty(unionContext, c.Object.TypeName);
            var fields = c.Object.Fields.Select(x => BindProperty(x, caseFullName, caseContext, ns, c.Object.TypeName, spec, all)).ToEquatableArray();
            var nested = c.Object.Fields.Where(x => x.Object is not null && x.Kind != FieldKind.Union && !x.IsShared)
                .Select(x => BindClass(spec, x.Object!, ns, caseFullName, caseContext, ClassRole.Nested, all))
                .ToEquatableArray();
            return new BoundUnionCase(c.Value, c.Object.TypeName, caseFullName, c.Object.Description, fields, nested);
        }).ToEquatableArray();
        return new BoundUnion(union.TypeName, unionFullName, unionFullName.Substring("global::".Length), union.Description, cases, unionFullName + "." + SpecNames.UnionOtherCase);
    }

    private static BoundEnum BindEnum(EnumSpec e, string ns) =>
        new(e, e.Name, SpecNames.Qualify(ns, e.Name), ns + "." + e.Name, SpecNames.Converter(e.Name));
}
