using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WxContracts.AspNetCore.Push;
using WxContracts.Push;

namespace WebDemo;

/// <summary>
/// The demo's callback URL <c>/wechat</c>: a text message "hello" gets the passive reply "echo: hello", a follow gets a
/// welcome text. Settings from the environment: <c>WX_TOKEN</c>, <c>WX_ENCODING_AES_KEY</c> (safe mode when set),
/// <c>WX_APPID</c>, <c>WX_APPSECRET</c>, <c>WX_BASE_URL</c> (the WeChat API base, e.g. a running mock); when they are
/// unset the demo uses the embedded mock and the token <see cref="DefaultToken"/> in plaintext mode.
/// </summary>
public static class DemoCallback
{
    /// <summary>The callback token when WX_TOKEN is unset.</summary>
    public const string DefaultToken = "webdemotoken";

    /// <summary>The welcome text sent to new followers.</summary>
    public const string Welcome = "Welcome to the WxContracts demo!";

    /// <summary>Maps the WX_* environment variables onto the demo's configuration (WeChat:AppId, AppSecret, Server, Callback:*).</summary>
    public static void ApplyEnvironment(ConfigurationManager configuration)
    {
        var values = new Dictionary<string, string?>();
        void Map(string variable, string key)
        {
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value)
            {
                values[key] = value;
            }
        }

        Map("WX_APPID", "WeChat:AppId");
        Map("WX_APPSECRET", "WeChat:AppSecret");
        Map("WX_BASE_URL", "WeChat:Server");
        Map("WX_TOKEN", "WeChat:Callback:Token");
        Map("WX_ENCODING_AES_KEY", "WeChat:Callback:EncodingAESKey");
        if (values.Count > 0)
        {
            configuration.AddInMemoryCollection(values);
        }
    }

    /// <summary>Registers the callback and its two handlers.</summary>
    public static void Add(IServiceCollection services, IConfiguration weChat)
    {
        var callback = weChat.GetSection("Callback");
        services.AddWxCallback(o =>
        {
            o.Token = callback["Token"] ?? DefaultToken;
            o.AppId = weChat["AppId"];
            o.EncodingAESKey = callback["EncodingAESKey"];
            o.Mode = o.EncodingAESKey is null ? WxCallbackMode.Plaintext : Enum.Parse<WxCallbackMode>(callback["Mode"] ?? nameof(WxCallbackMode.Safe));
        })
        .On<TextMessage>((message, _, _) => Task.FromResult<WxPushReply?>(new TextReply { Content = "echo: " + message.Content }))
        .On<SubscribeEvent>((_, _, _) => Task.FromResult<WxPushReply?>(new TextReply { Content = Welcome }));
    }

    /// <summary>Maps <c>/wechat</c>.</summary>
    public static void Map(WebApplication app) => app.MapWxCallback("/wechat");
}
