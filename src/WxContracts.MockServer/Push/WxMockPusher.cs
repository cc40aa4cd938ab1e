using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using System.Xml;
using Microsoft.AspNetCore.Http;

namespace WxContracts.MockServer.Push;

/// <summary>What to push: the message XML and the callback's settings.</summary>
public sealed record WxMockPushRequest
{
    /// <summary>The callback URL (http on loopback).</summary>
    public required Uri Url { get; init; }

    /// <summary>The message or event as WeChat's XML.</summary>
    public required string Xml { get; init; }

    /// <summary>The Token set for the callback.</summary>
    public required string Token { get; init; }

    /// <summary>The EncodingAESKey; needed to encrypt.</summary>
    public string? EncodingAESKey { get; init; }

    /// <summary>The AppID written into encrypted pushes.</summary>
    public string? AppId { get; init; }

    /// <summary>Whether to send it encrypted (safe mode).</summary>
    public bool Encrypt { get; init; }

    /// <summary>How many tries (WeChat: 3).</summary>
    public int Tries { get; init; } = 3;

    /// <summary>How long each try waits for the answer (WeChat: 5 seconds).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);
}

/// <summary>One try of a push.</summary>
/// <param name="Attempt">1 for the first try.</param>
/// <param name="Status">The HTTP status, or 0 when there was no answer in time or no connection.</param>
/// <param name="ElapsedMs">How long the try took.</param>
/// <param name="Error">Why there was no answer.</param>
public sealed record WxMockPushAttempt(int Attempt, int Status, long ElapsedMs, string? Error);

/// <summary>The outcome of a push: every try, and the answer of the last (decrypted when it was encrypted).</summary>
public sealed record WxMockPushResult(long Sequence, IReadOnlyList<WxMockPushAttempt> Attempts, string? Reply, bool ReplyWasEncrypted, bool ReplySignatureValid)
{
    /// <summary>Whether a try was answered with 2xx.</summary>
    public bool Delivered => Attempts.Count > 0 && Attempts[^1].Status is >= 200 and < 300;
}

/// <summary>
/// WeChat's side of the callback protocol: signs (and optionally encrypts) a push, posts it to the callback URL and
/// retries like WeChat (3 tries, 5-second timeout each), journaling every delivery and the reply. Admin route:
/// <c>POST /__mock/push</c>; <c>GET /__mock/push</c> lists the deliveries.
/// </summary>
public sealed class WxMockPusher : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(1) }) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    private readonly ConcurrentQueue<WxMockPushResult> _deliveries = new();
    private readonly TimeProvider _time;
    private long _sequence;

    /// <summary>Creates the pusher.</summary>
    public WxMockPusher(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    /// <summary>Every push so far, oldest first.</summary>
    public IReadOnlyList<WxMockPushResult> Deliveries => _deliveries.ToList();

    /// <summary>Pushes the message, retrying like WeChat.</summary>
    public async Task<WxMockPushResult> PushAsync(WxMockPushRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var attempts = new List<WxMockPushAttempt>();
        string? reply = null;
        var encrypted = false;
        var signatureValid = false;
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var nonce = Random.Shared.Next(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture);
        string body;
        var query = new StringBuilder();
        query.Append("signature=").Append(WxMockPushCrypto.Signature(request.Token, timestamp, nonce))
            .Append("&timestamp=").Append(timestamp).Append("&nonce=").Append(nonce)
            .Append("&openid=").Append(Uri.EscapeDataString(FromUser(request.Xml)));
        if (request.Encrypt)
        {
            var encrypt = WxMockPushCrypto.Encrypt(request.Xml, request.EncodingAESKey ?? throw new ArgumentException("EncodingAESKey is needed to encrypt."), request.AppId ?? throw new ArgumentException("AppId is needed to encrypt."));
            body = "<xml><ToUserName><![CDATA[" + ToUser(request.Xml) + "]]></ToUserName><Encrypt><![CDATA[" + encrypt + "]]></Encrypt></xml>";
            query.Append("&encrypt_type=aes&msg_signature=").Append(WxMockPushCrypto.Signature(request.Token, timestamp, nonce, encrypt));
        }
        else
        {
            body = request.Xml;
        }

        var url = new UriBuilder(request.Url) { Query = query.ToString() }.Uri;
        for (var attempt = 1; attempt <= Math.Max(1, request.Tries); attempt++)
        {
            var watch = Stopwatch.StartNew();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(request.Timeout);
            try
            {
                using var content = new StringContent(body, Encoding.UTF8, "text/xml");
                using var response = await _http.PostAsync(url, content, timeout.Token).ConfigureAwait(false);
                var text = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
                attempts.Add(new WxMockPushAttempt(attempt, (int)response.StatusCode, watch.ElapsedMilliseconds, null));
                if (response.IsSuccessStatusCode)
                {
                    (reply, encrypted, signatureValid) = OpenReply(text, request, timestamp, nonce);
                    break;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                attempts.Add(new WxMockPushAttempt(attempt, 0, watch.ElapsedMilliseconds, "no answer within " + request.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s"));
            }
            catch (HttpRequestException ex)
            {
                attempts.Add(new WxMockPushAttempt(attempt, 0, watch.ElapsedMilliseconds, ex.Message));
            }
        }

        var result = new WxMockPushResult(Interlocked.Increment(ref _sequence), attempts, reply, encrypted, signatureValid);
        _deliveries.Enqueue(result);
        return result;
    }

    private static (string? Reply, bool Encrypted, bool SignatureValid) OpenReply(string text, WxMockPushRequest request, string timestamp, string nonce)
    {
        if (!request.Encrypt || text.Length == 0 || text == "success")
        {
            return (text, false, true);
        }

        var encrypt = Element(text, "Encrypt");
        var signature = Element(text, "MsgSignature");
        var replyTimestamp = Element(text, "TimeStamp") ?? timestamp;
        var replyNonce = Element(text, "Nonce") ?? nonce;
        if (encrypt is null)
        {
            return (text, false, false);
        }

        var (xml, appId) = WxMockPushCrypto.Decrypt(encrypt, request.EncodingAESKey!);
        var valid = signature == WxMockPushCrypto.Signature(request.Token, replyTimestamp, replyNonce, encrypt) && appId == request.AppId;
        return (xml, true, valid);
    }

    private static string FromUser(string xml) => Element(xml, "FromUserName") ?? string.Empty;

    private static string ToUser(string xml) => Element(xml, "ToUserName") ?? string.Empty;

    /// <summary>The text of a top-level element of a (trusted, mock-side) XML document.</summary>
    private static string? Element(string xml, string name)
    {
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.Depth == 1 && reader.LocalName == name)
                {
                    return reader.ReadElementContentAsString();
                }
            }
        }
        catch (XmlException)
        {
        }

        return null;
    }

    /// <summary>The admin route: POST a JSON request (url, xml, token, encodingAesKey, appId, encrypt, tries, timeoutSeconds); GET the deliveries.</summary>
    internal async Task HandleAdminAsync(HttpContext context)
    {
        if (HttpMethods.IsGet(context.Request.Method))
        {
            await WriteAsync(context, 200, Deliveries, PushJsonContext.Default.IReadOnlyListWxMockPushResult).ConfigureAwait(false);
            return;
        }

        WxMockPushRequest request;
        try
        {
            using var json = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted).ConfigureAwait(false);
            var root = json.RootElement;
            string? Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            request = new WxMockPushRequest
            {
                Url = new Uri(Text("url") ?? throw new ArgumentException("url is required"), UriKind.Absolute),
                Xml = Text("xml") ?? throw new ArgumentException("xml is required"),
                Token = Text("token") ?? throw new ArgumentException("token is required"),
                EncodingAESKey = Text("encodingAesKey"),
                AppId = Text("appId"),
                Encrypt = root.TryGetProperty("encrypt", out var e) && e.ValueKind == JsonValueKind.True,
                Tries = root.TryGetProperty("tries", out var t) && t.TryGetInt32(out var tries) ? Math.Clamp(tries, 1, 10) : 3,
                Timeout = root.TryGetProperty("timeoutSeconds", out var s) && s.TryGetDouble(out var seconds) ? TimeSpan.FromSeconds(Math.Clamp(seconds, 0.1, 60)) : TimeSpan.FromSeconds(5),
            };
            if (request.Encrypt && (request.EncodingAESKey is null || request.AppId is null))
            {
                throw new ArgumentException("encrypt needs encodingAesKey and appId");
            }
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or UriFormatException)
        {
            await WriteAsync(context, 400, new WxMockPushError(ex.Message), PushJsonContext.Default.WxMockPushError).ConfigureAwait(false);
            return;
        }

        var result = await PushAsync(request, context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, 200, result, PushJsonContext.Default.WxMockPushResult).ConfigureAwait(false);
    }

    // Source-generated JSON (camelCase, indented): the mock runs inside Native AOT binaries.
    private static Task WriteAsync<T>(HttpContext context, int status, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(JsonSerializer.Serialize(value, typeInfo), context.RequestAborted);
    }

    /// <inheritdoc/>
    public void Dispose() => _http.Dispose();
}

/// <summary>The admin route's answer to a push it could not make.</summary>
internal sealed record WxMockPushError(string Error);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[System.Text.Json.Serialization.JsonSerializable(typeof(WxMockPushResult))]
[System.Text.Json.Serialization.JsonSerializable(typeof(IReadOnlyList<WxMockPushResult>))]
[System.Text.Json.Serialization.JsonSerializable(typeof(WxMockPushError))]
internal sealed partial class PushJsonContext : System.Text.Json.Serialization.JsonSerializerContext
{
}
