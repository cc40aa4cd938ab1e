using System;
using System.Collections.Concurrent;
using System.IO;
using System.Text;
using Scriban;
using Scriban.Runtime;

namespace WxContracts.Generator.Emit;

/// <summary>
/// The Scriban templates, one per generated artefact (embedded resources under <c>Templates/</c>). Each is parsed
/// once per process and rendered with a fresh context whose globals are the model and <see cref="TemplateFunctions"/>.
/// </summary>
internal static class Templates
{
    private static readonly ConcurrentDictionary<string, Template> s_parsed = new(StringComparer.Ordinal);
    private static readonly ScriptObject s_functions = CreateFunctions();

    // The names that span all specs, bound once in SpecNames.
    private static readonly ScriptObject s_names = new()
    {
        ["client_class"] = WxContracts.Specs.Binding.SpecNames.ClientClass,
        ["context_class"] = WxContracts.Specs.Binding.SpecNames.ContextClass,
        ["endpoints_class"] = WxContracts.Specs.Binding.SpecNames.EndpointsClass,
    };

    // A context per thread, reused: Scriban caches its member accessors (the reflection over the bound model's types)
    // in the context, so a fresh context per render would look every type up again.
    [ThreadStatic]
    private static TemplateContext? t_context;

    // The render buffer, reused per thread: after the first renders it holds one block as large as the largest file, so
    // a render appends into it instead of growing a fresh builder chunk by chunk.
    [ThreadStatic]
    private static StringBuilder? t_buffer;

    // A buffer grown past this (the JSON context of hundreds of specs) is not kept.
    private const int MaxKeptBuffer = 256 * 1024;

    /// <summary>Renders the template <paramref name="name"/> with <paramref name="model"/> as <c>model</c>.</summary>
    public static string Render(string name, object model)
    {
        var template = s_parsed.GetOrAdd(name, Load);
        var context = t_context ??= CreateContext();
        var buffer = t_buffer ??= new StringBuilder(16 * 1024);
        buffer.Clear();
        context.PushGlobal(new ScriptObject { ["model"] = model });
        context.PushOutput(new StringBuilderOutput(buffer));
        try
        {
            return template.Render(context);
        }
        finally
        {
            context.PopOutput();
            context.PopGlobal();
            if (buffer.Capacity > MaxKeptBuffer)
            {
                t_buffer = null;
            }
        }
    }

    /// <summary>The text written so far by the render running in <paramref name="context"/>: block helpers that write
    /// many lines append to it directly instead of returning a string to copy.</summary>
    public static StringBuilder Output(TemplateContext context) =>
        (context.Output as StringBuilderOutput)?.Builder ?? throw new InvalidOperationException("Templates render into a StringBuilderOutput.");

    private static TemplateContext CreateContext()
    {
        var context = new TemplateContext
        {
            StrictVariables = true,
            EnableRelaxedMemberAccess = false,
            LoopLimit = 0,
            RecursiveLimit = 64,

            // Scriban cuts a render's text at 1 MiB by default and ends it with "..."; the JSON context of a few
            // hundred specs is larger than that.
            LimitToString = 0,
            NewLine = "\n",
            AutoIndent = false,
        };
        context.PushGlobal(s_functions);
        context.PushGlobal(new ScriptObject { ["names"] = s_names });
        return context;
    }

    private static Template Load(string name)
    {
        var resource = "WxContracts.Generator.Templates." + name + ".scriban";
        using var stream = typeof(Templates).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException("Missing template " + resource);
        using var reader = new StreamReader(stream);
        var template = Template.Parse(reader.ReadToEnd(), resource);
        if (template.HasErrors)
        {
            throw new InvalidOperationException("Template " + name + ": " + string.Join("; ", template.Messages));
        }

        return template;
    }

    private static ScriptObject CreateFunctions()
    {
        var functions = new ScriptObject();
        functions.Import(typeof(TemplateFunctions));
        functions.Import(typeof(JsonBlocks));
        functions.Import(typeof(PushCode));
        return functions;
    }
}
