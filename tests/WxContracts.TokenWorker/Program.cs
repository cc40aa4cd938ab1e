using System;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using WxContracts;

// Usage: TokenWorker --redis <StackExchange.Redis configuration> --base http://127.0.0.1:port --appid ID[,ID...]
//                    --secret-env VAR [--lock-ms N] [--wait-for-go]
// VAR holds the AppSecrets, comma-separated in the order of the AppIDs. Prints "ready", optionally waits for "go" on
// stdin, gets every account's token at once through one Redis store, then prints "token-sha256:<hex>" per account in
// the order of the AppIDs (never a token itself).
string Arg(string name, string? fallback = null)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback ?? throw new ArgumentException("missing " + name);
}

try
{
    var appIds = Arg("--appid").Split(',');
    var secrets = (Environment.GetEnvironmentVariable(Arg("--secret-env")) ?? string.Empty).Split(',');
    var keyPrefix = Environment.GetEnvironmentVariable("WXC_TOKEN_KEY");
    await using var store = new RedisWxTokenStore(Arg("--redis"));
    using var http = new HttpClient();
    var providers = appIds.Select((appId, i) =>
    {
        var options = new WxClientOptions
        {
            AppId = appId,
            AppSecret = secrets[Math.Min(i, secrets.Length - 1)],
            TokenLockExpiry = TimeSpan.FromMilliseconds(int.Parse(Arg("--lock-ms", "15000"))),
            TokenCacheKey = keyPrefix is null ? null : appIds.Length == 1 ? keyPrefix : keyPrefix + ":" + appId,
        };
        options.Transport.BaseAddress = new Uri(Arg("--base"));
        return new WxAccessTokenProvider(http, options, store);
    }).ToList();

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
    var tokens = await Task.WhenAll(providers.Select(p => p.GetAccessTokenAsync(cts.Token).AsTask()));
    foreach (var token in tokens)
    {
        Console.WriteLine("token-sha256:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token))));
    }

    providers.ForEach(p => p.Dispose());
    return 0;
}
catch (Exception ex)
{
    Console.WriteLine($"error: {ex.GetType().Name}: {ex.Message}");
    return 1;
}
