using System;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using WxContracts;

// Usage: TokenWorker --redis host:port --base http://127.0.0.1:port --appid ID --secret-env VAR [--lock-ms N] [--wait-for-go]
// Prints "ready", optionally waits for "go" on stdin, then prints "token-sha256:<hex>" (never the token itself).
string Arg(string name, string? fallback = null)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback ?? throw new ArgumentException("missing " + name);
}

try
{
    var options = new WxClientOptions
    {
        AppId = Arg("--appid"),
        AppSecret = Environment.GetEnvironmentVariable(Arg("--secret-env")),
        TokenLockExpiry = TimeSpan.FromMilliseconds(int.Parse(Arg("--lock-ms", "15000"))),
        TokenCacheKey = Environment.GetEnvironmentVariable("WXC_TOKEN_KEY"),
    };
    options.Transport.BaseAddress = new Uri(Arg("--base"));
    await using var redis = new RedisWxCache(Arg("--redis"));
    using var http = new HttpClient();
    using var provider = new WxAccessTokenProvider(http, options, new DistributedWxTokenStore(redis, redis));

    Console.WriteLine("ready");
    if (args.Contains("--wait-for-go"))
    {
        var line = await Console.In.ReadLineAsync();
        if (line != "go")
        {
            return 3;
        }
    }

    using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
    var token = await provider.GetAccessTokenAsync(cts.Token);
    Console.WriteLine("token-sha256:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token))));
    return 0;
}
catch (Exception ex)
{
    Console.WriteLine($"error: {ex.GetType().Name}: {ex.Message}");
    return 1;
}
