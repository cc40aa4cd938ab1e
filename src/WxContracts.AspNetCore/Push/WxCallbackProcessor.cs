using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO;
using System.Reflection;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using System.Xml;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WxContracts.Push;

namespace WxContracts.AspNetCore.Push;

/// <summary>
/// Serves one account's callback URL: GET echostr verification; POST signature check, decryption, parsing, de-duplication,
/// dispatch to the handlers within the reply deadline, and the (encrypted) passive reply. Every refusal is a 4xx with a
/// short reason and a warning log that never contains the body.
/// </summary>
internal sealed partial class WxCallbackProcessor
{
    private static readonly ConcurrentDictionary<Type, Func<IServiceProvider, WxPushMessage, WxPushContext, CancellationToken, Task<WxPushReply?>?>> s_dispatchers = new();
    private static readonly MethodInfo s_dispatch = typeof(WxCallbackProcessor).GetMethod(nameof(Dispatch), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly string _account;
    private readonly WxCallbackOptions _options;
    private readonly WxCallbackCrypto _crypto;
    private readonly IServiceScopeFactory _scopes;
    private readonly IWxPushDeduplicator _deduplicator;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationToken _stopping;

    public WxCallbackProcessor(string account, IServiceProvider services)
    {
        _account = account;
        _options = services.GetRequiredService<IOptionsMonitor<WxCallbackOptions>>().Get(account);
        var problems = _options.Validate();
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(account, typeof(WxCallbackOptions), problems);
        }

        _crypto = new WxCallbackCrypto(_options.Token, _options.Mode == WxCallbackMode.Plaintext ? null : _options.EncodingAESKey, _options.AppId);
        _scopes = services.GetRequiredService<IServiceScopeFactory>();
        _deduplicator = services.GetRequiredService<IWxPushDeduplicator>();
        _time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        _logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("WxContracts.AspNetCore.Push.WxCallback");
        _stopping = services.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
    }

    /// <summary>Tasks of handlers that outran the deadline (tests wait on them).</summary>
    internal static event Action<Task>? BackgroundStarted;

    public async Task HandleAsync(HttpContext http)
    {
        try
        {
            if (HttpMethods.IsGet(http.Request.Method))
            {
                await VerifyEchoAsync(http).ConfigureAwait(false);
            }
            else if (HttpMethods.IsPost(http.Request.Method))
            {
                await ReceiveAsync(http).ConfigureAwait(false);
            }
            else
            {
                await RefuseAsync(http, StatusCodes.Status405MethodNotAllowed, "method not allowed").ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    private async Task VerifyEchoAsync(HttpContext http)
    {
        var q = http.Request.Query;
        string? timestamp = q["timestamp"], nonce = q["nonce"], echo = q["echostr"];
        if (timestamp is null || nonce is null || echo is null)
        {
            await RefuseAsync(http, StatusCodes.Status400BadRequest, "missing signature, timestamp, nonce or echostr").ConfigureAwait(false);
            return;
        }

        if (!_crypto.VerifySignature(q["signature"], timestamp, nonce))
        {
            await RefuseAsync(http, StatusCodes.Status403Forbidden, "bad signature").ConfigureAwait(false);
            return;
        }

        await WriteTextAsync(http, echo).ConfigureAwait(false);
    }

    private async Task ReceiveAsync(HttpContext http)
    {
        var q = http.Request.Query;
        string? timestamp = q["timestamp"], nonce = q["nonce"];
        if (timestamp is null || nonce is null || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            await RefuseAsync(http, StatusCodes.Status400BadRequest, "missing or malformed timestamp or nonce").ConfigureAwait(false);
            return;
        }

        var skew = Math.Abs(_time.GetUtcNow().ToUnixTimeSeconds() - seconds);
        if (skew > _options.TimestampWindow.TotalSeconds)
        {
            await RefuseAsync(http, StatusCodes.Status400BadRequest, "timestamp outside the window").ConfigureAwait(false);
            return;
        }

        if (!_crypto.VerifySignature(q["signature"], timestamp, nonce))
        {
            await RefuseAsync(http, StatusCodes.Status403Forbidden, "bad signature").ConfigureAwait(false);
            return;
        }

        var encrypted = string.Equals(q["encrypt_type"], "aes", StringComparison.OrdinalIgnoreCase);
        if (encrypted ? _options.Mode == WxCallbackMode.Plaintext : _options.Mode == WxCallbackMode.Safe)
        {
            await RefuseAsync(http, StatusCodes.Status400BadRequest, encrypted ? "encrypted push in plaintext mode" : "plain push in safe mode").ConfigureAwait(false);
            return;
        }

        var body = await ReadBodyAsync(http).ConfigureAwait(false);
        if (body is null)
        {
            await RefuseAsync(http, StatusCodes.Status413PayloadTooLarge, "body too large").ConfigureAwait(false);
            return;
        }

        WxPushMessage? message;
        byte[]? buffer = null;
        try
        {
            ReadOnlyMemory<byte> xml = body;
            if (encrypted)
            {
                // One pooled buffer for the Encrypt text, its base64-decoded bytes and the plaintext.
                buffer = ArrayPool<byte>.Shared.Rent(body.Length + WxCallbackCrypto.DecryptBufferLength(body.Length));
                var encryptLength = ReadEnvelope(body, buffer);
                if (encryptLength <= 0)
                {
                    await RefuseAsync(http, StatusCodes.Status400BadRequest, "malformed encrypted envelope").ConfigureAwait(false);
                    return;
                }

                var encrypt = buffer.AsSpan(0, encryptLength);
                if (!_crypto.VerifyMessageSignature(q["msg_signature"], timestamp, nonce, encrypt))
                {
                    await RefuseAsync(http, StatusCodes.Status403Forbidden, "bad msg_signature").ConfigureAwait(false);
                    return;
                }

                var error = _crypto.TryDecrypt(encrypt, buffer, body.Length, out var range);
                if (error != WxCallbackCryptoError.None)
                {
                    await RefuseAsync(http, error == WxCallbackCryptoError.WrongAppId ? StatusCodes.Status403Forbidden : StatusCodes.Status400BadRequest, "decryption failed: " + error).ConfigureAwait(false);
                    return;
                }

                xml = buffer.AsMemory(range);
            }

            message = TryParse(xml, out var problem);
            if (message is null)
            {
                await RefuseAsync(http, StatusCodes.Status400BadRequest, problem!).ConfigureAwait(false);
                return;
            }
        }
        finally
        {
            if (buffer is not null)
            {
                // The plaintext was in it.
                ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
            }
        }

        if (!await FirstDeliveryAsync(message, http.RequestAborted).ConfigureAwait(false))
        {
            LogDuplicate(_account, message.GetType().Name);
            await WriteTextAsync(http, "success").ConfigureAwait(false);
            return;
        }

        var reply = await RunHandlerAsync(message, encrypted).ConfigureAwait(false);
        if (reply is null)
        {
            await WriteTextAsync(http, "success").ConfigureAwait(false);
            return;
        }

        if (string.IsNullOrEmpty(reply.ToUserName))
        {
            reply.AddressTo(message, _time);
        }

        var replyXml = reply.ToXml();
        if (encrypted)
        {
            replyXml = EncryptedReply(replyXml, timestamp, nonce);
        }

        http.Response.ContentType = "application/xml; charset=utf-8";
        await http.Response.WriteAsync(replyXml, http.RequestAborted).ConfigureAwait(false);
    }

    private string EncryptedReply(string xml, string timestamp, string nonce)
    {
        var encrypt = _crypto.Encrypt(Encoding.UTF8.GetBytes(xml));
        var signature = _crypto.MessageSignature(timestamp, nonce, encrypt);
        var text = new StringBuilder(encrypt.Length + 256);
        using (var writer = XmlWriter.Create(text, WxPushXml.WriterSettings))
        {
            writer.WriteStartElement("xml");
            WxPushXml.WriteString(writer, "Encrypt", encrypt, true);
            WxPushXml.WriteString(writer, "MsgSignature", signature, true);
            writer.WriteElementString("TimeStamp", timestamp);
            WxPushXml.WriteString(writer, "Nonce", nonce, true);
            writer.WriteEndElement();
        }

        return text.ToString();
    }

    /// <summary>
    /// Claims the delivery (one atomic add in the de-duplication store); false when it was claimed within the window
    /// (WeChat's retry, or another instance's delivery). When the store fails, the push is handled anyway: a lost push
    /// is worse than a push handled twice, and WeChat would only retry into the same failure.
    /// </summary>
    private async Task<bool> FirstDeliveryAsync(WxPushMessage message, CancellationToken cancellationToken)
    {
        var key = "wxcontracts:push:" + (_options.AppId ?? message.ToUserName) + ":" + _account + ":" + message.DeduplicationKey;
        try
        {
            return await _deduplicator.TryClaimAsync(key, _options.DeduplicationWindow, cancellationToken).ConfigureAwait(false);
        }
        catch (WxPushDeduplicationException ex)
        {
            LogDeduplicationFailed(ex, _account, message.GetType().Name);
            return true;
        }
    }

    /// <summary>Runs the handler in its own scope; past the deadline, returns null and lets it finish, sending its reply late.</summary>
    private async Task<WxPushReply?> RunHandlerAsync(WxPushMessage message, bool encrypted)
    {
        var work = InvokeAsync(message, encrypted);
        var deadline = Task.Delay(_options.ReplyDeadline, _time, CancellationToken.None);
        if (await Task.WhenAny(work, deadline).ConfigureAwait(false) == work)
        {
            return await work.ConfigureAwait(false);
        }

        LogPastDeadline(_account, message.GetType().Name, _options.ReplyDeadline.TotalMilliseconds);
        var late = ContinueLateAsync(message, work);
        BackgroundStarted?.Invoke(late);
        return null;
    }

    private async Task ContinueLateAsync(WxPushMessage message, Task<WxPushReply?> work)
    {
        var reply = await work.ConfigureAwait(false);
        if (reply is null)
        {
            return;
        }

        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            var sender = scope.ServiceProvider.GetRequiredService<IWxLateReplySender>();
            await sender.SendAsync(_account, message, reply, _stopping).ConfigureAwait(false);
            LogLateReplySent(_account, message.GetType().Name, reply.GetType().Name);
        }
        catch (Exception ex)
        {
            LogLateReplyFailed(ex, _account, reply.GetType().Name);
        }
    }

    /// <summary>The handler's outcome; an exception is logged and becomes no reply ("success"), so WeChat does not retry into it.</summary>
    private async Task<WxPushReply?> InvokeAsync(WxPushMessage message, bool encrypted)
    {
        await Task.Yield();
        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            var context = new WxPushContext(_account, encrypted, scope.ServiceProvider);
            var dispatcher = s_dispatchers.GetOrAdd(message.GetType(), static t => s_dispatch.MakeGenericMethod(t).CreateDelegate<Func<IServiceProvider, WxPushMessage, WxPushContext, CancellationToken, Task<WxPushReply?>?>>());
            var typed = dispatcher(scope.ServiceProvider, message, context, _stopping);
            if (typed is not null)
            {
                return await typed.ConfigureAwait(false);
            }

            var fallback = scope.ServiceProvider.GetService<IWxPushFallbackHandler>();
            if (fallback is not null)
            {
                return await fallback.HandleAsync(message, context, _stopping).ConfigureAwait(false);
            }

            LogUnhandled(_account, message.GetType().Name, message.MsgType);
            return null;
        }
        catch (Exception ex)
        {
            LogHandlerFailed(ex, _account, message.GetType().Name);
            return null;
        }
    }

    private static Task<WxPushReply?>? Dispatch<T>(IServiceProvider services, WxPushMessage message, WxPushContext context, CancellationToken cancellationToken)
        where T : WxPushMessage =>
        services.GetService<IWxPushHandler<T>>()?.HandleAsync((T)message, context, cancellationToken);

    /// <summary>The body, or null when it is larger than the limit.</summary>
    private async Task<byte[]?> ReadBodyAsync(HttpContext http)
    {
        var max = _options.MaxBodyBytes;
        if (http.Request.ContentLength > max)
        {
            return null;
        }

        if (http.Request.ContentLength is { } declared)
        {
            // The usual case: one array of the declared size (a body longer than declared is refused by Kestrel).
            var body = new byte[declared];
            var filled = 0;
            int count;
            while (filled < body.Length && (count = await http.Request.Body.ReadAsync(body.AsMemory(filled), http.RequestAborted).ConfigureAwait(false)) > 0)
            {
                filled += count;
            }

            return filled == body.Length ? body : body.AsSpan(0, filled).ToArray();
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > max)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>Parses the push; null with the reason when it is not a safe, well-formed push document.</summary>
    private static WxPushMessage? TryParse(ReadOnlyMemory<byte> xml, out string? problem)
    {
        try
        {
            problem = null;
            return WxPush.Parse(xml);
        }
        catch (WxPushFormatException ex)
        {
            problem = ex.Message;
            return null;
        }
    }

    /// <summary>Copies the Encrypt element's text of an encrypted push into <paramref name="destination"/> (at least as
    /// long as the body); -1 when the envelope is not safe, well-formed XML with one.</summary>
    internal static int ReadEnvelope(ReadOnlySpan<byte> body, Span<byte> destination)
    {
        try
        {
            return WxPushXml.ReadChildText(body, "Encrypt", destination);
        }
        catch (WxPushFormatException)
        {
            return -1;
        }
    }

    private async Task RefuseAsync(HttpContext http, int status, string reason)
    {
        LogRefused(_account, status, reason);
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/plain; charset=utf-8";
        await http.Response.WriteAsync(reason, http.RequestAborted).ConfigureAwait(false);
    }

    private static Task WriteTextAsync(HttpContext http, string text)
    {
        http.Response.ContentType = "text/plain; charset=utf-8";
        return http.Response.WriteAsync(text, http.RequestAborted);
    }

    [LoggerMessage(EventId = 7300, Level = LogLevel.Warning, Message = "WeChat callback '{Account}' refused a request with {Status}: {Reason}")]
    private partial void LogRefused(string account, int status, string reason);

    [LoggerMessage(EventId = 7301, Level = LogLevel.Information, Message = "WeChat callback '{Account}': {PushType} already handled (a retry or another instance's delivery); answered success")]
    private partial void LogDuplicate(string account, string pushType);

    [LoggerMessage(EventId = 7302, Level = LogLevel.Warning, Message = "WeChat callback '{Account}': the {PushType} handler passed the {DeadlineMs} ms deadline; answered success, it continues in the background")]
    private partial void LogPastDeadline(string account, string pushType, double deadlineMs);

    [LoggerMessage(EventId = 7303, Level = LogLevel.Error, Message = "WeChat callback '{Account}': the {PushType} handler failed; answered success so WeChat does not retry")]
    private partial void LogHandlerFailed(Exception exception, string account, string pushType);

    [LoggerMessage(EventId = 7304, Level = LogLevel.Information, Message = "WeChat callback '{Account}': late {ReplyType} to {PushType} sent as a customer-service message")]
    private partial void LogLateReplySent(string account, string pushType, string replyType);

    [LoggerMessage(EventId = 7305, Level = LogLevel.Error, Message = "WeChat callback '{Account}': the late {ReplyType} could not be sent")]
    private partial void LogLateReplyFailed(Exception exception, string account, string replyType);

    [LoggerMessage(EventId = 7306, Level = LogLevel.Information, Message = "WeChat callback '{Account}': no handler for {PushType} (MsgType {MsgType}) and no fallback; answered success")]
    private partial void LogUnhandled(string account, string pushType, string msgType);

    [LoggerMessage(EventId = 7307, Level = LogLevel.Error, Message = "WeChat callback '{Account}': the de-duplication store failed; the {PushType} is handled without de-duplication")]
    private partial void LogDeduplicationFailed(Exception exception, string account, string pushType);
}
