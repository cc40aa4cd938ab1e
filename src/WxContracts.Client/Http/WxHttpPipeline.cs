using System;
using System.Buffers;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace WxContracts;

/// <summary>
/// What one HTTP attempt brought back. The body sits in a buffer rented from <see cref="ArrayPool{T}.Shared"/>:
/// whoever is done with the result may <see cref="Release"/> it (a result that is not released is simply collected).
/// </summary>
internal readonly record struct WxHttpResult(int Status, MediaTypeHeaderValue? ContentTypeHeader, byte[] Buffer, int Length, string? FileName = null)
{
    /// <summary>The content type as text: formatted only when an error needs it.</summary>
    public string? ContentType => ContentTypeHeader?.ToString();

    public bool IsSuccessStatus => Status is >= 200 and <= 299;

    public ReadOnlySpan<byte> Body => Buffer.AsSpan(0, Length);

    /// <summary>Gives the buffer back to the pool; the result must not be used afterwards.</summary>
    public void Release() => ArrayPool<byte>.Shared.Return(Buffer);
}

/// <summary>
/// Sends one HTTP attempt and reads the body within the size and time limits, turning every failure into a
/// <see cref="WxRequestException"/> that says whether the request may have been sent.
/// </summary>
internal sealed class WxHttpPipeline
{
    private readonly HttpClient _http;
    private readonly WxTransportOptions _options;
    private (Uri Uri, string Authority)? _baseAddress;

    public WxHttpPipeline(HttpClient http, WxTransportOptions options, TimeProvider time)
    {
        _http = http;
        _options = options;
        _ = time;
    }

    public WxTransportOptions Options => _options;

    public string BaseAddressFor(WxEndpointInfo endpoint)
    {
        // GetLeftPart allocates: keep its result for as long as the options hold the same Uri.
        var configured = _options.BaseAddress;
        if (configured is null)
        {
            return endpoint.BaseAddress;
        }

        var cached = _baseAddress;
        if (cached is null || !ReferenceEquals(cached.Value.Uri, configured))
        {
            cached = (configured, configured.GetLeftPart(UriPartial.Authority));
            _baseAddress = cached;
        }

        return cached.Value.Authority;
    }

    /// <summary>
    /// Sends one attempt. <paramref name="attemptToken"/> is cancelled by the caller or by the pipeline's attempt
    /// timeout; cancellation that did not come from <paramref name="callerToken"/> is reported as a timeout.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] // one per attempt: pooled, not allocated
    public async ValueTask<WxHttpResult> SendOnceAsync(WxEndpointInfo endpoint, HttpRequestMessage request, CancellationToken attemptToken, CancellationToken callerToken)
    {
        var token = attemptToken;
        var cancellationToken = callerToken;
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new WxRequestException(endpoint, WxRequestFailure.Timeout, $"no response within {_options.AttemptTimeout.TotalSeconds:0.#} s", requestMayHaveBeenSent: true);
        }
        catch (WxDuplicateSendException)
        {
            throw new WxRequestException(endpoint, WxRequestFailure.DuplicateSendRefused, "a handler of the HttpClient (AddStandardResilienceHandler, for example) tried to send this non-idempotent request a second time; refused, because WeChat may have acted on the first one", requestMayHaveBeenSent: true);
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError)
        {
            throw new WxRequestException(endpoint, WxRequestFailure.ConnectFailed, $"could not connect ({ex.HttpRequestError})", requestMayHaveBeenSent: false);
        }
        catch (HttpRequestException ex)
        {
            throw new WxRequestException(endpoint, WxRequestFailure.ConnectionBroken, $"the connection failed ({ex.HttpRequestError})", requestMayHaveBeenSent: true);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var contentTypeHeader = response.Content.Headers.ContentType; // formatted as text only for an error
            var limit = endpoint.ResponseMayBeFile ? _options.MaxFileBytes : _options.MaxResponseBytes;
            if (response.Content.Headers.ContentLength is long length && length > limit)
            {
                throw new WxRequestException(endpoint, WxRequestFailure.BodyTooLarge, $"the response body is {length} bytes, over the {limit}-byte limit", true, status, contentTypeHeader?.ToString());
            }

            try
            {
                // Read into a pooled buffer sized from Content-Length when there is one: no chunk buffer, no
                // MemoryStream growth, no copy at the end.
                using var stream = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
                var buffer = ArrayPool<byte>.Shared.Rent(response.Content.Headers.ContentLength is long known ? (int)known + 1 : 4096);
                var filled = 0;
                int read;
                while ((read = await stream.ReadAsync(buffer.AsMemory(filled), token).ConfigureAwait(false)) > 0)
                {
                    filled += read;
                    if (filled > limit)
                    {
                        var preview = Preview(buffer.AsSpan(0, filled));
                        ArrayPool<byte>.Shared.Return(buffer);
                        throw new WxRequestException(endpoint, WxRequestFailure.BodyTooLarge, $"the response body is over the {limit}-byte limit", true, status, contentTypeHeader?.ToString(), preview);
                    }

                    if (filled == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, filled).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                }

                // A download names its file in Content-Disposition; looked at only where files are expected.
                var fileName = endpoint.ResponseMayBeFile ? (response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName)?.Trim('"') : null;
                return new WxHttpResult(status, contentTypeHeader, buffer, filled, fileName);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new WxRequestException(endpoint, WxRequestFailure.Timeout, "the response body did not arrive in time", true, status, contentTypeHeader?.ToString());
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException)
            {
                throw new WxRequestException(endpoint, WxRequestFailure.ConnectionBroken, "the connection broke while reading the response", true, status, contentTypeHeader?.ToString());
            }
        }
    }

    public static WxRequestException StatusError(WxEndpointInfo endpoint, WxHttpResult result) =>
        new(endpoint, WxRequestFailure.HttpStatus, $"HTTP {result.Status} ({result.ContentType ?? "no content type"})", true, result.Status, result.ContentType, Preview(result.Body));

    public static WxRequestException BodyError(WxEndpointInfo endpoint, WxHttpResult result, string why) =>
        new(endpoint, WxRequestFailure.InvalidBody, "the response body is not the JSON the contract describes: " + why, true, result.Status, result.ContentType, Preview(result.Body));

    /// <summary>
    /// A body the generated converters could not read: <c>InvalidBody at $.comment[0].reply in listComment: expected an
    /// object, found an array (line 3, byte 15)</c>. The problem names wire fields only and quotes at most a short,
    /// redacted piece of a value; the body preview is redacted and size-limited as always.
    /// </summary>
    public static WxRequestException BodyError(WxEndpointInfo endpoint, WxHttpResult result, System.Text.Json.JsonException ex)
    {
        if (ex.Path is not { } path || ex.InnerException is not WxContracts.Serialization.WxJsonReadException failure)
        {
            return BodyError(endpoint, result, ex.Message);
        }

        var message = $"{WxRequestFailure.InvalidBody} at {path} in {endpoint.InterfaceName}: {Redact(failure.Problem)} (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})";
        return new WxRequestException(endpoint, WxRequestFailure.InvalidBody, message, path, true, result.Status, result.ContentType, Preview(result.Body), ex);
    }

    public static string Preview(ReadOnlySpan<byte> body) =>
        Redact(Encoding.UTF8.GetString(body.Slice(0, Math.Min(body.Length, 200))));

    /// <summary>Removes token and secret values from text that might echo a URL or a request.</summary>
    public static string Redact(string text) => WxSecretFields.Redact(text);
}

