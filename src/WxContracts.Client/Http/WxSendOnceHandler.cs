using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace WxContracts;

/// <summary>
/// The innermost handler of the runtime's HttpClient: lets a request of a non-idempotent WeChat endpoint reach the
/// network once. A handler further out that re-sends the same request (the retry of
/// <c>AddStandardResilienceHandler</c>, or any retrying handler) gets <see cref="WxRequestFailure.DuplicateSendRefused"/>
/// instead of a second send, so a comment reply or a message is never duplicated by the HttpClient's configuration.
/// </summary>
/// <remarks>
/// <c>AddWxOfficialAccount</c> puts it in front of the primary handler. An HttpClient built by hand can use it the same
/// way: <c>new HttpClient(new WxSendOnceHandler(new SocketsHttpHandler()))</c>.
/// </remarks>
public sealed class WxSendOnceHandler : DelegatingHandler
{
    internal static readonly HttpRequestOptionsKey<Marker?> Key = new("WxContracts.SendOnce");

    /// <summary>Creates the handler in front of <paramref name="innerHandler"/>.</summary>
    public WxSendOnceHandler(HttpMessageHandler innerHandler)
        : base(innerHandler)
    {
    }

    /// <inheritdoc/>
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // The marker is shared by copies of the request (the options are copied by reference), so a clone is caught too.
        if (request.Options.TryGetValue(Key, out var marker) && marker is not null && Interlocked.Increment(ref marker.Sends) > 1)
        {
            throw new WxDuplicateSendException();
        }

        return base.SendAsync(request, cancellationToken);
    }

    internal sealed class Marker
    {
        public int Sends;
    }
}

/// <summary>Thrown by <see cref="WxSendOnceHandler"/> for a second send; the transport turns it into a <see cref="WxRequestException"/>.</summary>
internal sealed class WxDuplicateSendException : Exception
{
    public WxDuplicateSendException()
        : base("A non-idempotent WeChat request was about to be sent a second time.")
    {
    }
}
