using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WxContracts.AspNetCore.Push;

namespace WxContracts.Push.Tests;

/// <summary>A Kestrel app on 127.0.0.1 that maps /wechat with the given options and handlers, recording every log line.</summary>
internal sealed class CallbackHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private CallbackHost(WebApplication app, Uri url, LogSink logs)
    {
        _app = app;
        Url = url;
        Logs = logs;
    }

    public Uri Url { get; }

    public LogSink Logs { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<CallbackHost> StartAsync(Action<WxCallbackOptions> configure, Action<WxCallbackBuilder>? handlers = null, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        var logs = new LogSink();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddProvider(logs);
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        services?.Invoke(builder.Services);
        var callback = builder.Services.AddWxCallback(configure);
        handlers?.Invoke(callback);
        var app = builder.Build();
        app.MapWxCallback("/wechat");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new CallbackHost(app, new Uri(address.TrimEnd('/') + "/wechat"), logs);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal sealed class LogSink : ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, string Category, string Text)> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public string All => string.Join("\n", Lines.Select(l => l.Level + " " + l.Category + ": " + l.Text));

    public void Dispose()
    {
    }

    private sealed class Logger : ILogger
    {
        private readonly LogSink _sink;
        private readonly string _category;

        public Logger(LogSink sink, string category)
        {
            _sink = sink;
            _category = category;
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _sink.Lines.Enqueue((logLevel, _category, formatter(state, exception) + (exception is null ? string.Empty : " | " + exception)));
    }
}

/// <summary>Counts handler calls per type.</summary>
internal sealed class Calls
{
    private readonly ConcurrentDictionary<string, int> _counts = new();

    public void Add(string name) => _counts.AddOrUpdate(name, 1, (_, n) => n + 1);

    public int this[string name] => _counts.TryGetValue(name, out var n) ? n : 0;

    public int Total => _counts.Values.Sum();
}
