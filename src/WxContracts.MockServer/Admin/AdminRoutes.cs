using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using WxContracts.MockServer.Specs;
using WxContracts.MockServer.State;

namespace WxContracts.MockServer.Admin;

/// <summary>
/// The admin routes under <c>/__mock/</c>: journal, stats, faults, token revocation, served endpoints. They
/// answer loopback callers only, unless <see cref="WxMockOptions.AllowRemoteAdmin"/> is set.
/// </summary>
internal sealed class AdminRoutes
{
    public const string Prefix = "/__mock/";
    private static readonly JsonWriterOptions s_writer = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly WxMockOptions _options;
    private readonly SpecCatalog _catalog;
    private readonly WxMockJournal _journal;
    private readonly WxMockStats _stats;
    private readonly WxMockFaults _faults;
    private readonly TokenStore _tokens;

    public AdminRoutes(WxMockOptions options, SpecCatalog catalog, WxMockJournal journal, WxMockStats stats, WxMockFaults faults, TokenStore tokens)
    {
        _options = options;
        _catalog = catalog;
        _journal = journal;
        _stats = stats;
        _faults = faults;
        _tokens = tokens;
    }

    /// <summary>Whether a caller may use the admin routes: loopback always, others only when allowed.</summary>
    public static bool IsAllowed(IPAddress? remote, bool allowRemote) =>
        allowRemote || remote is not null && IPAddress.IsLoopback(remote);

    public async Task HandleAsync(HttpContext context)
    {
        if (!IsAllowed(context.Connection.RemoteIpAddress, _options.AllowRemoteAdmin))
        {
            await WriteAsync(context, 403, w => w.WriteString("error", "the admin routes answer loopback callers only")).ConfigureAwait(false);
            return;
        }

        var route = context.Request.Method + " " + context.Request.Path.Value!.Substring(Prefix.Length - 1);
        switch (route)
        {
            case "GET /requests":
                await WriteAsync(context, 200, w => WriteJournal(w, context.Request.Query)).ConfigureAwait(false);
                break;
            case "DELETE /requests":
                _journal.Clear();
                await WriteAsync(context, 200, w => w.WriteString("status", "cleared")).ConfigureAwait(false);
                break;
            case "GET /stats":
                await WriteAsync(context, 200, WriteStats).ConfigureAwait(false);
                break;
            case "GET /faults":
                await WriteAsync(context, 200, WriteFaults).ConfigureAwait(false);
                break;
            case "POST /faults":
                await AddFaultsAsync(context).ConfigureAwait(false);
                break;
            case "DELETE /faults":
                _faults.Clear();
                await WriteAsync(context, 200, WriteFaults).ConfigureAwait(false);
                break;
            case "POST /tokens/revoke":
                await RevokeAsync(context).ConfigureAwait(false);
                break;
            case "GET /endpoints":
                await WriteAsync(context, 200, WriteEndpoints).ConfigureAwait(false);
                break;
            default:
                await WriteAsync(context, 404, w => w.WriteString("error", "unknown admin route; see GET /__mock/endpoints, /__mock/requests, /__mock/stats, /__mock/faults, POST /__mock/faults, POST /__mock/tokens/revoke")).ConfigureAwait(false);
                break;
        }
    }

    private void WriteJournal(Utf8JsonWriter w, IQueryCollection query)
    {
        IEnumerable<WxMockJournalEntry> entries = _journal.Entries.OrderBy(e => e.Sequence);
        if (query["path"].FirstOrDefault() is { Length: > 0 } path)
        {
            entries = entries.Where(e => e.Path == path);
        }

        var list = entries.ToList();
        if (int.TryParse(query["last"].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var last) && last < list.Count)
        {
            list = list.Skip(list.Count - last).ToList();
        }

        w.WriteNumber("count", list.Count);
        w.WriteStartArray("requests");
        foreach (var e in list)
        {
            w.WriteStartObject();
            w.WriteNumber("seq", e.Sequence);
            w.WriteString("time", e.Time);
            w.WriteString("method", e.Method);
            w.WriteString("path", e.Path);
            w.WriteString("query", e.Query);
            WriteNullable(w, "body", e.Body);
            WriteNullable(w, "endpoint", e.Endpoint);
            w.WriteNumber("status", e.Status);
            if (e.ErrCode is { } code)
            {
                w.WriteNumber("errcode", code);
            }
            else
            {
                w.WriteNull("errcode");
            }

            WriteNullable(w, "fault", e.Fault);
            WriteNullable(w, "detail", e.Detail);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private void WriteStats(Utf8JsonWriter w)
    {
        w.WriteNumber("total_requests", _stats.TotalRequests);
        w.WriteNumber("token_issues", _stats.TokenIssues);
        w.WriteNumber("faults_applied", _stats.FaultsApplied);
        w.WriteStartObject("calls_by_path");
        foreach (var pair in _stats.CallsByPath)
        {
            w.WriteNumber(pair.Key, pair.Value);
        }

        w.WriteEndObject();
        w.WriteStartObject("responses_by_errcode");
        foreach (var pair in _stats.ResponsesByErrCode)
        {
            w.WriteNumber(pair.Key.ToString(CultureInfo.InvariantCulture), pair.Value);
        }

        w.WriteEndObject();
    }

    private void WriteFaults(Utf8JsonWriter w)
    {
        w.WriteStartArray("faults");
        foreach (var f in _faults.Current)
        {
            w.WriteStartObject();
            w.WriteString("kind", f.KindName);
            w.WriteString("path", f.Path);
            w.WriteNumber("rate", f.Rate);
            if (f.Times is { } times)
            {
                w.WriteNumber("times", times);
            }

            if (f.Kind == WxMockFaultKind.Latency)
            {
                w.WriteNumber("latency_ms", f.Latency.TotalMilliseconds);
            }

            if (f.Kind == WxMockFaultKind.HttpError)
            {
                w.WriteNumber("status", f.StatusCode);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private void WriteEndpoints(Utf8JsonWriter w)
    {
        w.WriteStartArray("endpoints");
        foreach (var spec in _catalog.Endpoints)
        {
            w.WriteStartObject();
            w.WriteString("name", spec.Name);
            w.WriteString("method", spec.Call.HttpMethod);
            w.WriteString("path", spec.Call.Path);
            w.WriteString("credential", spec.Call.Credential.ToString());
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private async Task AddFaultsAsync(HttpContext context)
    {
        var added = new List<WxMockFault>();
        string? error = null;
        try
        {
            using var doc = await JsonDocument.ParseAsync(context.Request.Body).ConfigureAwait(false);
            var items = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement.EnumerateArray().ToList() : new List<JsonElement> { doc.RootElement };
            foreach (var item in items)
            {
                added.Add(ParseFault(item));
            }
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or ArgumentException)
        {
            error = ex.Message;
        }

        if (error is not null)
        {
            await WriteAsync(context, 400, w => w.WriteString("error", error)).ConfigureAwait(false);
            return;
        }

        foreach (var fault in added)
        {
            _faults.Add(fault);
        }

        await WriteAsync(context, 200, WriteFaults).ConfigureAwait(false);
    }

    /// <summary>Reads <c>{"kind":"system_error","path":"/cgi-bin/…","rate":0.5,"times":3,"latency_ms":200,"status":502}</c>.</summary>
    private static WxMockFault ParseFault(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("a fault must be a JSON object");
        }

        var kindName = item.TryGetProperty("kind", out var k) ? k.GetString() : null;
        if (kindName is null || !WxMockFaultNames.TryParse(kindName, out var kind))
        {
            throw new FormatException($"'kind' must be one of: {string.Join(", ", Enum.GetValues<WxMockFaultKind>().Select(WxMockFaultNames.Of))}");
        }

        var fault = new WxMockFault
        {
            Kind = kind,
            Path = item.TryGetProperty("path", out var p) ? p.GetString() ?? "*" : "*",
            Rate = item.TryGetProperty("rate", out var r) ? r.GetDouble() : 1.0,
            Times = item.TryGetProperty("times", out var t) ? t.GetInt32() : null,
            Latency = item.TryGetProperty("latency_ms", out var l) ? TimeSpan.FromMilliseconds(l.GetDouble()) : TimeSpan.Zero,
            StatusCode = item.TryGetProperty("status", out var s) ? s.GetInt32() : 503,
        };
        if (fault.Rate is < 0 or > 1)
        {
            throw new FormatException("'rate' must be between 0 and 1");
        }

        if (fault.StatusCode is < 400 or > 599)
        {
            throw new FormatException("'status' must be between 400 and 599");
        }

        return fault;
    }

    private async Task RevokeAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync().ConfigureAwait(false);
        string? token = null;
        if (!string.IsNullOrWhiteSpace(text))
        {
            try
            {
                using var doc = JsonDocument.Parse(text);
                token = doc.RootElement.TryGetProperty("access_token", out var v) ? v.GetString() : null;
            }
            catch (JsonException)
            {
                await WriteAsync(context, 400, w => w.WriteString("error", "the body must be {\"access_token\":\"…\"} or empty")).ConfigureAwait(false);
                return;
            }
        }

        var revoked = token is null ? _tokens.RevokeAll() : _tokens.Revoke(token) ? 1 : 0;
        await WriteAsync(context, 200, w => w.WriteNumber("revoked", revoked)).ConfigureAwait(false);
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    private static async Task WriteAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, s_writer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        await context.Response.Body.WriteAsync(buffer.ToArray()).ConfigureAwait(false);
    }
}
