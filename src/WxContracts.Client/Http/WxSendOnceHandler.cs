using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace WxContracts;

/// <summary>
/// The innermost handler of the runtime's HttpClient: lets a request of a non-idempotent WeChat endpoint reach the
/// network once. A handler further out that sends the same request again (the retry of
/// <c>AddStandardResilienceHandler</c>, or any retrying handler) gets <see cref="WxRequestFailure.DuplicateSendRefused"/>
/// instead of a second send, so a comment reply or a message is never duplicated by the HttpClient's configuration.
/// </summary>
/// <remarks>
/// <para>The runtime marks what it sends: the request message and its body count their sends, so a resent message is
/// caught, and so is a copy of it that shares the body. A copy of a body-less (GET) request is not recognised.</para>
/// <para><c>AddWxOfficialAccount</c> puts it in front of the primary handler. An HttpClient built by hand can use it the
/// same way: <c>new HttpClient(new WxSendOnceHandler(new SocketsHttpHandler()))</c>.</para>
/// </remarks>
public sealed class WxSendOnceHandler : DelegatingHandler
{
    /// <summary>Creates the handler in front of <paramref name="innerHandler"/>.</summary>
    public WxSendOnceHandler(HttpMessageHandler innerHandler)
        : base(innerHandler)
    {
    }

    /// <inheritdoc/>
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if ((request is WxRequestMessage { SendOnce: true } message && message.CountSend() > 1)
            || (request.Content is IWxSendCounter { SendOnce: true } content && content.CountSend() > 1))
        {
            throw new WxDuplicateSendException();
        }

        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>Something sent on the network that counts its sends.</summary>
internal interface IWxSendCounter
{
    /// <summary>Whether it may reach the network once only (a non-idempotent endpoint).</summary>
    bool SendOnce { get; }

    /// <summary>Counts one more send; returns the count.</summary>
    int CountSend();
}

/// <summary>The request message the runtime sends.</summary>
internal sealed class WxRequestMessage : HttpRequestMessage, IWxSendCounter
{
    private int _sends;

    public WxRequestMessage(HttpMethod method, Uri uri)
        : base(method, uri)
    {
    }

    public bool SendOnce { get; init; }

    public int CountSend() => Interlocked.Increment(ref _sends);
}

/// <summary>A JSON request body.</summary>
internal sealed class WxJsonContent : ByteArrayContent, IWxSendCounter
{
    private int _sends;

    public WxJsonContent(byte[] body)
        : base(body)
    {
    }

    public bool SendOnce { get; init; }

    public int CountSend() => Interlocked.Increment(ref _sends);
}

/// <summary>A multipart/form-data request body.</summary>
internal sealed class WxMultipartContent : MultipartFormDataContent, IWxSendCounter
{
    private int _sends;

    public bool SendOnce { get; init; }

    public int CountSend() => Interlocked.Increment(ref _sends);
}

/// <summary>Thrown by <see cref="WxSendOnceHandler"/> for a second send; the transport turns it into a <see cref="WxRequestException"/>.</summary>
internal sealed class WxDuplicateSendException : Exception
{
    public WxDuplicateSendException()
        : base("A non-idempotent WeChat request was about to be sent a second time.")
    {
    }
}
