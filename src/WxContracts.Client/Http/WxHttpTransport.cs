using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace WxContracts;

/// <summary>
/// Sends generated calls over HTTP: adds the access token, serialises with the generated JSON metadata, decodes
/// errcode/errmsg, refreshes a rejected token once, and retries only what cannot be duplicated.
/// </summary>
/// <remarks>
/// Attempts, timeouts and backoff run in a Polly pipeline (<see cref="WxResilience"/>; add strategies of your own with
/// <see cref="WxTransportOptions.ConfigureResilience"/>). Retries: a failure before the request left (no connection) is retried for every endpoint; system busy (-1),
/// HTTP 5xx, timeouts and broken connections only for idempotent endpoints (the spec's flag); quota errors
/// (45009, 45011) and every other errcode are never retried. A rejected token (40001, 40014, 42001) is replaced
/// through <see cref="IWxAccessTokenProvider.RefreshRejectedTokenAsync"/> and the call is repeated once: WeChat
/// did not act on a call it refused. A retry after a backoff asks the token provider again, so it carries the token
/// in use now, not one another caller replaced meanwhile.
/// </remarks>
public sealed class WxHttpTransport : IWxTransport
{
    private static readonly MediaTypeHeaderValue s_json = new("application/json") { CharSet = "utf-8" };
    private static readonly byte[] s_emptyObject = Encoding.UTF8.GetBytes("{}");

    private readonly WxHttpPipeline _pipeline;
    private readonly ResiliencePipeline<WxResponse> _resilience;
    private readonly IWxAccessTokenProvider? _tokens;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string? _account;
    private readonly IReadOnlyList<KeyValuePair<string, object?>>? _scope;

    /// <summary>Creates the transport.</summary>
    /// <param name="http">The HttpClient to send with.</param>
    /// <param name="tokens">Supplies access tokens; may be null when only credential-free endpoints are called.</param>
    /// <param name="options">HTTP settings; null for the defaults.</param>
    /// <param name="timeProvider">The clock for timeouts and backoff; null for the system clock.</param>
    /// <param name="logger">Where to log; null for none.</param>
    /// <param name="account">The account's name (or AppID) when an application serves several: tagged on metrics and
    /// activities (<c>wx.account</c>) and put in a log scope.</param>
    public WxHttpTransport(HttpClient http, IWxAccessTokenProvider? tokens, WxTransportOptions? options = null, TimeProvider? timeProvider = null, ILogger<WxHttpTransport>? logger = null, string? account = null)
    {
        if (http is null)
        {
            throw new ArgumentNullException(nameof(http));
        }

        options ??= new WxTransportOptions();
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        _time = timeProvider ?? TimeProvider.System;
        _pipeline = new WxHttpPipeline(http, options, _time);
        _tokens = tokens;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _account = account;
        _scope = account is null ? null : new[] { new KeyValuePair<string, object?>("wx.account", account) };
        _resilience = WxResilience.BuildCallPipeline(options, _time, _logger, account);
    }

    /// <inheritdoc/>
    public Task<TResponse> SendAsync<TRequest, TResponse>(WxEndpointInfo endpoint, TRequest request, JsonTypeInfo<TRequest> requestTypeInfo, JsonTypeInfo<TResponse> responseTypeInfo, CancellationToken cancellationToken)
        where TResponse : WxResponse
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        var body = endpoint.HttpMethod == "GET" ? null : JsonSerializer.SerializeToUtf8Bytes(request, requestTypeInfo);
        return SendCoreAsync(endpoint, body, request as IWxQueryParameters, responseTypeInfo, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<TResponse> SendMultipartAsync<TRequest, TResponse>(WxEndpointInfo endpoint, TRequest request, JsonTypeInfo<TResponse> responseTypeInfo, CancellationToken cancellationToken)
        where TRequest : IWxMultipartRequest
        where TResponse : WxResponse
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        var parts = new WxMultipartBuilder();
        request.AppendParts(parts);
        return SendCoreAsync(endpoint, parts, request as IWxQueryParameters, responseTypeInfo, cancellationToken);
    }

    /// <summary>A fresh content per attempt (a retry sends the same bytes again), marked when it may be sent once only.</summary>
    private static HttpContent? Content(WxEndpointInfo endpoint, object? body) => body switch
    {
        byte[] json => Json(json, sendOnce: !endpoint.Idempotent),
        WxMultipartBuilder parts => Multipart(parts, sendOnce: !endpoint.Idempotent),
        _ => null,
    };

    internal static HttpContent Json(byte[] body, bool sendOnce)
    {
        var content = new WxJsonContent(body) { SendOnce = sendOnce };
        content.Headers.ContentType = s_json;
        return content;
    }

    private static HttpContent Multipart(WxMultipartBuilder parts, bool sendOnce)
    {
        if (parts.Body is { } raw)
        {
            // body: binary — the file's bytes are the whole body.
            var body = new WxJsonContent(raw.Content.ToArray()) { SendOnce = sendOnce };
            body.Headers.ContentType = MediaTypeHeaderValue.Parse(raw.ContentType);
            return body;
        }

        var content = new WxMultipartContent { SendOnce = sendOnce };
        foreach (var (name, text, file) in parts.Parts)
        {
            if (file is not null)
            {
                var part = new ReadOnlyMemoryContent(file.Content);
                part.Headers.ContentType = MediaTypeHeaderValue.Parse(file.ContentType);
                content.Add(part, name, file.FileName);
            }
            else
            {
                content.Add(new StringContent(text!, Encoding.UTF8), name);
            }
        }

        return content;
    }

    /// <inheritdoc/>
    public Task<TResponse> SendAsync<TResponse>(WxEndpointInfo endpoint, JsonTypeInfo<TResponse> responseTypeInfo, CancellationToken cancellationToken)
        where TResponse : WxResponse =>
        SendCoreAsync(endpoint, endpoint.HttpMethod == "GET" ? null : s_emptyObject, null, responseTypeInfo, cancellationToken);

    private Task<TResponse> SendCoreAsync<TResponse>(WxEndpointInfo endpoint, object? body, IWxQueryParameters? query, JsonTypeInfo<TResponse> responseTypeInfo, CancellationToken cancellationToken)
        where TResponse : WxResponse
    {
        // The activity's name is only built when someone listens.
        var activity = WxTelemetry.Source.HasListeners() ? WxTelemetry.Source.StartActivity("WeChat " + endpoint.InterfaceName, ActivityKind.Client) : null;
        activity?.SetTag("wx.interface", endpoint.InterfaceName);
        activity?.SetTag("http.request.method", endpoint.HttpMethod);
        activity?.SetTag("url.path", endpoint.Path);
        if (_account is not null)
        {
            activity?.SetTag("wx.account", _account);
        }

        var call = Call<TResponse>.Rent(this, endpoint, body, query, responseTypeInfo, cancellationToken);
        call.Activity = activity;
        call.Scope = _scope is null ? null : _logger.BeginScope(_scope);
        call.Started = _time.GetTimestamp();
        Log.CallStarting(_logger, endpoint.InterfaceName, endpoint.HttpMethod, endpoint.Path);
        call.Context = ResilienceContextPool.Shared.Get(cancellationToken);
        call.Context.Properties.Set(WxResilience.EndpointKey, endpoint);
        return RunAsync(call);
    }

    // Everything the call needs is in its (reused) state object: the state machine holds little but it.
    private async Task<TResponse> RunAsync<TResponse>(Call<TResponse> call)
        where TResponse : WxResponse
    {
        try
        {
            // The outcome form: failures travel as outcomes between the strategies instead of being rethrown at each.
            var outcome = await _resilience.ExecuteOutcomeAsync(static (ctx, state) => state.AttemptAsync(ctx.CancellationToken), call.Context!, call).ConfigureAwait(false);
            outcome.ThrowIfException();
            Log.CallSucceeded(_logger, call.Endpoint.InterfaceName, call.Attempts, _time.GetElapsedTime(call.Started).TotalMilliseconds);
            Finish(call.Activity, call.Started, call.Endpoint, "success", 0);
            return (TResponse)outcome.Result!;
        }
        catch (WxApiException ex)
        {
            Log.CallApiError(_logger, call.Endpoint.InterfaceName, ex.ErrorCode, ex.ErrorMessage, call.Attempts);
            Finish(call.Activity, call.Started, call.Endpoint, "api_error", ex.ErrorCode);
            throw;
        }
        catch (WxRequestException ex)
        {
            Log.CallRequestError(_logger, call.Endpoint.InterfaceName, ex.Failure, call.Attempts);
            Finish(call.Activity, call.Started, call.Endpoint, "request_error", null);
            throw;
        }
        finally
        {
            call.Activity?.Dispose();
            call.Scope?.Dispose();
            ResilienceContextPool.Shared.Return(call.Context!);
            call.Return();
        }
    }

    /// <summary>One call's state across its attempts (hedged attempts may run at once: the shared fields are atomic).</summary>
    private sealed class Call<TResponse>
        where TResponse : WxResponse
    {
        // One finished call's state is kept for the next (a single slot: sequential callers allocate nothing here,
        // concurrent ones allocate as usual). The pipeline has finished every attempt when a call is returned.
        private static Call<TResponse>? s_free;

        private WxHttpTransport _transport = null!;
        private WxEndpointInfo _endpoint = null!;
        private object? _body;
        private IWxQueryParameters? _query;
        private JsonTypeInfo<TResponse> _typeInfo = null!;
        private CancellationToken _callerToken;
        private int _attempts;

        public Activity? Activity;
        public IDisposable? Scope;
        public long Started;
        public ResilienceContext? Context;

        public WxEndpointInfo Endpoint => _endpoint;
        private int _tokenRefreshed;

        // The attempt timeout's source, reused by the next attempt or call when it did not fire (a single slot: hedged
        // attempts running at once take a new one).
        private CancellationTokenSource? _timeoutSource;

        public static Call<TResponse> Rent(WxHttpTransport transport, WxEndpointInfo endpoint, object? body, IWxQueryParameters? query, JsonTypeInfo<TResponse> typeInfo, CancellationToken callerToken)
        {
            var call = Interlocked.Exchange(ref s_free, null) ?? new Call<TResponse>();
            call._transport = transport;
            call._endpoint = endpoint;
            call._body = body;
            call._query = query;
            call._typeInfo = typeInfo;
            call._callerToken = callerToken;
            call._attempts = 0;
            call._tokenRefreshed = 0;
            return call;
        }

        public void Return()
        {
            _transport = null!;
            _endpoint = null!;
            _body = null;
            _query = null;
            _typeInfo = null!;
            _callerToken = default;
            Activity = null;
            Scope = null;
            Context = null;
            Volatile.Write(ref s_free, this);
        }

        public int Attempts => Volatile.Read(ref _attempts);

        /// <summary>
        /// The attempt's timeout: a cancellation source kept on the call and reset for the next attempt, not a Polly
        /// strategy (Polly's timeout strategy allocates its async state on every call, 256 bytes measured; this costs
        /// nothing once the source exists). Cancellation of the attempt's token (the caller, or a hedging strategy giving
        /// up on this attempt) is linked in.
        /// </summary>
        private CancellationTokenSource StartTimeout(WxHttpTransport t)
        {
            var source = Interlocked.Exchange(ref _timeoutSource, null) ?? new CancellationTokenSource(Timeout.InfiniteTimeSpan, t._time);
            source.CancelAfter(t._pipeline.Options.AttemptTimeout);
            return source;
        }

        private void EndTimeout(CancellationTokenSource source)
        {
            if (source.TryReset())
            {
                Volatile.Write(ref _timeoutSource, source);
            }
            else
            {
                source.Dispose(); // it fired: a cancelled source cannot be reused
            }
        }

        // Failures are returned as outcomes, which is what the pipeline's strategies look at. One per attempt: pooled.
        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        public async ValueTask<Outcome<WxResponse>> AttemptAsync(CancellationToken attemptToken)
        {
            try
            {
                Interlocked.Increment(ref _attempts);
                var t = _transport;

                // Asked at every attempt: a retry carries the token in use now, not one another caller replaced meanwhile.
                string? token = null;
                if (_endpoint.Credential != WxCredentialKind.None)
                {
                    token = t._tokens is null
                        ? throw new InvalidOperationException($"{_endpoint} needs an access token, but the transport has no IWxAccessTokenProvider.")
                        : await t._tokens.GetAccessTokenAsync(_callerToken).ConfigureAwait(false);
                }

                while (true)
                {
                    TResponse response;
                    using (var message = t.BuildMessage(_endpoint, token, _query, _body))
                    {
                        // Within the attempt timeout; the attempt's own token (caller, hedging) cancels it too.
                        WxHttpResult result;
                        var timeout = StartTimeout(t);
                        var link = attemptToken.CanBeCanceled ? attemptToken.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), timeout) : default;
                        try
                        {
                            result = await t._pipeline.SendOnceAsync(_endpoint, message, timeout.Token, _callerToken).ConfigureAwait(false);
                        }
                        finally
                        {
                            link.Dispose();
                            EndTimeout(timeout);
                        }

                        try
                        {
                            response = result.IsSuccessStatus ? Decode(_endpoint, result, _typeInfo) : throw WxHttpPipeline.StatusError(_endpoint, result);
                        }
                        finally
                        {
                            result.Release();
                        }
                    }

                    var code = response.ErrCode;
                    if (code == 0)
                    {
                        return Outcome.FromResult<WxResponse>(response);
                    }

                    WxTelemetry.Errors.Add(1, new("wx.interface", _endpoint.InterfaceName), new("wx.errcode", code), new("wx.account", t._account));

                    // A refused token: WeChat did not act on the call, so it is repeated once with a replacement, right here
                    // (the token layer's compare-and-refresh makes concurrent refusals of one token one refresh).
                    if (WxApiException.IsTokenRejection(code) && token is not null && Interlocked.Exchange(ref _tokenRefreshed, 1) == 0)
                    {
                        Log.TokenRejected(t._logger, _endpoint.InterfaceName, code);
                        var replacement = await t._tokens!.RefreshRejectedTokenAsync(token, _callerToken).ConfigureAwait(false);
                        if (replacement is not null && replacement != token)
                        {
                            token = replacement;
                            WxTelemetry.Retries.Add(1, new("wx.interface", _endpoint.InterfaceName), new("wx.retry_reason", "token_rejected"), new("wx.account", t._account));
                            continue;
                        }

                        Log.NoOtherToken(t._logger);
                    }

                    // WeChat sometimes echoes the request in errmsg: never pass the token on.
                    var errmsg = response.ErrMsg is null ? null : WxHttpPipeline.Redact(token is null ? response.ErrMsg : response.ErrMsg.Replace(token, "***"));
                    throw _endpoint.CreateException(code, errmsg);
                }
            }
            catch (Exception ex)
            {
                return Outcome.FromException<WxResponse>(ex);
            }
        }
    }

    private static TResponse Decode<TResponse>(WxEndpointInfo endpoint, WxHttpResult result, JsonTypeInfo<TResponse> typeInfo)
        where TResponse : WxResponse
    {
        if (endpoint.ResponseMayBeFile && !LooksLikeJson(result))
        {
            // The file itself: an empty response carrying the bytes (errors still come as JSON and are decoded below).
            var file = JsonSerializer.Deserialize("{}"u8, typeInfo)!;
            if (file is IWxFileResponse holder)
            {
                holder.File = new WxFile(FileName(result) ?? "download", result.ContentTypeHeader?.MediaType ?? "application/octet-stream", result.Body.ToArray());
                return file;
            }
        }

        try
        {
            return JsonSerializer.Deserialize(result.Body, typeInfo)
                ?? throw WxHttpPipeline.BodyError(endpoint, result, "the body is JSON null");
        }
        catch (JsonException ex)
        {
            throw WxHttpPipeline.BodyError(endpoint, result, ex);
        }
    }

    /// <summary>Whether a body is JSON: by its content type, or (WeChat sometimes labels JSON text/plain) its first byte.</summary>
    private static bool LooksLikeJson(WxHttpResult result)
    {
        var mediaType = result.ContentTypeHeader?.MediaType;
        if (mediaType is not null && (mediaType.EndsWith("json", StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        if (mediaType is not null && !mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        foreach (var b in result.Body)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                continue;
            }

            return b == (byte)'{';
        }

        return false;
    }

    /// <summary>The file name WeChat gives in Content-Disposition (<c>attachment; filename="x.jpg"</c>), if any.</summary>
    private static string? FileName(WxHttpResult result) => result.FileName;

    private void Finish(Activity? activity, long started, WxEndpointInfo endpoint, string outcome, int? errcode)
    {
        var interfaceTag = new KeyValuePair<string, object?>("wx.interface", endpoint.InterfaceName);
        WxTelemetry.Calls.Add(1, interfaceTag, new("wx.outcome", outcome), new("wx.account", _account));
        WxTelemetry.CallDuration.Record(_time.GetElapsedTime(started).TotalMilliseconds, interfaceTag, new("wx.account", _account));
        if (activity is not null)
        {
            activity.SetTag("wx.outcome", outcome);
            if (errcode is not null)
            {
                activity.SetTag("wx.errcode", errcode.Value);
            }

            activity.SetStatus(outcome == "success" ? ActivityStatusCode.Ok : ActivityStatusCode.Error);
        }
    }

    private HttpRequestMessage BuildMessage(WxEndpointInfo endpoint, string? token, IWxQueryParameters? query, object? body)
    {
        var tokenParameter = endpoint.Credential == WxCredentialKind.AuthorizerAccessToken ? "?authorizer_access_token=" : "?access_token=";
        string url;
        if (query is null)
        {
            // The common case, in one concatenation.
            url = token is null
                ? string.Concat(_pipeline.BaseAddressFor(endpoint), endpoint.Path)
                : string.Concat(_pipeline.BaseAddressFor(endpoint), endpoint.Path, tokenParameter, Uri.EscapeDataString(token));
            return Message(endpoint, url, body);
        }

        var sb = new StringBuilder(128);
        sb.Append(_pipeline.BaseAddressFor(endpoint)).Append(endpoint.Path);
        var separator = '?';
        if (token is not null)
        {
            sb.Append(separator).Append(endpoint.Credential == WxCredentialKind.AuthorizerAccessToken ? "authorizer_access_token=" : "access_token=");
            sb.Append(Uri.EscapeDataString(token));
            separator = '&';
        }

        if (query is not null)
        {
            var builder = new WxQueryBuilder();
            query.AppendQuery(builder);
            foreach (var pair in builder.Items)
            {
                sb.Append(separator).Append(Uri.EscapeDataString(pair.Key)).Append('=').Append(Uri.EscapeDataString(pair.Value));
                separator = '&';
            }
        }

        return Message(endpoint, sb.ToString(), body);
    }

    private static HttpRequestMessage Message(WxEndpointInfo endpoint, string url, object? body)
    {
        var message = new WxRequestMessage(endpoint.HttpMethod == "GET" ? HttpMethod.Get : HttpMethod.Post, new Uri(url)) { SendOnce = !endpoint.Idempotent };

        // A fresh content per attempt: a retry sends the same bytes again.
        message.Content = Content(endpoint, body);

        return message;
    }
}
