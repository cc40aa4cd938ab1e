using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace WxContracts.Client.Tests;

/// <summary>Loggers over <see cref="FakeLoggerProvider"/> at every level, and its records as text to search for secrets.</summary>
internal static class TestLogging
{
    public static ILogger<T> For<T>(this FakeLoggerProvider provider) =>
        LoggerFactory.Create(b => b.AddProvider(provider).SetMinimumLevel(LogLevel.Trace)).CreateLogger<T>();

    /// <summary>Each record as one line: level, category, event id, message, structured values, exception.</summary>
    public static IEnumerable<string> Lines(this FakeLoggerProvider provider) =>
        provider.Collector.GetSnapshot().Select(r =>
            $"{r.Level} {r.Category}[{r.Id.Id}] {r.Message}"
            + string.Concat((r.StructuredState ?? Enumerable.Empty<KeyValuePair<string, string?>>()).Select(p => $" {p.Key}={p.Value}"))
            + (r.Exception is null ? string.Empty : " " + r.Exception));
}
