using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using WxContracts.AspNetCore.Push;
using WxContracts.MockServer.Push;
using Xunit;
using Xunit.Abstractions;

namespace WxContracts.Push.Tests;

/// <summary>
/// Messages per second through MapWxCallback on Kestrel (127.0.0.1) in safe mode: distinct encrypted text messages,
/// signed and encrypted before the clock starts, posted by 8 concurrent clients; each is verified, decrypted, parsed,
/// claimed, handled and answered with an encrypted passive reply. A reported figure, not an asserted time.
/// </summary>
public class CallbackThroughputTests
{
    private const int Messages = 3000;
    private const int Clients = 8;
    private readonly ITestOutputHelper _output;

    public CallbackThroughputTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task Safe_mode_messages_per_second_on_loopback()
    {
        var calls = new Calls();
        await using var host = await CallbackHost.StartAsync(o => CallbackTests.Options(o, WxCallbackMode.Safe), b => CallbackTests.Echo(b, calls));
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = Clients });
        var requests = Enumerable.Range(0, Messages + 200).Select(i => Request(host, i)).ToArray();

        // Warm-up (JIT, connections): not counted.
        await RunAsync(http, requests.AsMemory(Messages, 200));
        var watch = Stopwatch.StartNew();
        var replies = await RunAsync(http, requests.AsMemory(0, Messages));
        watch.Stop();

        Assert.Equal(Messages + 200, calls["text"]);
        Assert.All(replies, r => Assert.StartsWith("<xml><Encrypt>", r, StringComparison.Ordinal));
        var perSecond = Messages / watch.Elapsed.TotalSeconds;
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"safe mode through Kestrel: {Messages} messages, {Clients} clients, {watch.Elapsed.TotalMilliseconds:F0} ms, {perSecond:F0} messages/s, {watch.Elapsed.TotalMilliseconds * 1000 * Clients / Messages:F0} µs per message per client"));
    }

    private static (Uri Url, string Body) Request(CallbackHost host, int i)
    {
        var ts = CallbackTests.Now();
        var nonce = (100000 + i).ToString(CultureInfo.InvariantCulture);
        var encrypt = WxMockPushCrypto.Encrypt(CallbackTests.Text("load " + i, msgId: 500000 + i, from: "o_load" + (i % 50)), CryptoVectorTests.AesKey, CryptoVectorTests.AppId);
        var query = $"?signature={WxMockPushCrypto.Signature(CryptoVectorTests.Token, ts, nonce)}&timestamp={ts}&nonce={nonce}&openid=o_load&encrypt_type=aes&msg_signature={WxMockPushCrypto.Signature(CryptoVectorTests.Token, ts, nonce, encrypt)}";
        return (new Uri(host.Url + query), "<xml><ToUserName><![CDATA[gh_account]]></ToUserName><Encrypt><![CDATA[" + encrypt + "]]></Encrypt></xml>");
    }

    private static async Task<string[]> RunAsync(HttpClient http, ReadOnlyMemory<(Uri Url, string Body)> requests)
    {
        var replies = new string[requests.Length];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests.Length)
            {
                var (url, body) = requests.Span[i];
                using var response = await http.PostAsync(url, new StringContent(body, Encoding.UTF8, "text/xml"));
                response.EnsureSuccessStatusCode();
                replies[i] = await response.Content.ReadAsStringAsync();
            }
        })));
        return replies;
    }
}
