using System;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using WxContracts.MockServer;

// dotnet run --project src/WxContracts.MockServer -- [--port N] [--appid X] [--secret Y] [--specs DIR] [--quota N]
var options = new WxMockOptions { OnRequest = entry => Console.WriteLine(entry.ToString()) };
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--port": options.Port = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--appid": options.AppId = Next(); break;
        case "--secret": options.AppSecret = Next(); break;
        case "--specs": options.SpecsDirectory = Next(); break;
        case "--quota": options.DailyQuota = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "-h" or "--help":
            Console.WriteLine("WxContracts mock WeChat server on 127.0.0.1.");
            Console.WriteLine("Options: --port N (0 = free port), --appid X, --secret Y, --specs DIR (default: built-in specs), --quota N (calls a day per endpoint)");
            Console.WriteLine("Admin: GET /__mock/endpoints, /__mock/requests, /__mock/stats, /__mock/faults; POST /__mock/faults, /__mock/tokens/revoke; DELETE /__mock/faults, /__mock/requests");
            return 0;
        default:
            Console.Error.WriteLine($"Unknown option {args[i]} (try --help)");
            return 2;
    }
}

try
{
    await using var mock = await WxMockServer.StartAsync(options);
    Console.WriteLine($"WxContracts mock server listening on {mock.BaseAddress}");
    Console.WriteLine($"AppId {options.AppId}; {mock.EndpointPaths.Count} endpoints: {string.Join(", ", mock.EndpointPaths)}");
    Console.WriteLine($"Journal: {mock.BaseAddress}__mock/requests   Stats: {mock.BaseAddress}__mock/stats   Ctrl+C stops.");

    using var stop = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        stop.Cancel();
    };
    using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
    {
        signal.Cancel = true;
        stop.Cancel();
    });
    await Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
    return 0;
}
catch (WxMockSpecException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 1;
}
catch (Exception ex) when (ex is System.IO.IOException or ArgumentException)
{
    Console.Error.WriteLine("The mock server could not start: " + ex.Message);
    return 1;
}
