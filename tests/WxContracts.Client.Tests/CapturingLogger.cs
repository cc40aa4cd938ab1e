using System;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace WxContracts.Client.Tests;

/// <summary>Keeps every formatted log line (with exceptions) so tests can search them for secrets.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public ILogger<T> For<T>() => new Logger<T>(new Factory(this));

    public void Dispose()
    {
    }

    private sealed class Factory : ILoggerFactory
    {
        private readonly CapturingLoggerProvider _provider;

        public Factory(CapturingLoggerProvider provider) => _provider = provider;

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public ILogger CreateLogger(string categoryName) => _provider.CreateLogger(categoryName);

        public void Dispose()
        {
        }
    }

    private sealed class Logger : ILogger
    {
        private readonly CapturingLoggerProvider _provider;
        private readonly string _category;

        public Logger(CapturingLoggerProvider provider, string category)
        {
            _provider = provider;
            _category = category;
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = $"{logLevel} {_category}[{eventId.Id}] {formatter(state, exception)}";
            if (state is System.Collections.Generic.IEnumerable<System.Collections.Generic.KeyValuePair<string, object?>> values)
            {
                foreach (var pair in values)
                {
                    line += $" {pair.Key}={pair.Value}";
                }
            }

            _provider.Lines.Enqueue(exception is null ? line : line + " " + exception);
        }
    }
}
