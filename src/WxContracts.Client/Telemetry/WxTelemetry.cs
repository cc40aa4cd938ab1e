using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace WxContracts;

/// <summary>
/// Names of the runtime's tracing and metrics. Listen to the <see cref="ActivitySourceName"/> activity source and
/// the <see cref="MeterName"/> meter (for example with OpenTelemetry's AddSource/AddMeter).
/// </summary>
public static class WxTelemetry
{
    /// <summary>Activity source: one activity per API call, named <c>WeChat {interface}</c>.</summary>
    public const string ActivitySourceName = "WxContracts";

    /// <summary>Meter with the counters and histogram below.</summary>
    public const string MeterName = "WxContracts";

    /// <summary>Counter: calls completed (tags <c>wx.interface</c>, <c>wx.outcome</c> = success | api_error | request_error).</summary>
    public const string CallsCounter = "wxcontracts.calls";

    /// <summary>Counter: non-zero errcodes (tags <c>wx.interface</c>, <c>wx.errcode</c>).</summary>
    public const string ErrorsCounter = "wxcontracts.errors";

    /// <summary>Counter: retries (tags <c>wx.interface</c>, <c>wx.retry_reason</c>).</summary>
    public const string RetriesCounter = "wxcontracts.retries";

    /// <summary>Counter: access tokens fetched from WeChat (tags <c>wx.token_mode</c>, <c>wx.token_reason</c>).</summary>
    public const string TokenRefreshesCounter = "wxcontracts.token.refreshes";

    /// <summary>Histogram: call duration in milliseconds, retries included (tag <c>wx.interface</c>).</summary>
    public const string CallDurationHistogram = "wxcontracts.call.duration";

    internal static readonly ActivitySource Source = new(ActivitySourceName);
    internal static readonly Meter Meter = new(MeterName);
    internal static readonly Counter<long> Calls = Meter.CreateCounter<long>(CallsCounter, description: "WeChat API calls completed");
    internal static readonly Counter<long> Errors = Meter.CreateCounter<long>(ErrorsCounter, description: "WeChat non-zero errcodes");
    internal static readonly Counter<long> Retries = Meter.CreateCounter<long>(RetriesCounter, description: "WeChat API call retries");
    internal static readonly Counter<long> TokenRefreshes = Meter.CreateCounter<long>(TokenRefreshesCounter, description: "Access tokens fetched from WeChat");
    internal static readonly Histogram<double> CallDuration = Meter.CreateHistogram<double>(CallDurationHistogram, unit: "ms", description: "WeChat API call duration");
}
