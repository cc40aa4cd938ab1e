using System;
using System.Collections.Concurrent;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
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

    // The globals and the output of a render, reused per thread (see RenderInto).
    [ThreadStatic]
    private static ScriptObject? t_globals;

    [ThreadStatic]
    private static RenderOutput? t_output;

    // A buffer grown past this (the JSON context of hundreds of specs) is not kept.
    private const int MaxKeptBuffer = 256 * 1024;

    /// <summary>Renders the template <paramref name="name"/> with <paramref name="model"/> as <c>model</c>: a whole
    /// file, header included.</summary>
    public static string Render(string name, object model)
    {
        var buffer = TakeBuffer();
        RenderInto(buffer, name, model);
        return Finish(buffer);
    }

    /// <summary>
    /// One file made of several templates: the header with <paramref name="ns"/>, then each part rendered with its
    /// model, a blank line between them. The parts' templates leave the header out.
    /// </summary>
    public static string RenderFile(string ns, params (string Template, object Model)[] parts)
    {
        var buffer = TakeBuffer();
        buffer.Append(TemplateFunctions.Header(ns));
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0)
            {
                buffer.Append('\n');
            }

            RenderInto(buffer, parts[i].Template, parts[i].Model);
        }

        return Finish(buffer);
    }

    /// <summary>The text written so far by the render running in <paramref name="context"/>: block helpers that write
    /// many lines append to it directly instead of returning a string to copy.</summary>
    public static StringBuilder Output(TemplateContext context) =>
        (context.Output as RenderOutput)?.Builder ?? throw new InvalidOperationException("Templates render into a RenderOutput.");

    private static StringBuilder TakeBuffer()
    {
        var buffer = t_buffer ??= new StringBuilder(16 * 1024);
        buffer.Clear();
        return buffer;
    }

    private static string Finish(StringBuilder buffer)
    {
        var text = buffer.ToString();
        if (buffer.Capacity > MaxKeptBuffer)
        {
            t_buffer = null;
        }

        return text;
    }

    private static void RenderInto(StringBuilder buffer, string name, object model)
    {
        var template = s_parsed.GetOrAdd(name, Load);
        var context = t_context ??= CreateContext();

        // The render's own globals (the model, and what the template assigns), emptied so nothing is left from the
        // render before; renders never nest.
        var globals = t_globals ??= new ScriptObject();
        globals.Clear();
        globals["model"] = model;
        var output = t_output ??= new RenderOutput();
        output.Builder = buffer;
        context.PushGlobal(globals);
        context.PushOutput(output);
        try
        {
            template.Render(context);
        }
        finally
        {
            context.PopOutput();
            context.PopGlobal();
        }
    }

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

    /// <summary>
    /// Where a render writes: the thread's buffer. Unlike Scriban's StringBuilderOutput it is not read back and
    /// cleared after each template, so the parts of one file follow each other in it and the text is copied out once.
    /// </summary>
    private sealed class RenderOutput : IScriptOutput
    {
        public StringBuilder Builder { get; set; } = new();

        public void Write(string text, int offset, int count) => Builder.Append(text, offset, count);

        public ValueTask WriteAsync(string text, int offset, int count, CancellationToken cancellationToken)
        {
            Write(text, offset, count);
            return default;
        }

        // Template.Render returns the output's text; the caller takes it from the buffer instead, once per file.
        public override string ToString() => string.Empty;
    }
}
