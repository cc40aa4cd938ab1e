using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WxContracts.AspNetCore.Contracts;
using WxContracts.Push;

namespace WxContracts.AspNetCore.Push;

/// <summary>
/// Sends late replies through the customer-service message API (<c>message/custom/send</c>) with the account's
/// registered <see cref="IWxTransport"/> (keyed by account name, or the default one). Text, image and voice replies
/// map to custom messages; other replies are logged and dropped.
/// </summary>
internal sealed partial class WxCustomMessageLateReplySender : IWxLateReplySender
{
    private readonly IServiceProvider _services;
    private readonly ILogger<WxCustomMessageLateReplySender> _logger;

    public WxCustomMessageLateReplySender(IServiceProvider services, ILogger<WxCustomMessageLateReplySender> logger)
    {
        _services = services;
        _logger = logger;
    }

    public async Task SendAsync(string account, WxPushMessage message, WxPushReply reply, CancellationToken cancellationToken)
    {
        var transport = account == Options.DefaultName
            ? _services.GetService<IWxTransport>()
            : _services.GetKeyedService<IWxTransport>(account);
        if (transport is null)
        {
            LogNoClient(account, reply.GetType().Name);
            return;
        }

        SendCustomMessageRequest.CustomMessage? body = reply switch
        {
            TextReply text => new SendCustomMessageRequest.CustomMessage.TextMessage { Text = new() { Content = text.Content ?? string.Empty } },
            ImageReply { Image.MediaId: { } image } => new SendCustomMessageRequest.CustomMessage.ImageMessage { Image = new() { MediaId = image } },
            VoiceReply { Voice.MediaId: { } voice } => new SendCustomMessageRequest.CustomMessage.VoiceMessage { Voice = new() { MediaId = voice } },
            _ => null,
        };
        if (body is null)
        {
            LogUnsupported(account, reply.GetType().Name);
            return;
        }

        await new WxApiClient(transport).Message.SendAsync(new SendCustomMessageRequest { Touser = message.FromUserName, Message = body }, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 7310, Level = LogLevel.Warning, Message = "Late {ReplyType} for account '{Account}' dropped: no WeChat client (IWxTransport) is registered for it")]
    private partial void LogNoClient(string account, string replyType);

    [LoggerMessage(EventId = 7311, Level = LogLevel.Warning, Message = "Late {ReplyType} for account '{Account}' dropped: it has no customer-service message form")]
    private partial void LogUnsupported(string account, string replyType);
}
