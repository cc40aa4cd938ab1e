using System;
using System.Globalization;

namespace WxContracts.MockServer;

/// <summary>
/// One API request as the mock saw it. Secrets are already redacted: <c>access_token</c>, <c>secret</c> and
/// similar values read <c>***</c> in <see cref="Query"/> and <see cref="Body"/>.
/// </summary>
/// <param name="Sequence">1 for the first request, then one more for each.</param>
/// <param name="Time">When the request arrived, on the mock's clock.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The URL path.</param>
/// <param name="Query">The query string (redacted), with the leading '?', or empty.</param>
/// <param name="Body">The request body (redacted), or null when there was none or it was not read.</param>
/// <param name="Endpoint">The spec name of the endpoint (e.g. ReplyComment), or null for an unknown path.</param>
/// <param name="Status">The HTTP status sent, or 0 when the connection was reset.</param>
/// <param name="ErrCode">The errcode answered: 0 for a success (also when the body, like a token answer, carries none); null when no WeChat answer was sent (connection reset, HTTP error, HTML page, unknown path).</param>
/// <param name="Fault">The injected fault that fired (its snake_case name), or null.</param>
/// <param name="Detail">Why the request was refused, or notes such as ignored unknown fields; null otherwise.</param>
public sealed record WxMockJournalEntry(
    long Sequence,
    DateTimeOffset Time,
    string Method,
    string Path,
    string Query,
    string? Body,
    string? Endpoint,
    int Status,
    int? ErrCode,
    string? Fault,
    string? Detail)
{
    /// <summary>One line for a console: time, method, path and query, status, errcode, fault.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"#{Sequence} {Time:HH:mm:ss.fff} {Method} {Path}{Query} -> {(Status == 0 ? "connection reset" : "HTTP " + Status)}{(ErrCode is null ? string.Empty : " errcode " + ErrCode)}{(Fault is null ? string.Empty : " [fault " + Fault + "]")}{(Detail is null ? string.Empty : " (" + Detail + ")")}");
}
