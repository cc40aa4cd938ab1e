using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Microsoft.Extensions.Logging;

namespace WxContracts.Reliability.Tests;

/// <summary>
/// Writes every log line (all levels, with its structured values and exception) to a temporary file, so that a soak
/// of ten thousand calls can be searched for secrets afterwards without holding the lines in memory. Counts the
/// events per category and event id as it goes.
/// </summary>
internal sealed class FileLogSink : ILoggerProvider
{
    private readonly object _gate = new();
    private readonly StreamWriter _writer;
    private readonly ConcurrentDictionary<(string Category, int EventId), long> _events = new();
    private long _lines;

    public FileLogSink()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "wxc-soak-" + Guid.NewGuid().ToString("N") + ".log");
        _writer = new StreamWriter(Path, append: false, new UTF8Encoding(false));
    }

    public string Path { get; }

    public long Lines => System.Threading.Interlocked.Read(ref _lines);

    /// <summary>How many events with <paramref name="eventId"/> were logged by categories that end with <paramref name="categorySuffix"/>.</summary>
    public long Count(string categorySuffix, int eventId)
    {
        long n = 0;
        foreach (var pair in _events)
        {
            if (pair.Key.EventId == eventId && pair.Key.Category.EndsWith(categorySuffix, StringComparison.Ordinal))
            {
                n += pair.Value;
            }
        }

        return n;
    }

    /// <summary>Adds a text that is not a log line (an exception's ToString()) to the file, so one search covers both.</summary>
    public void Append(string text)
    {
        lock (_gate)
        {
            _writer.WriteLine(text.Replace('\n', ' '));
        }
    }

    /// <summary>Flushes and reads the lines back; each line is yielded once.</summary>
    public IEnumerable<string> ReadLines()
    {
        lock (_gate)
        {
            _writer.Flush();
        }

        return File.ReadLines(Path);
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
        lock (_gate)
        {
            _writer.Dispose();
        }

        File.Delete(Path);
    }

    private void Write(string category, LogLevel level, EventId eventId, string text)
    {
        _events.AddOrUpdate((category, eventId.Id), 1, static (_, n) => n + 1);
        System.Threading.Interlocked.Increment(ref _lines);
        lock (_gate)
        {
            _writer.Write(level);
            _writer.Write(' ');
            _writer.Write(category);
            _writer.Write('[');
            _writer.Write(eventId.Id);
            _writer.Write("] ");
            _writer.WriteLine(text.Replace('\n', ' '));
        }
    }

    private sealed class Logger : ILogger
    {
        private readonly FileLogSink _sink;
        private readonly string _category;

        public Logger(FileLogSink sink, string category)
        {
            _sink = sink;
            _category = category;
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = new StringBuilder(formatter(state, exception));
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var pair in values)
                {
                    text.Append(' ').Append(pair.Key).Append('=').Append(pair.Value);
                }
            }

            if (exception is not null)
            {
                text.Append(' ').Append(exception);
            }

            _sink.Write(_category, logLevel, eventId, text.ToString());
        }
    }
}
