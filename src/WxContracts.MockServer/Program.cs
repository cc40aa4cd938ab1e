using System;
using System.Runtime.InteropServices;
using System.Threading;
using WxContracts.MockServer;

// dotnet run --project src/WxContracts.MockServer -- [--port N] [--appid X] [--secret Y] [--specs DIR] [--quota N]
// The options, their checks and the exit codes are in MockServerCommand; this only wires the console and the signals.
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

return await MockServerCommand.RunAsync(args, Console.Out, Console.Error, stop.Token);
