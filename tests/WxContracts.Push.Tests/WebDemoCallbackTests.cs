using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WxContracts.MockServer;
using Xunit;

namespace WxContracts.Push.Tests;

/// <summary>samples/WebDemo's /wechat, pushed to by the mock over its admin route POST /__mock/push.</summary>
public class WebDemoCallbackTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_demo_echoes_hello_and_welcomes_a_follower(bool safeMode)
    {
        await using var mock = await WxMockServer.StartAsync(new WxMockOptions { AppId = "wxdemo0000000001", AppSecret = "demo-secret" });
        var args = new List<string>
        {
            "--urls", "http://127.0.0.1:0",
            "--WeChat:AppId", "wxdemo0000000001", "--WeChat:AppSecret", "demo-secret",
            "--WeChat:Mock", "false", "--WeChat:Server", mock.BaseAddress.ToString(),
            "--WeChat:Callback:Token", "demotoken42",
        };
        if (safeMode)
        {
            args.AddRange(new[] { "--WeChat:Callback:EncodingAESKey", CryptoVectorTests.AesKey });
        }

        var app = await WebDemo.DemoApp.BuildAsync(args.ToArray(), b => b.Logging.ClearProviders());
        await app.StartAsync();
        try
        {
            var site = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/wechat");
            using var http = new HttpClient();
            async Task<JsonElement> PushAsync(string xml)
            {
                using var response = await http.PostAsJsonAsync(new Uri(mock.BaseAddress, "__mock/push"), new
                {
                    url = site.ToString(), xml, token = "demotoken42", encodingAesKey = CryptoVectorTests.AesKey, appId = "wxdemo0000000001", encrypt = safeMode,
                });
                Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
                return await response.Content.ReadFromJsonAsync<JsonElement>();
            }

            var hello = await PushAsync(CallbackTests.Text("hello"));
            Assert.Equal(safeMode, hello.GetProperty("replyWasEncrypted").GetBoolean());
            Assert.True(hello.GetProperty("replySignatureValid").GetBoolean());
            Assert.Equal("echo: hello", Assert.IsType<TextReply>(WxPush.ParseReply(hello.GetProperty("reply").GetString()!)).Content);

            var welcome = await PushAsync(CallbackTests.Subscribe());
            Assert.Equal(WebDemo.DemoCallback.Welcome, Assert.IsType<TextReply>(WxPush.ParseReply(welcome.GetProperty("reply").GetString()!)).Content);

            // The mock journals both deliveries.
            using var deliveries = await http.GetAsync(new Uri(mock.BaseAddress, "__mock/push"));
            Assert.Equal(2, (await deliveries.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength());
            Assert.Equal(2, mock.Pusher.Deliveries.Count);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
