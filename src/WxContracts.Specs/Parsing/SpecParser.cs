using System;
using System.Collections.Generic;
using System.Linq;
using WxContracts.Specs.Binding;
using WxContracts.Specs.Model;
using WxContracts.Specs.Validation;

namespace WxContracts.Specs.Parsing;

/// <summary>
/// Parses one spec file into the equatable model and checks it. Never throws: every problem becomes a located
/// <see cref="SpecDiagnostic"/>; a spec with any error yields no model.
/// </summary>
public static class SpecParser
{
    private const string TopKeys = "kind, name, interface, title, summary, group, operation, notes, call, query, request, response, enums, types, errors, scope, examples";
    private const string GlobalKeys = "kind, title, notes, errors";
    private const string CallKeys = "method, url, credential, body, download, server_side_only, idempotent, cloud_call, third_party";
    private const string FieldKeys = "name, type, items, format, number_or_string, strict, one_or_many, cases, required, description, example, enum, type_name, property_name, fields, ref, list_depth, min_length, max_length, minimum, maximum";
    private const string EnumKeys = "name, type, description, values";
    private const string EnumValueKeys = "value, name, description";
    private const string ErrorKeys = "code, errmsg, name, description, solution, note";
    private const string ScopeKeys = "official_account, service_account";
    private const string ExampleKeys = "request, response, normalized";

    public static SpecFile Parse(string filePath, string text)
    {
        // A byte-order mark is not part of the YAML: parse without it, then move diagnostics back to the file's positions.
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            var inner = Parse(filePath, text.Substring(1));
            return inner with { Diagnostics = inner.Diagnostics.Select(ShiftPastBom).ToEquatableArray() };
        }

        var ctx = new SpecContext(filePath, text);
        try
        {
            var root = YamlTreeLoader.Load(text, filePath, ctx.Diagnostics);
            if (root is null)
            {
                return new SpecFile(filePath, null, null, ctx.Diagnostics.ToEquatableArray());
            }

            if (root is not YMap map)
            {
                ctx.Report(DiagnosticCatalog.WrongValueKind, root, $"A spec must be a YAML mapping, not {root.KindName}");
                return new SpecFile(filePath, null, null, ctx.Diagnostics.ToEquatableArray());
            }

            var reader = new MapReader(map, ctx);
            var kindNode = reader.Scalar("kind", false, "The spec");
            var kind = kindNode?.Value ?? "endpoint";
            switch (kind)
            {
                case "endpoint":
                {
                    var endpoint = ParseEndpoint(reader, ctx, out var locations);
                    return new SpecFile(filePath, ctx.HasErrors ? null : endpoint, null, ctx.Diagnostics.ToEquatableArray(), ctx.HasErrors ? null : locations);
                }

                case "global_errors":
                {
                    var global = ParseGlobalErrors(reader, ctx);
                    return new SpecFile(filePath, null, ctx.HasErrors ? null : global, ctx.Diagnostics.ToEquatableArray());
                }

                case "push":
                {
                    var push = PushSpecParser.Parse(reader, ctx);
                    return new SpecFile(filePath, null, null, ctx.Diagnostics.ToEquatableArray(), null, ctx.HasErrors ? null : push);
                }

                default:
                    ctx.Report(DiagnosticCatalog.InvalidValue, kindNode!, $"Unknown spec kind '{kind}' (expected endpoint, global_errors or push)");
                    return new SpecFile(filePath, null, null, ctx.Diagnostics.ToEquatableArray());
            }
        }
        catch (Exception ex)
        {
            // A bug in the parser must not take the user's build down with it.
            ctx.Diagnostics.Add(new SpecDiagnostic(
                DiagnosticCatalog.InternalError,
                $"Internal error while reading this spec ({ex.GetType().Name}: {ex.Message}); please report it",
                SpecLocation.FileStart(filePath)));
            return new SpecFile(filePath, null, null, ctx.Diagnostics.ToEquatableArray());
        }
    }

    private static SpecDiagnostic ShiftPastBom(SpecDiagnostic d)
    {
        var l = d.Location;
        return d with
        {
            Location = l with
            {
                Start = l.Start + 1,
                Column = l.Line == 0 ? l.Column + 1 : l.Column,
                EndColumn = l.EndLine == 0 ? l.EndColumn + 1 : l.EndColumn,
            },
        };
    }

    private static GlobalErrorsSpec ParseGlobalErrors(MapReader reader, SpecContext ctx)
    {
        reader.String("title", false, "The global error table");
        ParseStringList(reader, "notes", ctx);
        var errorsNode = reader.Sequence("errors", true, "The global error table");
        var errors = ParseErrors(errorsNode, ctx);
        reader.ReportUnknownKeys("a global error table", GlobalKeys);
        return new GlobalErrorsSpec(ctx.FilePath, errors);
    }

    /// <summary>
    /// Reads the top-level keys of an endpoint spec in the order the format documents them, then builds the model and
    /// runs the validator. Long because it is one flat list of keys: each key is one or two lines, and the sections
    /// with their own rules (call, tables, enums, errors, scope, examples) are their own methods.
    /// </summary>
    private static EndpointSpec? ParseEndpoint(MapReader reader, SpecContext ctx, out SpecLocations? locations)
    {
        locations = null;
        const string what = "The spec";
        var name = Identifier(reader, "name", true, what, ctx);
        var nameNode = reader.Node("name");
        var iface = reader.String("interface", true, what);
        var title = reader.String("title", true, what);
        var summary = reader.String("summary", false, what);
        var group = Identifier(reader, "group", true, what, ctx);
        var operation = Identifier(reader, "operation", false, what, ctx) ?? name;
        var operationNode = reader.Node("operation") ?? nameNode;
        var notes = ParseStringList(reader, "notes", ctx);

        var callMap = reader.Mapping("call", true, what);
        var call = callMap is null ? null : ParseCall(new MapReader(callMap, ctx), ctx);

        var enums = new List<EnumSpec>();
        var enumsNode = reader.Sequence("enums", false, what);
        if (enumsNode is not null)
        {
            ParseEnums(enumsNode, enums, ctx);
        }

        var typeScope = new TypeScope(enums, name ?? "Spec");
        var typesNode = reader.Sequence("types", false, what);
        if (typesNode is not null)
        {
            ParseTypes(typesNode, typeScope, ctx);
        }

        var query = new List<FieldSpec>();
        var queryNode = reader.Sequence("query", false, what);
        if (queryNode is not null)
        {
            var passesCredential = call is not null && call.Credential != Credential.None;
            foreach (var field in ParseFields(queryNode, SpecNames.RequestType(name ?? "Spec"), typeScope, ctx, 0))
            {
                if (passesCredential && field.WireName is "access_token" or "authorizer_access_token")
                {
                    continue; // the credential is passed by the runtime, not by the caller
                }

                if (field.Kind is not (FieldKind.Number or FieldKind.String or FieldKind.Boolean))
                {
                    ctx.Report(DiagnosticCatalog.BadNesting, queryNode, $"Query parameter '{field.WireName}' must be a number, string or boolean");
                }

                query.Add(field);
            }
        }

        var requestNode = reader.Required("request", what);
        var requestFields = ParseTable(requestNode, "request", SpecNames.RequestType(name ?? "Spec"), typeScope, ctx);
        var responseNode = reader.Required("response", what);
        var responseFields = IsNone(responseNode)
            ? new List<FieldSpec>() // only errcode/errmsg come back
            : ParseTable(responseNode, "response", SpecNames.ResponseType(name ?? "Spec"), typeScope, ctx)?
                .Where(f => f.WireName is not ("errcode" or "errmsg"))
                .ToList();
        ctx.Map.Request = requestNode is null ? null : ctx.Location(requestNode);
        ctx.Map.Response = responseNode is null ? null : ctx.Location(responseNode);

        var errorsNode = reader.Sequence("errors", false, what);
        var errors = ParseErrors(errorsNode, ctx);

        var scopeMap = reader.Mapping("scope", true, what);
        var scope = scopeMap is null ? null : ParseScope(new MapReader(scopeMap, ctx), ctx);

        var examplesMap = reader.Mapping("examples", false, what);
        var examples = examplesMap is null
            ? ExamplesSpec.None
            : ParseExamples(new MapReader(examplesMap, ctx), ctx);

        reader.ReportUnknownKeys("a spec", TopKeys);

        if (name is null || iface is null || title is null || group is null || operation is null || call is null
            || scope is null || requestFields is null && !IsNone(requestNode) || responseFields is null)
        {
            return null;
        }

        var request = requestFields is null && query.Count == 0
            ? null
            : new ObjectSpec(SpecNames.RequestType(name), "The request of " + iface + ".", (requestFields ?? new List<FieldSpec>()).ToEquatableArray());
        var response = new ObjectSpec(SpecNames.ResponseType(name), "The response of " + iface + ".", responseFields.ToEquatableArray());

        var spec = new EndpointSpec(
            ctx.FilePath,
            name,
            iface,
            title,
            summary,
            group,
            operation,
            notes,
            call,
            query.ToEquatableArray(),
            request,
            response,
            enums.ToEquatableArray(),
            errors,
            scope,
            examples,
            typeScope.Types.ToEquatableArray());

        locations = new SpecLocations(ctx.Location(nameNode!), ctx.Location(operationNode!));
        ctx.Map.Name = locations.Name;
        ctx.Diagnostics.AddRange(SpecValidator.Validate(spec, ctx.Map));
        if (examplesMap is not null && !ctx.HasErrors)
        {
            ExampleChecker.Check(spec, new MapReader(examplesMap, ctx), ctx);
        }

        return spec;
    }

    private static bool IsNone(YNode? node) => node is YScalar { Value: "none" };

    /// <summary>
    /// <c>types</c>: the spec's shared tables, each a top-level class that fields name with <c>ref</c>. A type may use
    /// the types listed above it, so no type can contain itself.
    /// </summary>
    private static void ParseTypes(YSeq seq, TypeScope scope, SpecContext ctx)
    {
        const string what = "A shared type";
        foreach (var item in seq.Items)
        {
            if (item is not YMap map)
            {
                ctx.Report(DiagnosticCatalog.WrongValueKind, item, $"A shared type must be a mapping with name and fields, not {item.KindName}");
                continue;
            }

            var reader = new MapReader(map, ctx);
            var name = Identifier(reader, "name", true, what, ctx);
            var description = reader.String("description", false, what);
            var fields = reader.Sequence("fields", true, what);
            reader.ReportUnknownKeys("a shared type", "name, description, fields");
            if (name is null || fields is null)
            {
                continue;
            }

            if (scope.FindType(name) is not null)
            {
                ctx.Report(DiagnosticCatalog.DuplicateName, reader.Node("name")!, $"Type '{name}' is defined twice under 'types'");
                continue;
            }

            var parsed = ParseFields(fields, name, scope, ctx, 1);
            var type = new ObjectSpec(name, description, parsed.ToEquatableArray());
            scope.Types.Add(type);
            ctx.Map.Types[name] = ctx.Location(reader.Node("name")!);
        }
    }

    private static List<FieldSpec>? ParseTable(YNode? node, string key, string ownerType, TypeScope scope, SpecContext ctx)
    {
        switch (node)
        {
            case null:
                return null;
            case YScalar s when s.Value == "none":
                return null;
            case YSeq seq:
                return ParseFields(seq, ownerType, scope, ctx, 0);
            default:
                ctx.Report(DiagnosticCatalog.WrongValueKind, node, $"'{key}' must be a sequence of fields or 'none'");
                return null;
        }
    }

    /// <summary><c>third_party</c>: <c>not_supported</c>, or <c>permission_sets</c> with positive ids, each once.</summary>
    private static List<int> ParseThirdParty(YNode? thirdParty, SpecContext ctx)
    {
        var permissionSets = new List<int>();
        switch (thirdParty)
        {
            case null:
            case YScalar { Value: "not_supported" }:
                break;
            case YMap tpMap:
            {
                var tp = new MapReader(tpMap, ctx);
                var sets = tp.Sequence("permission_sets", true, "third_party");
                foreach (var item in sets?.Items ?? new List<YNode>())
                {
                    if (item is YScalar s && MapReader.TryInt(s, out var id) && id > 0)
                    {
                        if (permissionSets.Contains(id))
                        {
                            ctx.Report(DiagnosticCatalog.DuplicateKey, item, $"Permission set {id} is listed twice");
                        }

                        permissionSets.Add(id);
                    }
                    else
                    {
                        ctx.Report(DiagnosticCatalog.InvalidValue, item, "A permission set id must be a positive integer");
                    }
                }

                tp.ReportUnknownKeys("third_party", "permission_sets");
                break;
            }

            default:
                ctx.Report(DiagnosticCatalog.WrongValueKind, thirdParty, "'third_party' must be a mapping with permission_sets, or 'not_supported'");
                break;
        }

        return permissionSets;
    }

    private static CallSpec? ParseCall(MapReader reader, SpecContext ctx)
    {
        const string what = "call";
        var methodNode = reader.Scalar("method", true, what);
        var urlNode = reader.Scalar("url", true, what);
        var credentialNode = reader.Scalar("credential", false, what);
        var bodyNode = reader.Scalar("body", false, what);
        var serverSideOnly = reader.Bool("server_side_only") ?? true;
        var download = reader.Bool("download") ?? false;
        var idempotent = reader.Bool("idempotent");
        var cloudCall = reader.String("cloud_call", false, what);
        var permissionSets = ParseThirdParty(reader.Node("third_party"), ctx);
        reader.ReportUnknownKeys("call", CallKeys);

        string? method = null;
        if (methodNode is not null)
        {
            method = methodNode.Value.ToUpperInvariant();
            if (method is not ("GET" or "POST"))
            {
                ctx.Report(DiagnosticCatalog.UnsupportedHttpMethod, methodNode, $"HTTP method '{methodNode.Value}' is not supported (WeChat APIs use GET or POST)");
                method = null;
            }
        }

        var (baseAddress, path) = ParseUrl(urlNode, ctx);
        var credential = ParseCredential(credentialNode, ctx);
        var (multipart, binary) = ParseBody(bodyNode, method, ctx);

        if (method is null || baseAddress is null || path is null)
        {
            return null;
        }

        return new CallSpec(
            method,
            urlNode!.Value,
            baseAddress,
            path,
            credential,
            multipart,
            serverSideOnly,
            idempotent ?? method == "GET",
            cloudCall is null or "not_supported" ? null : cloudCall,
            permissionSets.ToEquatableArray(),
            download,
            binary);
    }
    /// <summary><c>url</c>: an absolute http(s) URL without query or fragment, split into base address and path.</summary>
    private static (string? BaseAddress, string? Path) ParseUrl(YScalar? urlNode, SpecContext ctx)
    {
        string? baseAddress = null;
        string? path = null;
        if (urlNode is not null)
        {
            if (Uri.TryCreate(urlNode.Value, UriKind.Absolute, out var uri)
                && (uri.Scheme == "https" || uri.Scheme == "http")
                && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment))
            {
                baseAddress = uri.GetLeftPart(UriPartial.Authority);
                path = uri.AbsolutePath;
            }
            else
            {
                ctx.Report(DiagnosticCatalog.InvalidValue, urlNode, $"'url' must be an absolute https (or http) URL without a query string (put query parameters under 'query'), not '{urlNode.Value}'");
            }
        }

        return (baseAddress, path);
    }

    /// <summary><c>credential</c>: access_token (default), authorizer_access_token or none.</summary>
    private static Credential ParseCredential(YScalar? credentialNode, SpecContext ctx)
    {
        var credential = Credential.AccessToken;
        if (credentialNode is not null)
        {
            switch (credentialNode.Value)
            {
                case "access_token":
                    credential = Credential.AccessToken;
                    break;
                case "authorizer_access_token":
                    credential = Credential.AuthorizerAccessToken;
                    break;
                case "none":
                    credential = Credential.None;
                    break;
                default:
                    ctx.Report(DiagnosticCatalog.InvalidValue, credentialNode, $"Unknown credential '{credentialNode.Value}' (expected access_token, authorizer_access_token or none)");
                    break;
            }
        }

        return credential;
    }

    /// <summary><c>body</c>: json (default), multipart or binary (the one file field is the whole body); not on GET.</summary>
    private static (bool Multipart, bool Binary) ParseBody(YScalar? bodyNode, string? method, SpecContext ctx)
    {
        var multipart = false;
        var binary = false;
        if (bodyNode is not null)
        {
            switch (bodyNode.Value)
            {
                case "json":
                    break;
                case "multipart":
                case "binary":
                    // binary: the request's one file field is the whole body (sent like a multipart request's parts).
                    multipart = true;
                    binary = bodyNode.Value == "binary";
                    if (method == "GET")
                    {
                        ctx.Report(DiagnosticCatalog.InvalidValue, bodyNode, $"A {bodyNode.Value} body needs the POST method");
                    }

                    break;
                default:
                    ctx.Report(DiagnosticCatalog.InvalidValue, bodyNode, $"Unknown body '{bodyNode.Value}' (expected json, multipart or binary)");
                    break;
            }
        }

        return (multipart, binary);
    }

    private static List<FieldSpec> ParseFields(YSeq seq, string ownerType, TypeScope scope, SpecContext ctx, int depth)
    {
        var fields = new List<FieldSpec>();
        var wireNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in seq.Items)
        {
            if (item is not YMap map)
            {
                ctx.Report(DiagnosticCatalog.WrongValueKind, item, $"A field must be a mapping with name and type, not {item.KindName}");
                continue;
            }

            var field = ParseField(new MapReader(map, ctx), ownerType, scope, ctx, depth);
            if (field is null)
            {
                continue;
            }

            if (!wireNames.Add(field.WireName))
            {
                ctx.Report(DiagnosticCatalog.DuplicateKey, map, $"Field '{field.WireName}' is defined twice in this table");
                continue;
            }

            fields.Add(field);
        }

        return fields;
    }

    /// <summary>
    /// Reads one row of a table: its keys, then each rule group through its own helper (items and format, read options,
    /// property name, enum, nested table, union cases). What is left here is the order they depend on each other.
    /// </summary>
    private static FieldSpec? ParseField(MapReader reader, string ownerType, TypeScope scope, SpecContext ctx, int depth)
    {
        const string what = "A field";
        var wireName = reader.String("name", true, what);
        var typeNode = reader.Scalar("type", true, what);
        var itemsNode = reader.Scalar("items", false, what);
        var formatNode = reader.Scalar("format", false, what);
        var numberOrStringFlag = reader.Bool("number_or_string");
        var numberOrString = numberOrStringFlag ?? false;
        var strict = reader.Bool("strict") ?? false;
        var required = reader.Bool("required") ?? false;
        var description = reader.String("description", false, what);
        var exampleNode = reader.Scalar("example", false, what);
        var enumNode = reader.Node("enum");
        var typeNameNode = reader.Scalar("type_name", false, what);
        var propertyNameNode = reader.Scalar("property_name", false, what);
        var fieldsNode = reader.Node("fields");
        var oneOrMany = reader.Bool("one_or_many") ?? false;
        var casesNode = reader.Node("cases");
        var refNode = reader.Scalar("ref", false, what);
        var listDepthNode = reader.Scalar("list_depth", false, what);
        var constraints = ConstraintParser.Parse(reader, ctx);
        reader.ReportUnknownKeys("a field", FieldKeys);

        if (wireName is null || typeNode is null)
        {
            return null;
        }

        var kind = ParseKind(typeNode.Value);
        if (kind is null)
        {
            ctx.Report(DiagnosticCatalog.UnknownType, typeNode, $"Unknown type '{typeNode.Value}' for field '{wireName}' (expected number, string, boolean, object, objarray, array, map, json, union or file)");
            return null;
        }

        if (!TryParseItems(kind.Value, typeNode, itemsNode, formatNode, wireName, ctx, out var itemKind, out var format))
        {
            return null;
        }

        strict = CheckReadOptions(reader, wireName, typeNode, kind.Value, itemKind, numberOrStringFlag, strict, ctx);
        var propertyName = PropertyName(reader, wireName, propertyNameNode, ctx);
        if (propertyName is null)
        {
            return null;
        }

        var enumName = enumNode is null ? null : ResolveFieldEnum(enumNode, formatNode, typeNode, wireName, ownerType, propertyName, itemKind, format, scope, ctx);
        if (oneOrMany && kind.Value is not (FieldKind.Object or FieldKind.ObjectArray))
        {
            ctx.Report(DiagnosticCatalog.BadNesting, reader.Node("one_or_many")!, $"'one_or_many' is only allowed on object and objarray fields; '{wireName}' is {typeNode.Value}");
        }

        if (!TryParseListDepth(listDepthNode, kind.Value, typeNode, wireName, oneOrMany, ctx, out var listDepth))
        {
            return null;
        }

        // A map of scalars has no nested table, like an array of scalars; a shared type's table is under 'types'.
        var nestedKind = kind.Value == FieldKind.Map && itemKind != FieldKind.Object ? FieldKind.Array : kind.Value;
        ObjectSpec? nested;
        SpecLocation? nestedTable = null;
        if (refNode is not null)
        {
            if (!TryResolveRef(refNode, kind.Value, typeNode, typeNameNode, fieldsNode, wireName, scope, ctx, out nested))
            {
                return null;
            }
        }
        else if (!TryParseNested(nestedKind, typeNode, typeNameNode, fieldsNode, wireName, propertyName, description, scope, ctx, depth, out nested, out nestedTable))
        {
            return null;
        }

        var cases = EquatableArray<UnionCaseSpec>.Empty;
        if (kind.Value == FieldKind.Union)
        {
            if (!TryParseCases(casesNode, typeNode, wireName, scope, ctx, depth, out cases))
            {
                return null;
            }
        }
        else if (casesNode is not null)
        {
            ctx.Report(DiagnosticCatalog.BadNesting, casesNode, $"'cases' is only allowed on union fields; '{wireName}' is {typeNode.Value}");
        }

        var field = new FieldSpec(
            wireName,
            propertyName,
            kind.Value,
            itemKind,
            format,
            numberOrString,
            required,
            description,
            exampleNode is null || exampleNode.IsNull ? null : exampleNode.Value,
            enumName,
            nested,
            constraints is null ? null : ConstraintParser.Check(constraints, wireName, kind.Value, format, enumName is not null, ctx),
            strict,
            oneOrMany,
            cases,
            refNode?.Value,
            listDepth);
        ctx.Map.AddField(field, ctx.Location(propertyNameNode ?? reader.Node("name")!), nestedTable);
        return field;
    }
    /// <summary><c>number_or_string</c> and <c>strict</c>: numbers only for the first; they may not contradict. Returns
    /// whether the field reads strictly (scalars are lenient unless a spec opts out).</summary>
    private static bool CheckReadOptions(MapReader reader, string wireName, YScalar typeNode, FieldKind kind, FieldKind itemKind, bool? numberOrStringFlag, bool strict, SpecContext ctx)
    {
        var numberOrString = numberOrStringFlag ?? false;
        if (numberOrStringFlag is not null && itemKind != FieldKind.Number)
        {
            ctx.Report(DiagnosticCatalog.BadNesting, reader.Node("number_or_string")!, $"'number_or_string' is only allowed on number fields; '{wireName}' is {typeNode.Value}");
        }

        if (strict && (numberOrString || kind is FieldKind.Object or FieldKind.ObjectArray or FieldKind.File))
        {
            ctx.Report(DiagnosticCatalog.InvalidValue, reader.Node("strict")!, numberOrString
                ? $"'strict' and 'number_or_string' contradict each other on '{wireName}'"
                : $"'strict' is only allowed on number, string, boolean and array fields; '{wireName}' is {typeNode.Value}");
        }

        // Scalars are read leniently unless the spec opts out: strict, or number_or_string: false on a number.
        return strict || numberOrStringFlag == false;
    }

    /// <summary><c>ref</c>: an object or objarray field whose table is one of the spec's shared <c>types</c>, listed
    /// above the use when the use is inside another shared type; it has no table of its own.</summary>
    private static bool TryResolveRef(YScalar refNode, FieldKind kind, YScalar typeNode, YScalar? typeNameNode, YNode? fieldsNode, string wireName, TypeScope scope, SpecContext ctx, out ObjectSpec? shared)
    {
        shared = null;
        if (kind is not (FieldKind.Object or FieldKind.ObjectArray))
        {
            ctx.Report(DiagnosticCatalog.BadNesting, refNode, $"'ref' is only allowed on object and objarray fields; '{wireName}' is {typeNode.Value}");
            return false;
        }

        if (fieldsNode is not null || typeNameNode is not null)
        {
            ctx.Report(DiagnosticCatalog.BadNesting, (YNode?)fieldsNode ?? typeNameNode!, $"Field '{wireName}' uses the shared type '{refNode.Value}': it takes neither 'fields' nor 'type_name'");
            return false;
        }

        shared = scope.FindType(refNode.Value);
        if (shared is null)
        {
            var known = scope.Types.Count == 0 ? "the spec has no 'types'" : "known here: " + string.Join(", ", scope.Types.Select(t => t.TypeName));
            ctx.Report(DiagnosticCatalog.BadNesting, refNode, $"Type '{refNode.Value}' is not defined under 'types' above this use ({known})");
            return false;
        }

        return true;
    }

    /// <summary><c>list_depth</c>: 2 for a list of lists (<c>[[...], [...]]</c>) on array and objarray fields.</summary>
    private static bool TryParseListDepth(YScalar? node, FieldKind kind, YScalar typeNode, string wireName, bool oneOrMany, SpecContext ctx, out int depth)
    {
        depth = 1;
        if (node is null)
        {
            return true;
        }

        if (!MapReader.TryInt(node, out depth) || depth is < 1 or > 2)
        {
            ctx.Report(DiagnosticCatalog.InvalidValue, node, $"'list_depth' of '{wireName}' must be 1 or 2 (a list of lists), not '{node.Value}'");
            return false;
        }

        if (kind is not (FieldKind.Array or FieldKind.ObjectArray) || oneOrMany)
        {
            ctx.Report(DiagnosticCatalog.BadNesting, node, $"'list_depth' is only allowed on array and objarray fields without one_or_many; '{wireName}' is {typeNode.Value}");
            return false;
        }

        return true;
    }

    /// <summary>The C# property: <c>property_name</c>, else the PascalCase of the wire name; null (reported) when invalid.</summary>
    private static string? PropertyName(MapReader reader, string wireName, YScalar? propertyNameNode, SpecContext ctx)
    {
        string propertyName;
        if (propertyNameNode is not null)
        {
            propertyName = propertyNameNode.Value;
            if (!Naming.IsValidIdentifier(propertyName))
            {
                ctx.Report(DiagnosticCatalog.InvalidIdentifier, propertyNameNode, $"'{propertyName}' is not a valid C# identifier");
                return null;
            }
        }
        else
        {
            propertyName = SpecNames.Property(wireName);
            if (!Naming.IsValidIdentifier(propertyName))
            {
                ctx.Report(DiagnosticCatalog.InvalidIdentifier, reader.Node("name")!, $"Field name '{wireName}' does not give a valid C# property name ('{propertyName}'); add property_name");
                return null;
            }
        }

        return propertyName;
    }

    /// <summary>A field's <c>enum</c>: number and string fields only, 32-bit numbers; a named or inline enum.</summary>
    private static string? ResolveFieldEnum(YNode enumNode, YScalar? formatNode, YScalar typeNode, string wireName, string ownerType, string propertyName, FieldKind itemKind, NumberFormat format, TypeScope scope, SpecContext ctx)
    {
        if (itemKind is not (FieldKind.Number or FieldKind.String))
        {
            ctx.Report(DiagnosticCatalog.BadEnum, enumNode, $"Only number and string fields can be enumerations; '{wireName}' is {typeNode.Value}");
            return null;
        }

        if (itemKind == FieldKind.Number && format != NumberFormat.Int32)
        {
            ctx.Report(DiagnosticCatalog.BadEnum, formatNode!, $"Number enumerations are 32-bit integers; remove 'format' from '{wireName}' or drop the enum");
            return null;
        }

        return scope.ResolveEnum(enumNode, (ownerType, propertyName), itemKind == FieldKind.Number, ctx);
    }

    /// <summary>The item kind of an array (<c>items</c>) and the width of a number (<c>format</c>).</summary>
    private static bool TryParseItems(FieldKind kind, YScalar typeNode, YScalar? itemsNode, YScalar? formatNode, string wireName, SpecContext ctx, out FieldKind itemKind, out NumberFormat format)
    {
        itemKind = kind;
        format = NumberFormat.Int32;
        if (kind is FieldKind.Array or FieldKind.Map)
        {
            // A map's items are its values: scalars, or objects with their own fields.
            var what = kind == FieldKind.Array ? "Array" : "Map";
            var allowed = kind == FieldKind.Array ? "number, string or boolean; use objarray for objects" : "number, string, boolean or object";
            var parsedItems = itemsNode is null ? null : ParseKind(itemsNode.Value);
            if (itemsNode is null)
            {
                ctx.Report(DiagnosticCatalog.MissingKey, typeNode, $"{what} field '{wireName}' needs 'items' ({allowed})");
                return false;
            }

            if (!(parsedItems is FieldKind.Number or FieldKind.String or FieldKind.Boolean || (kind == FieldKind.Map && parsedItems == FieldKind.Object)))
            {
                ctx.Report(DiagnosticCatalog.UnknownType, itemsNode, $"Unknown item type '{itemsNode.Value}' for {what.ToLowerInvariant()} field '{wireName}' (expected {allowed})");
                return false;
            }

            itemKind = parsedItems!.Value;
        }
        else if (itemsNode is not null)
        {
            ctx.Report(DiagnosticCatalog.BadNesting, itemsNode, $"'items' is only allowed on array and map fields; '{wireName}' is {typeNode.Value}");
        }

        if (formatNode is not null)
        {
            if (itemKind != FieldKind.Number)
            {
                ctx.Report(DiagnosticCatalog.BadNesting, formatNode, $"'format' is only allowed on number fields; '{wireName}' is {typeNode.Value}");
            }
            else
            {
                switch (formatNode.Value)
                {
                    case "int32": format = NumberFormat.Int32; break;
                    case "int64": format = NumberFormat.Int64; break;
                    case "uint32": format = NumberFormat.UInt32; break;
                    case "uint64": format = NumberFormat.UInt64; break;
                    case "double": format = NumberFormat.Double; break;
                    default:
                        ctx.Report(DiagnosticCatalog.UnknownType, formatNode, $"Unknown number format '{formatNode.Value}' (expected int32, int64, uint32, uint64 or double)");
                        break;
                }
            }
        }

        return true;
    }

    /// <summary>The nested table of an <c>object</c> or <c>objarray</c> field (<c>fields</c>, <c>type_name</c>), which
    /// only those kinds may have.</summary>
    private static bool TryParseNested(FieldKind kind, YScalar typeNode, YScalar? typeNameNode, YNode? fieldsNode, string wireName, string propertyName, string? description, TypeScope scope, SpecContext ctx, int depth, out ObjectSpec? nested, out SpecLocation? nestedTable)
    {
        nested = null;
        nestedTable = null;
        if (kind == FieldKind.Union)
        {
            // The union's abstract class; its cases are parsed from 'cases'.
            if (typeNameNode is not null && !Naming.IsValidIdentifier(typeNameNode.Value))
            {
                ctx.Report(DiagnosticCatalog.InvalidIdentifier, typeNameNode, $"'{typeNameNode.Value}' is not a valid C# identifier");
                return false;
            }

            nested = new ObjectSpec(typeNameNode?.Value ?? SpecNames.UnionType(propertyName), description, EquatableArray<FieldSpec>.Empty);
            return true;
        }

        if (kind is FieldKind.Object or FieldKind.ObjectArray or FieldKind.Map)
        {
            if (typeNameNode is not null && !Naming.IsValidIdentifier(typeNameNode.Value))
            {
                ctx.Report(DiagnosticCatalog.InvalidIdentifier, typeNameNode, $"'{typeNameNode.Value}' is not a valid C# identifier");
                return false;
            }

            var typeName = typeNameNode?.Value ?? (kind == FieldKind.Map ? SpecNames.MapValueType(propertyName) : SpecNames.NestedType(propertyName, kind == FieldKind.ObjectArray));
            if (fieldsNode is not YSeq fieldsSeq)
            {
                ctx.Report(
                    fieldsNode is null ? DiagnosticCatalog.MissingKey : DiagnosticCatalog.WrongValueKind,
                    fieldsNode ?? typeNode,
                    $"{typeNode.Value} field '{wireName}' needs 'fields', a sequence of its fields");
                return false;
            }

            if (depth >= 32)
            {
                ctx.Report(DiagnosticCatalog.LimitExceeded, fieldsSeq, "Objects nest deeper than 32 levels");
                return false;
            }

            var children = ParseFields(fieldsSeq, typeName, scope, ctx, depth + 1);
            nested = new ObjectSpec(typeName, description, children.ToEquatableArray());
            nestedTable = ctx.Location(fieldsSeq);
        }
        else
        {
            if (fieldsNode is not null)
            {
                ctx.Report(DiagnosticCatalog.BadNesting, fieldsNode, $"'fields' is only allowed on object and objarray fields; '{wireName}' is {typeNode.Value}");
            }

            if (typeNameNode is not null && kind != FieldKind.Union)
            {
                ctx.Report(DiagnosticCatalog.BadNesting, typeNameNode, $"'type_name' is only allowed on object, objarray, map and union fields; '{wireName}' is {typeNode.Value}");
            }
        }

        return true;
    }

    /// <summary>
    /// The <c>cases</c> of a union field: each a mapping with the discriminator's <c>value</c>, the case class
    /// <c>name</c> and the <c>fields</c> that travel beside the discriminator for it.
    /// </summary>
    private static bool TryParseCases(YNode? casesNode, YScalar typeNode, string wireName, TypeScope scope, SpecContext ctx, int depth, out EquatableArray<UnionCaseSpec> cases)
    {
        cases = EquatableArray<UnionCaseSpec>.Empty;
        if (casesNode is not YSeq seq || seq.Items.Count == 0)
        {
            ctx.Report(casesNode is null ? DiagnosticCatalog.MissingKey : DiagnosticCatalog.WrongValueKind, casesNode ?? typeNode, $"Union field '{wireName}' needs 'cases', a non-empty sequence of value, name and fields");
            return false;
        }

        var list = new List<UnionCaseSpec>();
        var values = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in seq.Items)
        {
            if (item is not YMap map)
            {
                ctx.Report(DiagnosticCatalog.WrongValueKind, item, "A union case must be a mapping with value, name and fields");
                continue;
            }

            var caseReader = new MapReader(map, ctx);
            var valueNode = caseReader.Scalar("value", true, "A union case");
            var name = Identifier(caseReader, "name", true, "A union case", ctx);
            var description = caseReader.String("description", false, "A union case");
            var fieldsNode = caseReader.Sequence("fields", false, "A union case");
            caseReader.ReportUnknownKeys("a union case", "value, name, description, fields");
            if (valueNode is null || name is null)
            {
                continue;
            }

            if (string.IsNullOrWhiteSpace(valueNode.Value))
            {
                ctx.Report(DiagnosticCatalog.InvalidValue, valueNode, $"A case of union '{wireName}' needs a value, the discriminator's wire text");
                continue;
            }

            if (!values.Add(valueNode.Value))
            {
                ctx.Report(DiagnosticCatalog.DuplicateKey, valueNode, $"Union value '{valueNode.Value}' is listed twice in '{wireName}'");
                continue;
            }

            var fields = fieldsNode is null ? new List<FieldSpec>() : ParseFields(fieldsNode, name, scope, ctx, depth + 1);
            list.Add(new UnionCaseSpec(valueNode.Value, new ObjectSpec(name, description, fields.ToEquatableArray())));
        }

        cases = list.ToEquatableArray();
        return list.Count > 0;
    }

    private static FieldKind? ParseKind(string text) => text switch
    {
        "number" => FieldKind.Number,
        "string" => FieldKind.String,
        "boolean" => FieldKind.Boolean,
        "object" => FieldKind.Object,
        "objarray" => FieldKind.ObjectArray,
        "array" => FieldKind.Array,
        "file" => FieldKind.File,
        "map" => FieldKind.Map,
        "json" => FieldKind.Json,
        "union" => FieldKind.Union,
        _ => null,
    };

    private static void ParseEnums(YSeq seq, List<EnumSpec> enums, SpecContext ctx)
    {
        foreach (var item in seq.Items)
        {
            if (item is not YMap map)
            {
                ctx.Report(DiagnosticCatalog.WrongValueKind, item, "An enum must be a mapping with name, type and values");
                continue;
            }

            var reader = new MapReader(map, ctx);
            var name = Identifier(reader, "name", true, "An enum", ctx);
            var typeNode = reader.Scalar("type", true, "An enum");
            var description = reader.String("description", false, "An enum");
            var values = reader.Sequence("values", true, "An enum");
            reader.ReportUnknownKeys("an enum", EnumKeys);
            if (name is null || typeNode is null || values is null)
            {
                continue;
            }

            if (typeNode.Value is not ("string" or "number"))
            {
                ctx.Report(DiagnosticCatalog.BadEnum, typeNode, $"Enum type must be string or number, not '{typeNode.Value}'");
                continue;
            }

            if (enums.Any(e => e.Name == name))
            {
                ctx.Report(DiagnosticCatalog.DuplicateName, reader.Node("name")!, $"Enum '{name}' is defined twice");
                continue;
            }

            var parsed = ParseEnumValues(values, name, typeNode.Value == "number", ctx);
            if (parsed is not null)
            {
                enums.Add(new EnumSpec(name, typeNode.Value == "number", description, parsed.Value));
                ctx.Map.Enums[name] = ctx.Location(map);
            }
        }
    }

    /// <summary>
    /// The values of an enum (spec-level or inline): a scalar or a mapping each, with the checks on wire values and member
    /// names that must see all values at once (duplicates, clashes). One loop; each check is a few lines.
    /// </summary>
    public static EquatableArray<EnumValueSpec>? ParseEnumValues(YSeq values, string enumName, bool isNumber, SpecContext ctx)
    {
        var result = new List<EnumValueSpec>();
        var wires = new HashSet<string>(StringComparer.Ordinal);
        var members = new HashSet<string>(StringComparer.Ordinal);
        var ok = true;
        foreach (var item in values.Items)
        {
            YScalar? valueNode;
            YScalar? nameNode = null;
            string? description = null;
            if (item is YMap map)
            {
                var reader = new MapReader(map, ctx);
                valueNode = reader.Scalar("value", true, "An enum value");
                nameNode = reader.Scalar("name", false, "An enum value");
                description = reader.String("description", false, "An enum value");
                reader.ReportUnknownKeys("an enum value", EnumValueKeys);
            }
            else
            {
                valueNode = item as YScalar;
                if (valueNode is null)
                {
                    ctx.Report(DiagnosticCatalog.BadEnum, item, "An enum value must be a scalar or a mapping with value, name and description");
                }
            }

            if (valueNode is null)
            {
                ok = false;
                continue;
            }

            var wire = valueNode.Value;
            if (isNumber && !MapReader.TryInt(valueNode, out _))
            {
                ctx.Report(DiagnosticCatalog.BadEnum, valueNode, $"Value '{wire}' of number enum '{enumName}' is not an integer");
                ok = false;
                continue;
            }

            if (wire.Length == 0)
            {
                ctx.Report(DiagnosticCatalog.BadEnum, valueNode, $"Enum '{enumName}' has an empty value");
                ok = false;
                continue;
            }

            if (!wires.Add(wire))
            {
                ctx.Report(DiagnosticCatalog.BadEnum, valueNode, $"Value '{wire}' appears twice in enum '{enumName}'");
                ok = false;
                continue;
            }

            string member;
            if (nameNode is not null)
            {
                member = nameNode.Value;
            }
            else if (isNumber)
            {
                ctx.Report(DiagnosticCatalog.BadEnum, valueNode, $"Value {wire} of number enum '{enumName}' needs a name");
                ok = false;
                continue;
            }
            else
            {
                member = SpecNames.EnumMember(wire);
            }

            if (!(nameNode is null ? Naming.IsValidUnicodeIdentifier(member) : Naming.IsValidIdentifier(member)) || member is "Value" or "IsKnown")
            {
                ctx.Report(DiagnosticCatalog.InvalidIdentifier, (YNode?)nameNode ?? valueNode, $"Enum member name '{member}' is not a valid C# identifier here; add a name");
                ok = false;
                continue;
            }

            if (!members.Add(member) || member == enumName)
            {
                ctx.Report(DiagnosticCatalog.DuplicateName, (YNode?)nameNode ?? valueNode, $"Enum member '{member}' clashes with another member or the enum's own name in '{enumName}'");
                ok = false;
                continue;
            }

            result.Add(new EnumValueSpec(wire, member, description));
        }

        return ok ? result.ToEquatableArray() : null;
    }

    private static EquatableArray<ErrorSpec> ParseErrors(YSeq? seq, SpecContext ctx)
    {
        var errors = new List<ErrorSpec>();
        if (seq is null)
        {
            return EquatableArray<ErrorSpec>.Empty;
        }

        var codes = new HashSet<int>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in seq.Items)
        {
            if (item is not YMap map)
            {
                ctx.Report(DiagnosticCatalog.WrongValueKind, item, "An error must be a mapping with code and errmsg");
                continue;
            }

            var reader = new MapReader(map, ctx);
            var codeNode = reader.Scalar("code", true, "An error");
            var errmsg = reader.String("errmsg", false, "An error");
            var nameNode = reader.Scalar("name", false, "An error");
            var description = reader.String("description", false, "An error");
            var solution = reader.String("solution", false, "An error");
            var note = reader.String("note", false, "An error");
            reader.ReportUnknownKeys("an error", ErrorKeys);
            if (codeNode is null)
            {
                continue;
            }

            if (!MapReader.TryInt(codeNode, out var code))
            {
                ctx.Report(DiagnosticCatalog.BadErrorCode, codeNode, $"Error code '{codeNode.Value}' is not an integer");
                continue;
            }

            if (!codes.Add(code))
            {
                ctx.Report(DiagnosticCatalog.BadErrorCode, codeNode, $"Error code {code} is listed twice");
                continue;
            }

            // An errmsg in Chinese only gives no name: the member falls back to the code.
            var member = nameNode?.Value ?? SpecNames.ErrorMember(code, errmsg);
            if (!Naming.IsValidIdentifier(member))
            {
                ctx.Report(DiagnosticCatalog.InvalidIdentifier, (YNode?)nameNode ?? codeNode, $"Error {code} gives the member name '{member}', which is not a valid C# identifier; add a name");
                continue;
            }

            if (!names.Add(member))
            {
                ctx.Report(DiagnosticCatalog.DuplicateName, (YNode?)nameNode ?? codeNode, $"Two errors map to the member name '{member}'; add a name to one of them");
                continue;
            }

            errors.Add(new ErrorSpec(code, errmsg, member, description, solution, note));
        }

        return errors.ToEquatableArray();
    }

    private static ScopeSpec? ParseScope(MapReader reader, SpecContext ctx)
    {
        AccountAccess? Access(string key)
        {
            var node = reader.Scalar(key, true, "scope");
            if (node is null)
            {
                return null;
            }

            switch (node.Value)
            {
                case "allowed": return AccountAccess.Allowed;
                case "certified_only": return AccountAccess.CertifiedOnly;
                case "not_allowed": return AccountAccess.NotAllowed;
                default:
                    ctx.Report(DiagnosticCatalog.InvalidValue, node, $"Unknown scope '{node.Value}' for {key} (expected allowed, certified_only or not_allowed)");
                    return null;
            }
        }

        var official = Access("official_account");
        var service = Access("service_account");
        reader.ReportUnknownKeys("scope", ScopeKeys);
        return official is null || service is null ? null : new ScopeSpec(official.Value, service.Value);
    }

    private static ExamplesSpec ParseExamples(MapReader reader, SpecContext ctx)
    {
        var request = reader.String("request", false, "examples");
        var response = reader.String("response", false, "examples");
        var normalized = ParseStringList(reader, "normalized", ctx);
        reader.ReportUnknownKeys("examples", ExampleKeys);
        return new ExamplesSpec(request, response, normalized);
    }

    private static EquatableArray<string> ParseStringList(MapReader reader, string key, SpecContext ctx)
    {
        var seq = reader.Sequence(key, false, "The spec");
        if (seq is null)
        {
            return EquatableArray<string>.Empty;
        }

        var list = new List<string>();
        foreach (var item in seq.Items)
        {
            if (item is YScalar s)
            {
                list.Add(s.Value);
            }
            else
            {
                ctx.Report(DiagnosticCatalog.WrongValueKind, item, $"Entries of '{key}' must be text, not {item.KindName}");
            }
        }

        return list.ToEquatableArray();
    }

    private static string? Identifier(MapReader reader, string key, bool required, string what, SpecContext ctx)
    {
        var node = reader.Scalar(key, required, what);
        if (node is null)
        {
            return null;
        }

        if (!Naming.IsValidIdentifier(node.Value))
        {
            ctx.Report(DiagnosticCatalog.InvalidIdentifier, node, $"'{key}' must be a valid C# identifier; '{node.Value}' is not");
            return null;
        }

        return node.Value;
    }

    /// <summary>Resolves a field's <c>enum</c>: a reference to a spec-level enum, or an inline list of values.</summary>
    private sealed class TypeScope
    {
        private readonly List<EnumSpec> _enums;
        private readonly string _specName;

        public TypeScope(List<EnumSpec> enums, string specName)
        {
            _enums = enums;
            _specName = specName;
        }

        /// <summary>The shared types parsed so far, in the order written.</summary>
        public List<ObjectSpec> Types { get; } = new();

        public ObjectSpec? FindType(string name) => Types.FirstOrDefault(t => t.TypeName == name);

        public string? ResolveEnum(YNode node, (string Owner, string Property) inlineName, bool isNumber, SpecContext ctx)
        {
            if (node is YScalar reference)
            {
                var found = _enums.FirstOrDefault(e => e.Name == reference.Value);
                if (found is null)
                {
                    ctx.Report(DiagnosticCatalog.BadEnum, node, $"Enum '{reference.Value}' is not defined under 'enums'");
                    return null;
                }

                if (found.IsNumber != isNumber)
                {
                    ctx.Report(DiagnosticCatalog.BadEnum, node, $"Enum '{found.Name}' is a {(found.IsNumber ? "number" : "string")} enum, but the field is a {(isNumber ? "number" : "string")}");
                    return null;
                }

                return found.Name;
            }

            if (node is YSeq seq)
            {
                var name = SpecNames.InlineEnum(_specName, inlineName.Owner, inlineName.Property);
                if (_enums.Any(e => e.Name == name))
                {
                    ctx.Report(DiagnosticCatalog.DuplicateName, node, $"Inline enum '{name}' clashes with an enum of the same name");
                    return null;
                }

                var values = ParseEnumValues(seq, name, isNumber, ctx);
                if (values is null)
                {
                    return null;
                }

                _enums.Add(new EnumSpec(name, isNumber, null, values.Value));
                ctx.Map.Enums[name] = ctx.Location(node);
                return name;
            }

            ctx.Report(DiagnosticCatalog.BadEnum, node, "'enum' must name an enum defined under 'enums' or list the values inline");
            return null;
        }
    }
}
