using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WxContracts.AspNetCore.Push;
using WxContracts.MockServer.Push;
using Xunit;

namespace WxContracts.Push.Tests;

/// <summary>Two accounts on one app, at /wechat/a and /wechat/b, each with its own Token, EncodingAESKey and AppID.</summary>
public class MultiAccountTests
{
    private sealed record Account(string Name, string Token, string AesKey, string AppId);

    private static readonly Account s_a = new("a", "tokenAlpha1", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "wx00000000000000aa");
    private static readonly Account s_b = new("b", "tokenBravo2", "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut", "wx00000000000000bb");

    [Theory]
    [InlineData(WxCallbackMode.Safe)]
    [InlineData(WxCallbackMode.Plaintext)]
    public async Task Each_account_verifies_and_decrypts_with_its_own_settings_and_refuses_the_others(WxCallbackMode mode)
    {
        var seen = new ConcurrentQueue<(string Account, bool Encrypted, string Content)>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        WxCallbackBuilder? callbacks = null;
        foreach (var account in new[] { s_a, s_b })
        {
            callbacks = builder.Services.AddWxCallback(account.Name, o =>
            {
                o.Token = account.Token;
                o.EncodingAESKey = account.AesKey;
                o.AppId = account.AppId;
                o.Mode = mode;
            });
        }

        callbacks!.On<TextMessage>((m, context, _) =>
        {
            seen.Enqueue((context.Account, context.Encrypted, m.Content ?? string.Empty));
            return Task.FromResult<WxPushReply?>(new TextReply { Content = "from " + context.Account + ": " + m.Content });
        });
        await using var app = builder.Build();
        app.MapWxCallback("/wechat/a", s_a.Name);
        app.MapWxCallback("/wechat/b", s_b.Name);
        await app.StartAsync();
        var root = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        Uri Path(Account account) => new(root + "/wechat/" + account.Name);

        using var pusher = new WxMockPusher();
        var encrypt = mode == WxCallbackMode.Safe;
        WxMockPushRequest Push(Account target, string token, string key, string appId, string content, long msgId) => new()
        {
            Url = Path(target),
            Xml = CallbackTests.Text(content, msgId),
            Token = token,
            EncodingAESKey = key,
            AppId = appId,
            Encrypt = encrypt,
            Tries = 1,
        };

        // Each account's own pushes: verified, decrypted (replies encrypted with its own key, checked by the mock), handled as its own.
        foreach (var (account, id) in new[] { (s_a, 1L), (s_b, 2L) })
        {
            var result = await pusher.PushAsync(Push(account, account.Token, account.AesKey, account.AppId, "hi " + account.Name, id));
            Assert.True(result.Delivered);
            Assert.Equal(encrypt, result.ReplyWasEncrypted);
            Assert.True(result.ReplySignatureValid);
            Assert.Equal("from " + account.Name + ": hi " + account.Name, Assert.IsType<TextReply>(WxPush.ParseReply(result.Reply!)).Content);
        }

        Assert.Equal(new[] { ("a", encrypt, "hi a"), ("b", encrypt, "hi b") }, seen.ToArray());

        // The other account's push, signed (and encrypted) with its own settings: refused by the signature.
        var crossed = new[]
        {
            await pusher.PushAsync(Push(s_a, s_b.Token, s_b.AesKey, s_b.AppId, "b to a", 3)),
            await pusher.PushAsync(Push(s_b, s_a.Token, s_a.AesKey, s_a.AppId, "a to b", 4)),
        };
        Assert.All(crossed, r => Assert.Equal(403, Assert.Single(r.Attempts).Status));

        if (encrypt)
        {
            // Signed with A's token but encrypted with B's key and AppID: A cannot decrypt it (bad padding or length).
            var wrongKey = await pusher.PushAsync(Push(s_a, s_a.Token, s_b.AesKey, s_b.AppId, "key of b", 5));
            Assert.Equal(400, Assert.Single(wrongKey.Attempts).Status);

            // A's token and key, but B's AppID inside: A decrypts it and refuses the AppID.
            var wrongApp = await pusher.PushAsync(Push(s_a, s_a.Token, s_a.AesKey, s_b.AppId, "appid of b", 6));
            Assert.Equal(403, Assert.Single(wrongApp.Attempts).Status);
        }

        Assert.Equal(2, seen.Count);
        await app.StopAsync();
    }
}
