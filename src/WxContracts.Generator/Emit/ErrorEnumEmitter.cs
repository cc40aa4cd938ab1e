using System.Collections.Generic;
using WxContracts.Generator.Model;

namespace WxContracts.Generator.Emit;

/// <summary>Emits an error-code enum: one per endpoint, and <c>WxGlobalError</c> from the global table.</summary>
internal static class ErrorEnumEmitter
{
    public static string EmitEndpoint(EndpointSpec spec, string ns)
    {
        var w = SourceWriter.File(ns);
        w.Doc("summary", $"Error codes documented for {spec.Interface} ({spec.Title}).");
        w.Doc("remarks", $"Raised as {Types.Runtime.Substring(8)}.WxApiException<{spec.ErrorTypeName}>; codes every endpoint can return are in WxGlobalError.");
        WriteEnum(w, spec.ErrorTypeName, spec.Errors);
        return w.ToString();
    }

    public static string EmitGlobal(GlobalErrorsSpec spec)
    {
        var w = SourceWriter.File("WxContracts");
        w.Doc("summary", "WeChat global return codes: any endpoint can return these.");
        w.Doc("remarks", "Transcribed from the official global return code table; see specs/global/errors.yaml.");
        WriteEnum(w, "WxGlobalError", spec.Errors);
        return w.ToString();
    }

    private static void WriteEnum(SourceWriter w, string name, IEnumerable<ErrorSpec> errors)
    {
        w.Open($"public enum {name}");
        var first = true;
        foreach (var e in errors)
        {
            if (!first)
            {
                w.Line();
            }

            first = false;
            w.Doc("summary", e.Description ?? e.ErrMsg ?? e.MemberName);
            var remarks = new List<string>();
            if (e.ErrMsg is not null)
            {
                remarks.Add("errmsg: <c>" + Xml.Escape(e.ErrMsg) + "</c>.");
            }

            if (e.Solution is not null)
            {
                remarks.Add("Solution: " + Xml.Escape(e.Solution));
            }

            if (e.Note is not null)
            {
                remarks.Add("Note: " + Xml.Escape(e.Note));
            }

            if (remarks.Count > 0)
            {
                w.Line("/// <remarks>");
                foreach (var r in remarks)
                {
                    w.Line("/// " + r);
                }

                w.Line("/// </remarks>");
            }

            w.Line($"{e.MemberName} = {e.Code},");
        }

        w.Close();
    }
}
