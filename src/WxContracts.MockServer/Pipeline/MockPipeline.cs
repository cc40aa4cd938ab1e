using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using WxContracts.Specs.Model;
using WxContracts.Specs.Parsing;
using WxContracts.MockServer.Specs;
using WxContracts.MockServer.State;

namespace WxContracts.MockServer.Pipeline;

/// <summary>
/// Handles one API request: route by path (and, where specs share a path, by their selector query value), faults, HTTP method (43001/43002), credential (41001/40001/42001),
/// daily quota (45009), table validation, then the endpoint's behaviour or its spec's response example.
/// Every request is journaled once, before its answer is written.
/// </summary>
internal sealed class MockPipeline
{
    private const int MaxBodyBytes = 1024 * 1024;

    /// <summary>Uploads may be larger (WeChat: up to 10 MB for images and videos).</summary>
    private const int MaxUploadBytes = 16 * 1024 * 1024;
    private const string Html = "<!DOCTYPE html><html><head><title>Error</title></head><body><h1>Service unavailable</h1><p>Please try again later.</p></body></html>";

    private readonly WxMockOptions _options;
    private readonly SpecCatalog _catalog;
    private readonly ErrorReplies _errors;
    private readonly RequestValidator _validator;
    private readonly TokenStore _tokens;
    private readonly QuotaCounter _quota;
    private readonly IReadOnlyDictionary<string, IMockBehaviour> _behaviours;
    private readonly WxMockFaults _faults;
    private readonly WxMockJournal _journal;
    private readonly WxMockStats _stats;
    private readonly Dictionary<EndpointSpec, (string Body, int? ErrCode)> _examples = new(ReferenceEqualityComparer.Instance);

    public MockPipeline(WxMockOptions options, SpecCatalog catalog, ErrorReplies errors, TokenStore tokens, QuotaCounter quota, IEnumerable<IMockBehaviour> behaviours, WxMockFaults faults, WxMockJournal journal, WxMockStats stats)
    {
        _options = options;
        _catalog = catalog;
        _errors = errors;
        _validator = new RequestValidator(catalog, errors);
        _tokens = tokens;
        _quota = quota;
        _behaviours = behaviours.ToDictionary(b => b.Path, StringComparer.Ordinal);
        _faults = faults;
        _journal = journal;
        _stats = stats;
        foreach (var spec in catalog.Endpoints)
        {
            _examples[spec] = SuccessOf(spec);
        }
    }

    /// <summary>The success answer of an endpoint: its response example, or <c>{"errcode":0,"errmsg":"ok"}</c>.</summary>
    public static (string Body, int? ErrCode) SuccessOf(EndpointSpec spec)
    {
        var example = spec.Examples.Response?.Trim();
        return string.IsNullOrEmpty(example) ? (ErrorReplies.Envelope(0, "ok"), 0) : (example!, 0);
    }

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        var entry = new Entry(_journal.NextSequence(), _options.TimeProvider.GetUtcNow(), request.Method, path, Redaction.Query(request.QueryString.Value ?? string.Empty));
        _stats.CountCall(path);

        var spec = _catalog.Find(path, name => request.Query.TryGetValue(name, out var v) ? v.FirstOrDefault() : null, out var unchosen);
        if (spec is null)
        {
            // A path several specs share, without the query value that picks one, is WeChat's invalid-args error.
            var reply = unchosen is not null
                ? _errors.Error(40035, null, unchosen)
                : new MockReply(404, "text/plain; charset=utf-8", $"No spec served by this mock has the path {path}. GET /__mock/endpoints lists the paths.", null, "unknown path");
            Record(entry, reply);
            await WriteAsync(context, reply).ConfigureAwait(false);
            return;
        }

        entry.Endpoint = spec.Name;
        var (delay, fault) = _faults.Decide(path);
        if (delay > TimeSpan.Zero)
        {
            entry.Fault = "latency";
            _stats.CountFault();
        }

        // The body is read before the latency, so that the journal says what arrived even when the client gives up
        // while the server is "slow" (the soak checks from the journal that no reply arrived twice).
        string? body = null;
        MockForm? form = null;
        string? formProblem = null;
        if (fault?.Kind != WxMockFaultKind.ResetBeforeBody)
        {
            var bytes = await ReadBodyAsync(request, spec.Call.Multipart ? MaxUploadBytes : MaxBodyBytes).ConfigureAwait(false);
            if (spec.Call.BinaryBody && HttpMethods.IsPost(request.Method))
            {
                var file = spec.Request?.Fields.FirstOrDefault(f => f.Kind == FieldKind.File)?.WireName ?? "body";
                (form, formProblem) = MockForm.FromRawBody(file, request.ContentType, bytes);
                entry.Body = bytes is null ? null : $"<{bytes.Length} bytes of {request.ContentType ?? "no content type"}>";
            }
            else if (spec.Call.Multipart && HttpMethods.IsPost(request.Method))
            {
                (form, formProblem) = await MockForm.ReadAsync(request.ContentType, bytes).ConfigureAwait(false);
                entry.Body = form?.Describe() ?? (bytes is null ? null : $"<{bytes.Length} bytes of {request.ContentType ?? "no content type"}>");
            }
            else
            {
                body = bytes is null ? null : Encoding.UTF8.GetString(bytes);
                entry.Body = Redaction.Body(body);
            }
        }

        if (delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(delay, context.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Record(entry, null); // the client gave up during the delay
                return;
            }
        }

        if (fault is not null)
        {
            entry.Fault = entry.Fault is null ? fault.KindName : entry.Fault + "+" + fault.KindName;
            _stats.CountFault();
        }

        if (fault?.Kind == WxMockFaultKind.ResetBeforeBody)
        {
            Record(entry, null);
            context.Abort();
            return;
        }

        if (fault?.Kind == WxMockFaultKind.ResetAfterBody)
        {
            Record(entry, null);
            context.Abort();
            return;
        }

        if (fault?.Kind == WxMockFaultKind.RevokeTokens)
        {
            _tokens.RevokeAll();
        }

        var answer = fault?.Kind switch
        {
            WxMockFaultKind.SystemError => _errors.Error(-1, spec),
            WxMockFaultKind.HttpError => new MockReply(fault.StatusCode, "text/html; charset=utf-8", Html, null),
            WxMockFaultKind.HtmlBody => new MockReply(200, "text/html; charset=utf-8", Html, null),
            _ => Process(spec, request, body, form, formProblem),
        };

        Record(entry, answer);
        switch (fault?.Kind)
        {
            case WxMockFaultKind.TruncatedBody:
                await WriteTruncatedAsync(context, answer).ConfigureAwait(false);
                break;
            case WxMockFaultKind.CutJson:
                var bytes = Encoding.UTF8.GetBytes(answer.Body);
                await WriteAsync(context, answer with { Body = Encoding.UTF8.GetString(bytes, 0, bytes.Length / 2) }).ConfigureAwait(false);
                break;
            default:
                await WriteAsync(context, answer).ConfigureAwait(false);
                break;
        }
    }

    private MockReply Process(EndpointSpec spec, HttpRequest request, string? body, MockForm? form, string? formProblem)
    {
        if (!string.Equals(request.Method, spec.Call.HttpMethod, StringComparison.OrdinalIgnoreCase))
        {
            return spec.Call.HttpMethod == "POST"
                ? _errors.Error(43002, spec, $"{request.Method} is not allowed here")
                : _errors.Error(43001, spec, $"{request.Method} is not allowed here");
        }

        if (spec.Call.Credential != Credential.None)
        {
            var name = spec.Call.Credential == Credential.AuthorizerAccessToken ? "authorizer_access_token" : "access_token";
            var token = request.Query[name].FirstOrDefault();
            if (string.IsNullOrEmpty(token))
            {
                return _errors.Error(41001, spec, name + " is missing from the query");
            }

            switch (_tokens.Check(token))
            {
                case TokenState.Invalid:
                    return _errors.Error(40001, spec);
                case TokenState.Expired:
                    return _errors.Error(42001, spec);
            }
        }

        var limit = _options.DailyQuotaByPath.TryGetValue(spec.Call.Path, out var own) ? own : _options.DailyQuota;
        if (!_quota.TryConsume(spec.Call.Path, limit))
        {
            return _errors.Error(45009, spec, $"{limit} calls a day");
        }

        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in request.Query)
        {
            query[pair.Key] = pair.Value.FirstOrDefault() ?? string.Empty;
        }

        MockRequest? valid;
        MockReply? refusal;
        string? notes;
        if (spec.Call.Multipart)
        {
            // WeChat answers an upload without a readable file with 41005 (media data missing).
            notes = null;
            (valid, refusal) = form is null
                ? (null, _errors.Error(41005, spec, formProblem ?? "no multipart body"))
                : _validator.ValidateMultipart(spec, query, form, out notes);
        }
        else
        {
            (valid, refusal) = _validator.Validate(spec, query, body, HttpMethods.IsPost(request.Method), out notes);
        }

        if (refusal is not null)
        {
            return refusal;
        }

        var reply = _behaviours.TryGetValue(spec.Call.Path, out var behaviour)
            ? behaviour.Handle(valid!)
            : MockReply.Json(_examples[spec].Body, _examples[spec].ErrCode);
        if (reply.ErrCode is null && reply.Status == 200)
        {
            reply = reply with { ErrCode = 0 };
        }

        return notes is null ? reply : reply with { Detail = reply.Detail is null ? notes : reply.Detail + "; " + notes };
    }

    private void Record(Entry entry, MockReply? reply)
    {
        var record = new WxMockJournalEntry(
            entry.Sequence, entry.Time, entry.Method, entry.Path, entry.Query, entry.Body, entry.Endpoint,
            reply?.Status ?? 0, reply?.ErrCode, entry.Fault, reply?.Detail);
        _journal.Add(record);
        if (reply?.ErrCode is { } code)
        {
            _stats.CountErrCode(code);
        }

        _options.OnRequest?.Invoke(record);
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                break; // the rest is not needed to refuse or journal the request
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.Length == 0 ? null : buffer.ToArray();
    }

    private static async Task WriteAsync(HttpContext context, MockReply reply)
    {
        var bytes = reply.Bytes ?? Encoding.UTF8.GetBytes(reply.Body);
        context.Response.StatusCode = reply.Status;
        context.Response.ContentType = reply.ContentType;
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes).ConfigureAwait(false);
    }

    private static async Task WriteTruncatedAsync(HttpContext context, MockReply reply)
    {
        var bytes = Encoding.UTF8.GetBytes(reply.Body);
        context.Response.StatusCode = reply.Status;
        context.Response.ContentType = reply.ContentType;
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes.AsMemory(0, bytes.Length / 2)).ConfigureAwait(false);
        await context.Response.Body.FlushAsync().ConfigureAwait(false);
        context.Abort();
    }

    /// <summary>What is known of a request while it is handled.</summary>
    private sealed class Entry
    {
        public Entry(long sequence, DateTimeOffset time, string method, string path, string query)
        {
            Sequence = sequence;
            Time = time;
            Method = method;
            Path = path;
            Query = query;
        }

        public long Sequence { get; }

        public DateTimeOffset Time { get; }

        public string Method { get; }

        public string Path { get; }

        public string Query { get; }

        public string? Body { get; set; }

        public string? Endpoint { get; set; }

        public string? Fault { get; set; }
    }
}
