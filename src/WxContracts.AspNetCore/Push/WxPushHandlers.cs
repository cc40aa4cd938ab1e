using System;
using System.Threading;
using System.Threading.Tasks;
using WxContracts.Push;

namespace WxContracts.AspNetCore.Push;

/// <summary>Where a push came from: the account and whether it arrived encrypted.</summary>
/// <param name="Account">The account name the callback was mapped for (<see cref="Microsoft.Extensions.Options.Options.DefaultName"/> for the single account).</param>
/// <param name="Encrypted">Whether the push arrived encrypted.</param>
/// <param name="Services">The handler's own scope (it outlives the request when the handler runs past the deadline).</param>
public sealed record WxPushContext(string Account, bool Encrypted, IServiceProvider Services);

/// <summary>Handles one kind of push; register it in DI (<c>AddScoped&lt;IWxPushHandler&lt;TextMessage&gt;, MyHandler&gt;()</c>).</summary>
/// <typeparam name="T">The generated push class (<see cref="TextMessage"/>, <see cref="SubscribeEvent"/>…).</typeparam>
public interface IWxPushHandler<in T>
    where T : WxPushMessage
{
    /// <summary>Handles the push; returns the passive reply, or null for none ("success").</summary>
    Task<WxPushReply?> HandleAsync(T message, WxPushContext context, CancellationToken cancellationToken);
}

/// <summary>Handles every push no <see cref="IWxPushHandler{T}"/> takes, including unknown MsgType/Event values.</summary>
public interface IWxPushFallbackHandler
{
    /// <summary>Handles the push; returns the passive reply, or null for none.</summary>
    Task<WxPushReply?> HandleAsync(WxPushMessage message, WxPushContext context, CancellationToken cancellationToken);
}

/// <summary>Sends a reply the handler produced after the deadline, when the passive reply is no longer possible.</summary>
public interface IWxLateReplySender
{
    /// <summary>Sends <paramref name="reply"/> to the sender of <paramref name="message"/> (through the customer-service message API by default).</summary>
    Task SendAsync(string account, WxPushMessage message, WxPushReply reply, CancellationToken cancellationToken);
}

internal sealed class DelegatePushHandler<T> : IWxPushHandler<T>
    where T : WxPushMessage
{
    private readonly Func<T, WxPushContext, CancellationToken, Task<WxPushReply?>> _handle;

    public DelegatePushHandler(Func<T, WxPushContext, CancellationToken, Task<WxPushReply?>> handle) => _handle = handle;

    public Task<WxPushReply?> HandleAsync(T message, WxPushContext context, CancellationToken cancellationToken) => _handle(message, context, cancellationToken);
}

internal sealed class DelegateFallbackHandler : IWxPushFallbackHandler
{
    private readonly Func<WxPushMessage, WxPushContext, CancellationToken, Task<WxPushReply?>> _handle;

    public DelegateFallbackHandler(Func<WxPushMessage, WxPushContext, CancellationToken, Task<WxPushReply?>> handle) => _handle = handle;

    public Task<WxPushReply?> HandleAsync(WxPushMessage message, WxPushContext context, CancellationToken cancellationToken) => _handle(message, context, cancellationToken);
}
