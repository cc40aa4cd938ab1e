using System;
using System.Collections.Generic;
using System.Linq;
using WxContracts.Specs.Binding;
using WxContracts.Specs.Model;

namespace WxContracts.Specs.Validation;

/// <summary>
/// The semantic checks of one parsed endpoint, run over the model after parsing: C# names that would clash in the
/// generated code (reserved members, duplicate properties, nested classes, enums named like generated types) and
/// where file fields may appear. The parser checks only what the YAML says; the names come from <see cref="SpecNames"/>.
/// </summary>
public static class SpecValidator
{
    private static readonly HashSet<string> s_reservedMembers = new(SpecNames.ReservedMembers, StringComparer.Ordinal);

    /// <summary>Checks the endpoint; every problem is a located diagnostic.</summary>
    public static IReadOnlyList<SpecDiagnostic> Validate(EndpointSpec spec, SourceMap map)
    {
        var diagnostics = new List<SpecDiagnostic>();
        var at = map.Name ?? SpecLocation.FileStart(spec.FilePath);
        void Report(SpecLocation? location, string message) =>
            diagnostics.Add(new SpecDiagnostic(DiagnosticCatalog.DuplicateName, message, location ?? at));

        CheckProperties(spec, map, Report);
        CheckNestedTypes(spec, at, Report);
        CheckEnumNames(spec, map, Report);
        CheckFileFields(spec, map, diagnostics);
        CheckUnions(spec, map, diagnostics);
        return diagnostics;
    }

    /// <summary>Unions: one per object (its discriminator decides how the object reads), not in multipart requests,
    /// distinct case classes that are not named <c>Other</c>, and case fields that cannot be mistaken for the
    /// object's own.</summary>
    private static void CheckUnions(EndpointSpec spec, SourceMap map, List<SpecDiagnostic> diagnostics)
    {
        void Report(SpecLocation? location, string message) =>
            diagnostics.Add(new SpecDiagnostic(DiagnosticCatalog.BadNesting, message, location ?? map.Name ?? SpecLocation.FileStart(spec.FilePath)));

        void Walk(ObjectSpec obj, SpecLocation? table)
        {
            var unions = obj.Fields.Where(f => f.Kind == FieldKind.Union).ToList();
            if (unions.Count > 1)
            {
                Report(map.Property(unions[1]) ?? table, $"'{obj.TypeName}' has more than one union field; an object can have one discriminator");
            }

            foreach (var union in unions)
            {
                var names = new HashSet<string>(StringComparer.Ordinal) { SpecNames.UnionOtherCase, union.Object!.TypeName };
                foreach (var c in union.Cases)
                {
                    if (!names.Add(c.Object.TypeName))
                    {
                        Report(map.Property(union), $"Union case '{c.Object.TypeName}' of '{union.WireName}' clashes with another case, the union class or the reserved case '{SpecNames.UnionOtherCase}'");
                    }

                    foreach (var f in c.Object.Fields)
                    {
                        if (f.WireName == union.WireName || obj.Fields.Any(o => o.WireName == f.WireName))
                        {
                            Report(map.Property(f), $"Field '{f.WireName}' of union case '{c.Object.TypeName}' has the wire name of the discriminator or of a field beside it");
                        }

                        if (f.PropertyName == c.Object.TypeName || f.PropertyName == SpecNames.UnionKindProperty)
                        {
                            Report(map.Property(f), $"Property '{f.PropertyName}' of union case '{c.Object.TypeName}' clashes with the case class or its '{SpecNames.UnionKindProperty}'; add property_name");
                        }
                    }
                }
            }

            foreach (var child in Children(obj))
            {
                Walk(child, table);
            }
        }

        if (spec.Request is { } request)
        {
            if (spec.Call.Multipart && request.Fields.Any(f => f.Kind is FieldKind.Union or FieldKind.Map or FieldKind.Json))
            {
                Report(map.Request, "A multipart request has only file, string, number, boolean and object fields");
            }

            Walk(request, map.Request);
        }

        Walk(spec.Response, map.Response);
        foreach (var type in spec.Types)
        {
            Walk(type, map.Types.TryGetValue(type.TypeName, out var l) ? l : null);
        }
    }

    /// <summary>The classes nested in an object: object/objarray/map values, and each union's cases. Shared types are
    /// not nested: they are checked once, from <see cref="EndpointSpec.Types"/>.</summary>
    internal static IEnumerable<ObjectSpec> Children(ObjectSpec obj)
    {
        foreach (var field in obj.Fields)
        {
            if (field.IsShared)
            {
                continue;
            }

            if (field.Kind == FieldKind.Union)
            {
                foreach (var c in field.Cases)
                {
                    yield return c.Object;
                }
            }
            else if (field.Object is { } child)
            {
                yield return child;
            }
        }
    }

    private static void CheckProperties(EndpointSpec spec, SourceMap map, Action<SpecLocation?, string> report)
    {
        // The request class holds the query parameters and the body fields side by side.
        var requestType = SpecNames.RequestType(spec.Name);
        var requestMembers = spec.Query.Concat(spec.Request?.Fields ?? EquatableArray<FieldSpec>.Empty).ToList();
        CheckTable(requestType, requestMembers, map.Request, map, report);
        CheckTable(spec.Response.TypeName, spec.Response.Fields, map.Response, map, report);
        foreach (var type in spec.Types)
        {
            CheckTable(type.TypeName, type.Fields, map.Types.TryGetValue(type.TypeName, out var l) ? l : null, map, report);
        }
    }

    private static void CheckTable(string owner, IEnumerable<FieldSpec> fields, SpecLocation? table, SourceMap map, Action<SpecLocation?, string> report)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            if (s_reservedMembers.Contains(field.PropertyName) || field.PropertyName == owner)
            {
                report(map.Property(field), $"Property name '{field.PropertyName}' clashes with a member the generated type already has; add property_name");
            }
            else if (!seen.Add(field.PropertyName))
            {
                report(table, $"Two fields map to the C# property '{field.PropertyName}'; add property_name to one of them");
            }

            if (field.Kind == FieldKind.Union)
            {
                foreach (var c in field.Cases)
                {
                    CheckTable(c.Object.TypeName, c.Object.Fields, map.Property(field), map, report);
                }
            }
            else if (field.Object is { } child && !field.IsShared)
            {
                CheckTable(child.TypeName, child.Fields, map.NestedTable(field), map, report);
            }
        }
    }

    /// <summary>Nested types become C# nested classes: siblings must differ, and none may share its parent's name or
    /// a property's.</summary>
    private static void CheckNestedTypes(EndpointSpec spec, SpecLocation at, Action<SpecLocation?, string> report)
    {
        void Walk(ObjectSpec obj)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var field in obj.Fields)
            {
                if (field.Object is not { } child || field.IsShared)
                {
                    continue; // a shared type is a top-level class, checked once below
                }

                if (!seen.Add(child.TypeName) || child.TypeName == obj.TypeName)
                {
                    report(at, $"Nested type '{child.TypeName}' in '{obj.TypeName}' clashes with another type of that name; set type_name on field '{field.WireName}'");
                }

                if (obj.Fields.Any(member => member.PropertyName == child.TypeName))
                {
                    report(at, $"Nested type '{child.TypeName}' in '{obj.TypeName}' has the same name as a property; set type_name on field '{field.WireName}'");
                }

                if (field.Kind == FieldKind.Union)
                {
                    foreach (var c in field.Cases)
                    {
                        Walk(c.Object);
                    }
                }
                else
                {
                    Walk(child);
                }
            }
        }

        if (spec.Request is { } request)
        {
            Walk(request);
        }

        Walk(spec.Response);
        foreach (var type in spec.Types)
        {
            Walk(type);
        }
    }

    private static void CheckEnumNames(EndpointSpec spec, SourceMap map, Action<SpecLocation?, string> report)
    {
        var taken = new HashSet<string>(SpecNames.WellKnownTypes, StringComparer.Ordinal)
        {
            SpecNames.RequestType(spec.Name), SpecNames.ResponseType(spec.Name), SpecNames.ErrorEnum(spec.Name),
        };
        foreach (var e in spec.Enums)
        {
            if (taken.Contains(e.Name))
            {
                report(map.Enums.TryGetValue(e.Name, out var l) ? l : null, $"Enum '{e.Name}' has the name of a type the generator creates; rename the enum");
            }
        }

        // Shared types are top-level classes beside the request, the response, the error enum and the enums.
        taken.UnionWith(spec.Enums.Select(e => e.Name));
        foreach (var type in spec.Types)
        {
            if (!taken.Add(type.TypeName))
            {
                report(map.Types.TryGetValue(type.TypeName, out var l) ? l : null, $"Shared type '{type.TypeName}' has the name of another type of this spec or one the generator creates; rename it");
            }
        }
    }

    /// <summary>File parts exist only at the top of a multipart request, whose other fields are plain form fields.</summary>
    private static void CheckFileFields(EndpointSpec spec, SourceMap map, List<SpecDiagnostic> diagnostics)
    {
        static bool Nested(IEnumerable<FieldSpec> fields) =>
            fields.Any(f => f.Cases.Any(c => c.Object.Fields.Any(x => x.Kind == FieldKind.File) || Nested(c.Object.Fields))
                || (f.Object is { } o && (o.Fields.Any(c => c.Kind == FieldKind.File) || Nested(o.Fields))));

        void Report(SpecLocation? location, string message) =>
            diagnostics.Add(new SpecDiagnostic(DiagnosticCatalog.BadNesting, message, location ?? SpecLocation.FileStart(spec.FilePath)));

        var request = spec.Request?.Fields ?? EquatableArray<FieldSpec>.Empty;
        if (Nested(request))
        {
            Report(map.Request, "A file field can only be a top-level request field");
        }

        if (request.Any(f => f.Kind == FieldKind.File) && !spec.Call.Multipart)
        {
            Report(map.Request, "A request with a file field needs 'body: multipart' under call");
        }

        if (spec.Call.Multipart && request.Any(f => f.Kind is FieldKind.ObjectArray or FieldKind.Array))
        {
            Report(map.Request, "A multipart request has only file, string, number, boolean and object fields (an object travels as JSON text in its form part)");
        }

        if (spec.Call.BinaryBody && (request.Count(f => f.Kind == FieldKind.File) != 1 || request.Any(f => f.Kind != FieldKind.File)))
        {
            Report(map.Request, "A binary body is exactly one file field (the bytes); put the other parameters under query");
        }

        if (spec.Call.Download && spec.Response.Fields.Any(f => f.PropertyName == "File"))
        {
            Report(map.Response, "A download's response has a File property for the bytes; rename the field 'File' with property_name");
        }

        if (spec.Response.Fields.Any(f => f.Kind == FieldKind.File) || Nested(spec.Response.Fields))
        {
            Report(map.Response, "A file field can only be in a multipart request");
        }
    }
}
