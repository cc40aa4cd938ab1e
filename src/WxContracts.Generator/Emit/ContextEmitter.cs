using System.Collections.Generic;
using System.Linq;
using WxContracts.Generator.Model;

namespace WxContracts.Generator.Emit;

/// <summary>One type the JSON context serves: its property name, its type and its converter.</summary>
internal sealed record ContextEntry(string PropertyName, string TypeName, string ConverterName, string Doc);

/// <summary>
/// Emits the JsonSerializerContext for all spec'd types. System.Text.Json's own generator cannot see
/// generated types, so this context is written out in full: a property per type, <c>GetTypeInfo</c> for the
/// context's own options, and an explicit <c>IJsonTypeInfoResolver</c> that builds metadata for any options,
/// so the context also works as a resolver inside caller-owned <c>JsonSerializerOptions</c>.
/// </summary>
internal static class ContextEmitter
{
    public static EquatableArray<ContextEntry> Entries(EndpointSpec spec, string ns)
    {
        var list = new List<ContextEntry>();
        foreach (var obj in Types.Objects(spec, ns))
        {
            list.Add(new ContextEntry(obj.ContextName, obj.FullName, obj.ConverterName, obj.FullName.Substring(8)));
        }

        foreach (var e in spec.Enums)
        {
            var full = Types.Qualify(ns, e.Name);
            list.Add(new ContextEntry(e.Name, full, e.Name + "Converter", full.Substring(8)));
        }

        return list.ToEquatableArray();
    }

    public static string Emit(IReadOnlyList<ContextEntry> entries, string ns)
    {
        const string Stj = "global::System.Text.Json";
        const string Meta = "global::System.Text.Json.Serialization.Metadata";
        var c = Types.ContextName;
        var w = SourceWriter.File(ns);
        w.Doc("summary", "System.Text.Json metadata for every type generated from the WeChat API specs, built from generated converters (no reflection; trim- and AOT-safe).");
        w.Line("/// <remarks>");
        w.Line($"/// Use <see cref=\"Default\"/> (<c>{c}.Default.ReplyCommentRequest</c>), or add the context to your own options:");
        w.Line($"/// <c>new JsonSerializerOptions {{ TypeInfoResolver = {c}.Default }}</c>. Wire names are fixed by the specs:");
        w.Line("/// naming policies do not apply. The default options write non-ASCII text unescaped, because some WeChat");
        w.Line("/// APIs reject \\uXXXX escapes (global code 40033).");
        w.Line("/// </remarks>");
        w.Open($"public sealed partial class {c} : {Stj}.Serialization.JsonSerializerContext, {Meta}.IJsonTypeInfoResolver");
        w.Line($"private static readonly {Stj}.JsonSerializerOptions s_defaultOptions = new {Stj}.JsonSerializerOptions");
        w.Line("{");
        w.Indent();
        w.Line("Encoder = global::System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,");
        w.Outdent();
        w.Line("};");
        w.Line();
        foreach (var e in entries)
        {
            w.Line($"private {Meta}.JsonTypeInfo<{e.TypeName}>? _{e.PropertyName};");
        }

        w.Line();
        w.Doc("summary", "The context with default options.");
        w.Line($"public static {c} Default {{ get; }} = new {c}(new {Stj}.JsonSerializerOptions(s_defaultOptions));");
        w.Line();
        w.Doc("summary", "Creates a context with its own default options.");
        w.Line($"public {c}()");
        w.Indent().Line(": base(null)").Outdent();
        w.Line("{");
        w.Line("}");
        w.Line();
        w.Doc("summary", "Creates a context bound to the given options; the options become read-only.");
        w.Line($"public {c}({Stj}.JsonSerializerOptions options)");
        w.Indent().Line(": base(options)").Outdent();
        w.Line("{");
        w.Line("}");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line($"protected override {Stj}.JsonSerializerOptions? GeneratedSerializerOptions => s_defaultOptions;");
        foreach (var e in entries)
        {
            w.Line();
            w.DocRaw($"<summary>Metadata for <see cref=\"{e.Doc}\"/>.</summary>");
            w.Line($"public {Meta}.JsonTypeInfo<{e.TypeName}> {e.PropertyName} => _{e.PropertyName} ??= ({Meta}.JsonTypeInfo<{e.TypeName}>)Options.GetTypeInfo(typeof({e.TypeName}));");
        }

        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line($"public override {Meta}.JsonTypeInfo? GetTypeInfo(global::System.Type type) => Create(type, Options);");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line($"{Meta}.JsonTypeInfo? {Meta}.IJsonTypeInfoResolver.GetTypeInfo(global::System.Type type, {Stj}.JsonSerializerOptions options) => Create(type, options);");
        w.Line();
        w.Open($"private static {Meta}.JsonTypeInfo? Create(global::System.Type type, {Stj}.JsonSerializerOptions options)");
        foreach (var e in entries)
        {
            w.Open($"if (type == typeof({e.TypeName}))");
            w.Line($"return {Meta}.JsonMetadataServices.CreateValueInfo<{e.TypeName}>(options, new {e.ConverterName}());");
            w.Close();
            w.Line();
        }

        w.Line("return null;");
        w.Close();
        w.Close();
        return w.ToString();
    }

    /// <summary>Makes property names unique across specs (two specs may nest types with the same path).</summary>
    public static List<ContextEntry> Merge(IEnumerable<EquatableArray<ContextEntry>> perSpec)
    {
        var used = new HashSet<string>(new[] { "Default", "Options", "GetTypeInfo" });
        var result = new List<ContextEntry>();
        foreach (var entry in perSpec.SelectMany(x => x))
        {
            if (used.Add(entry.PropertyName))
            {
                result.Add(entry);
            }
        }

        return result;
    }
}
