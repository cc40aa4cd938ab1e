using System.Collections.Generic;
using System.Linq;
using WxContracts.Generator.Model;

namespace WxContracts.Generator.Emit;

/// <summary>What the client and endpoint emitters need of a spec (no DTO details, so DTO edits don't re-run them).</summary>
internal sealed record ClientEntry(
    string Name,
    string Interface,
    string Title,
    string? Summary,
    string Group,
    string Operation,
    bool HasRequest,
    CallSpec Call,
    ScopeSpec Scope,
    EquatableArray<ErrorSpec> Errors)
{
    public static ClientEntry From(EndpointSpec spec) => new(
        spec.Name, spec.Interface, spec.Title, spec.Summary, spec.Group, spec.Operation, spec.Request is not null,
        spec.Call, spec.Scope, spec.Errors);
}

/// <summary>Emits the endpoint descriptors (per spec) and the grouped client (for all specs).</summary>
internal static class ClientEmitter
{
    public static string EmitEndpoint(ClientEntry e, string ns)
    {
        var w = SourceWriter.File(ns);
        w.Doc("summary", "Run-time descriptors of the spec'd endpoints, used by the generated client.");
        w.Open($"public static partial class {Types.EndpointsName}");
        w.Doc("summary", $"{e.Interface}: {e.Call.HttpMethod} {e.Call.Path} ({e.Title}).");
        w.Line($"public static {Types.Runtime}.WxEndpointInfo<{Types.Qualify(ns, e.Name + "Error")}> {e.Name} {{ get; }} = new {Types.Runtime}.WxEndpointInfo<{Types.Qualify(ns, e.Name + "Error")}>(");
        w.Indent();
        w.Line($"name: {Literal.String(e.Name)},");
        w.Line($"interfaceName: {Literal.String(e.Interface)},");
        w.Line($"httpMethod: {Literal.String(e.Call.HttpMethod)},");
        w.Line($"baseAddress: {Literal.String(e.Call.BaseAddress)},");
        w.Line($"path: {Literal.String(e.Call.Path)},");
        w.Line($"credential: {Types.Runtime}.WxCredentialKind.{e.Call.Credential},");
        w.Line($"idempotent: {(e.Call.Idempotent ? "true" : "false")});");
        w.Outdent();
        w.Close();
        return w.ToString();
    }

    public static string EmitClient(IReadOnlyList<ClientEntry> entries, string ns)
    {
        var w = SourceWriter.File(ns);
        var groups = entries.GroupBy(e => e.Group).OrderBy(g => g.Key, System.StringComparer.Ordinal).ToList();
        w.Doc("summary", "Typed client for the WeChat APIs described by the specs, one property per API group.");
        w.Doc("remarks", "Every call goes through the IWxTransport given to the constructor, which adds the access token, sends the request and turns a non-zero errcode into WxApiException.");
        w.Open($"public sealed partial class {Types.ClientName}");
        w.Doc("summary", "Creates the client over a transport.");
        w.Open($"public {Types.ClientName}({Types.Runtime}.IWxTransport transport)");
        w.Line("Transport = transport ?? throw new global::System.ArgumentNullException(nameof(transport));");
        foreach (var g in groups)
        {
            w.Line($"{g.Key} = new {g.Key}Api(transport);");
        }

        w.Close();
        w.Line();
        w.Doc("summary", "The transport every call goes through.");
        w.Line($"public {Types.Runtime}.IWxTransport Transport {{ get; }}");
        foreach (var g in groups)
        {
            w.Line();
            w.Doc("summary", $"{g.Key} APIs: " + string.Join(", ", g.Select(x => x.Interface)) + ".");
            w.Line($"public {g.Key}Api {g.Key} {{ get; }}");
        }

        foreach (var g in groups)
        {
            w.Line();
            w.Doc("summary", $"{g.Key} APIs.");
            w.Open($"public sealed partial class {g.Key}Api");
            w.Line($"private readonly {Types.Runtime}.IWxTransport _transport;");
            w.Line();
            w.Line($"internal {g.Key}Api({Types.Runtime}.IWxTransport transport) => _transport = transport;");
            foreach (var e in g.OrderBy(x => x.Operation, System.StringComparer.Ordinal))
            {
                w.Line();
                WriteMethod(w, e, ns);
            }

            w.Close();
        }

        w.Close();
        return w.ToString();
    }

    private static void WriteMethod(SourceWriter w, ClientEntry e, string ns)
    {
        w.Doc("summary", e.Title + (e.Summary is null ? "." : ": " + e.Summary));
        w.Line("/// <remarks>");
        w.Line($"/// <para>WeChat interface <c>{Xml.Escape(e.Interface)}</c>: <c>{e.Call.HttpMethod} {Xml.Escape(e.Call.Url)}</c>.</para>");
        w.Line($"/// <para>Scope: Official Account: {Types.Access(e.Scope.OfficialAccount)}; Service Account: {Types.Access(e.Scope.ServiceAccount)}.</para>");
        var thirdParty = e.Call.PermissionSets.Count == 0 ? "not supported" : "permission sets " + string.Join(", ", e.Call.PermissionSets);
        w.Line($"/// <para>Third-party platform: {thirdParty}. Cloud call: {(e.Call.CloudCall is null ? "not supported" : "<c>" + Xml.Escape(e.Call.CloudCall) + "</c>")}.</para>");
        if (!e.Call.Idempotent)
        {
            w.Line("/// <para>Not idempotent: a retry may repeat the effect, so the client never retries it after the request was sent.</para>");
        }

        if (e.Errors.Count > 0)
        {
            w.Line("/// <para>Documented error codes:</para>");
            w.Line("/// <list type=\"table\">");
            foreach (var err in e.Errors)
            {
                var text = err.ErrMsg ?? err.Description ?? string.Empty;
                if (err.Solution is not null)
                {
                    text += " — " + err.Solution;
                }

                w.Line($"/// <item><term>{err.Code} <see cref=\"{ns}.{e.Name}Error.{err.MemberName}\"/></term><description>{Xml.Escape(text)}</description></item>");
            }

            w.Line("/// </list>");
        }

        w.Line("/// </remarks>");
        if (e.HasRequest)
        {
            w.Line("/// <param name=\"request\">The request.</param>");
        }

        w.Line("/// <param name=\"cancellationToken\">Cancels the call.</param>");
        w.Line($"/// <exception cref=\"WxContracts.WxApiException{{TError}}\">WeChat answered with a non-zero errcode; <c>Error</c> is a <see cref=\"{ns}.{e.Name}Error\"/> when the code is documented.</exception>");
        w.Line("/// <exception cref=\"WxContracts.WxRequestException\">No valid WeChat response came back (network, HTTP status, body).</exception>");
        WriteAttribute(w, e, ns);
        var response = Types.Qualify(ns, e.Name + "Response");
        var ctx = Types.Qualify(ns, Types.ContextName) + ".Default";
        var endpoint = Types.Qualify(ns, Types.EndpointsName) + "." + e.Name;
        if (e.HasRequest && e.Call.Multipart)
        {
            var request = Types.Qualify(ns, e.Name + "Request");
            w.Line($"public global::System.Threading.Tasks.Task<{response}> {e.Operation}Async({request} request, global::System.Threading.CancellationToken cancellationToken = default) =>");
            w.Indent();
            w.Line($"_transport.SendMultipartAsync({endpoint}, request, {ctx}.{e.Name}Response, cancellationToken);");
        }
        else if (e.HasRequest)
        {
            var request = Types.Qualify(ns, e.Name + "Request");
            w.Line($"public global::System.Threading.Tasks.Task<{response}> {e.Operation}Async({request} request, global::System.Threading.CancellationToken cancellationToken = default) =>");
            w.Indent();
            w.Line($"_transport.SendAsync({endpoint}, request, {ctx}.{e.Name}Request, {ctx}.{e.Name}Response, cancellationToken);");
        }
        else
        {
            w.Line($"public global::System.Threading.Tasks.Task<{response}> {e.Operation}Async(global::System.Threading.CancellationToken cancellationToken = default) =>");
            w.Indent();
            w.Line($"_transport.SendAsync({endpoint}, {ctx}.{e.Name}Response, cancellationToken);");
        }

        w.Outdent();
    }

    private static void WriteAttribute(SourceWriter w, ClientEntry e, string ns)
    {
        var args = new List<string>
        {
            Literal.String(e.Call.HttpMethod),
            Literal.String(e.Call.Path),
            "Interface = " + Literal.String(e.Interface),
            "BaseAddress = " + Literal.String(e.Call.BaseAddress),
            $"Credential = {Types.Runtime}.WxCredentialKind.{e.Call.Credential}",
            "Idempotent = " + (e.Call.Idempotent ? "true" : "false"),
            "ServerSideOnly = " + (e.Call.ServerSideOnly ? "true" : "false"),
            $"OfficialAccount = {Types.Runtime}.WxAccountAccess.{e.Scope.OfficialAccount}",
            $"ServiceAccount = {Types.Runtime}.WxAccountAccess.{e.Scope.ServiceAccount}",
        };
        if (e.Call.PermissionSets.Count > 0)
        {
            args.Add("PermissionSets = new int[] { " + string.Join(", ", e.Call.PermissionSets) + " }");
        }

        if (e.Call.CloudCall is not null)
        {
            args.Add("CloudCall = " + Literal.String(e.Call.CloudCall));
        }

        args.Add($"ErrorCodes = typeof({Types.Qualify(ns, e.Name + "Error")})");
        w.Line($"[{Types.Runtime}.WxEndpointAttribute(");
        w.Indent();
        for (var i = 0; i < args.Count; i++)
        {
            w.Line(args[i] + (i < args.Count - 1 ? "," : ")]"));
        }

        w.Outdent();
    }
}
