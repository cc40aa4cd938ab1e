using System;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;

namespace WxContracts;

/// <summary>Settings of <see cref="WxHttpTransport"/>.</summary>
public sealed class WxTransportOptions
{
    /// <summary>Replaces every endpoint's documented host (for a mock server or a proxy); null keeps the documented host.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>Largest response body accepted, in bytes. Larger bodies fail with <see cref="WxRequestException"/>.</summary>
    public int MaxResponseBytes { get; set; } = 4 * 1024 * 1024;

    /// <inheritdoc/>
    public override string ToString() => $"WxTransportOptions(BaseAddress: {BaseAddress?.ToString() ?? "documented hosts"}, MaxResponseBytes: {MaxResponseBytes})";
}

/// <summary>
/// A minimal HTTP transport: adds the access token to the query, sends JSON, decodes errcode/errmsg and the
/// response. No retries and no token refresh: those belong to the full runtime.
/// </summary>
public sealed class WxHttpTransport : IWxTransport
{
    private static readonly MediaTypeHeaderValue s_json = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly IWxAccessTokenProvider? _tokens;
    private readonly WxTransportOptions _options;

    /// <summary>Creates the transport.</summary>
    /// <param name="http">The HttpClient to send with.</param>
    /// <param name="tokens">Supplies access tokens; may be null when only credential-free endpoints are called.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    public WxHttpTransport(HttpClient http, IWxAccessTokenProvider? tokens, WxTransportOptions? options = null)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _tokens = tokens;
        _options = options ?? new WxTransportOptions();
    }

    /// <inheritdoc/>
    public Task<TResponse> SendAsync<TRequest, TResponse>(WxEndpointInfo endpoint, TRequest request, JsonTypeInfo<TRequest> requestTypeInfo, JsonTypeInfo<TResponse> responseTypeInfo, CancellationToken cancellationToken)
        where TResponse : WxResponse
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        return SendCoreAsync(endpoint, request, requestTypeInfo, responseTypeInfo, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<TResponse> SendAsync<TResponse>(WxEndpointInfo endpoint, JsonTypeInfo<TResponse> responseTypeInfo, CancellationToken cancellationToken)
        where TResponse : WxResponse =>
        SendCoreAsync<object, TResponse>(endpoint, null, null, responseTypeInfo, cancellationToken);

    private async Task<TResponse> SendCoreAsync<TRequest, TResponse>(WxEndpointInfo endpoint, TRequest? request, JsonTypeInfo<TRequest>? requestTypeInfo, JsonTypeInfo<TResponse> responseTypeInfo, CancellationToken cancellationToken)
        where TResponse : WxResponse
    {
        var uri = await BuildUriAsync(endpoint, request as IWxQueryParameters, cancellationToken).ConfigureAwait(false);
        using var message = new HttpRequestMessage(endpoint.HttpMethod == "GET" ? HttpMethod.Get : HttpMethod.Post, uri);
        if (endpoint.HttpMethod != "GET")
        {
            var body = request is null || requestTypeInfo is null
                ? Encoding.UTF8.GetBytes("{}")
                : JsonSerializer.SerializeToUtf8Bytes(request, requestTypeInfo);
            message.Content = new ByteArrayContent(body);
            message.Content.Headers.ContentType = s_json;
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            // HttpClient's messages do not include the URL, but the inner text is not ours to trust: keep only the type.
            throw new WxRequestException(endpoint, $"the request failed ({ex.GetType().Name}: {Redact(ex.Message)})", innerException: null);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new WxRequestException(endpoint, "the request timed out", innerException: ex);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var contentType = response.Content.Headers.ContentType?.ToString();
            var body = await ReadBodyAsync(endpoint, response, status, contentType, cancellationToken).ConfigureAwait(false);
            if (status < 200 || status > 299)
            {
                throw new WxRequestException(endpoint, $"HTTP {status} ({contentType ?? "no content type"})", status, contentType, Preview(body));
            }

            TResponse? result;
            try
            {
                result = JsonSerializer.Deserialize(body, responseTypeInfo);
            }
            catch (JsonException ex)
            {
                throw new WxRequestException(endpoint, "the response body is not the JSON the contract describes: " + ex.Message, status, contentType, Preview(body), ex);
            }

            if (result is null)
            {
                throw new WxRequestException(endpoint, "the response body is JSON null", status, contentType, Preview(body));
            }

            if (result.ErrCode != 0)
            {
                throw endpoint.CreateException(result.ErrCode, result.ErrMsg);
            }

            return result;
        }
    }

    private async ValueTask<Uri> BuildUriAsync(WxEndpointInfo endpoint, IWxQueryParameters? query, CancellationToken cancellationToken)
    {
        var sb = new StringBuilder();
        sb.Append(_options.BaseAddress?.GetLeftPart(UriPartial.Authority) ?? endpoint.BaseAddress);
        sb.Append(endpoint.Path);
        var separator = '?';
        if (endpoint.Credential != WxCredentialKind.None)
        {
            if (_tokens is null)
            {
                throw new InvalidOperationException($"{endpoint} needs an access token, but the transport has no IWxAccessTokenProvider.");
            }

            var token = await _tokens.GetAccessTokenAsync(cancellationToken).ConfigureAwait(false);
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

        return new Uri(sb.ToString());
    }

    private async Task<byte[]> ReadBodyAsync(WxEndpointInfo endpoint, HttpResponseMessage response, int status, string? contentType, CancellationToken cancellationToken)
    {
        var limit = _options.MaxResponseBytes;
        if (response.Content.Headers.ContentLength is long length && length > limit)
        {
            throw new WxRequestException(endpoint, $"the response body is {length} bytes, over the {limit}-byte limit", status, contentType);
        }

        try
        {
            using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    throw new WxRequestException(endpoint, $"the response body is over the {limit}-byte limit", status, contentType, Preview(buffer.ToArray()));
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
        catch (IOException ex)
        {
            throw new WxRequestException(endpoint, "the connection broke while reading the response", status, contentType, innerException: ex);
        }
        catch (HttpRequestException ex)
        {
            throw new WxRequestException(endpoint, "the connection broke while reading the response", status, contentType, innerException: ex);
        }
    }

    private static string Preview(byte[] body)
    {
        var length = Math.Min(body.Length, 200);
        return Redact(Encoding.UTF8.GetString(body, 0, length));
    }

    /// <summary>Removes token values from text that might echo a URL.</summary>
    internal static string Redact(string text)
    {
        foreach (var key in new[] { "access_token=", "authorizer_access_token=", "secret=" })
        {
            var idx = 0;
            while ((idx = text.IndexOf(key, idx, StringComparison.OrdinalIgnoreCase)) >= 0)
            {
                var start = idx + key.Length;
                var end = start;
                while (end < text.Length && text[end] != '&' && text[end] != ' ' && text[end] != '"' && text[end] != '\'')
                {
                    end++;
                }

                text = text.Substring(0, start) + "***" + text.Substring(end);
                idx = start + 3;
            }
        }

        return text;
    }
}
