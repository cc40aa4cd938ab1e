using System.Collections.Generic;
using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;

namespace WxContracts;

/// <summary>
/// What generated client methods call: sends one request to an endpoint and returns its decoded response, or
/// throws <see cref="WxApiException"/> (errcode ≠ 0) or <see cref="WxRequestException"/> (no valid response).
/// </summary>
public interface IWxTransport
{
    /// <summary>Calls an endpoint with a request.</summary>
    Task<TResponse> SendAsync<TRequest, TResponse>(
        WxEndpointInfo endpoint,
        TRequest request,
        JsonTypeInfo<TRequest> requestTypeInfo,
        JsonTypeInfo<TResponse> responseTypeInfo,
        CancellationToken cancellationToken)
        where TResponse : WxResponse;

    /// <summary>Calls an endpoint whose request is a multipart/form-data body (file uploads).</summary>
    Task<TResponse> SendMultipartAsync<TRequest, TResponse>(
        WxEndpointInfo endpoint,
        TRequest request,
        JsonTypeInfo<TResponse> responseTypeInfo,
        CancellationToken cancellationToken)
        where TRequest : IWxMultipartRequest
        where TResponse : WxResponse;

    /// <summary>Calls an endpoint that takes no request.</summary>
    Task<TResponse> SendAsync<TResponse>(
        WxEndpointInfo endpoint,
        JsonTypeInfo<TResponse> responseTypeInfo,
        CancellationToken cancellationToken)
        where TResponse : WxResponse;
}

/// <summary>Implemented by generated requests that have query parameters.</summary>
public interface IWxQueryParameters
{
    /// <summary>Adds the request's query parameters.</summary>
    void AppendQuery(WxQueryBuilder query);
}

/// <summary>Collects query parameters; null values are left out.</summary>
public sealed class WxQueryBuilder
{
    private readonly List<KeyValuePair<string, string>> _items = new();

    /// <summary>The parameters added so far.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Items => _items;

    /// <summary>Adds a text parameter.</summary>
    public void Add(string name, string? value)
    {
        if (value is not null)
        {
            _items.Add(new KeyValuePair<string, string>(name, value));
        }
    }

    /// <summary>Adds a number parameter.</summary>
    public void Add(string name, int? value) => Add(name, value?.ToString(CultureInfo.InvariantCulture));

    /// <summary>Adds a number parameter.</summary>
    public void Add(string name, uint? value) => Add(name, value?.ToString(CultureInfo.InvariantCulture));

    /// <summary>Adds a number parameter.</summary>
    public void Add(string name, long? value) => Add(name, value?.ToString(CultureInfo.InvariantCulture));

    /// <summary>Adds a number parameter.</summary>
    public void Add(string name, ulong? value) => Add(name, value?.ToString(CultureInfo.InvariantCulture));

    /// <summary>Adds a number parameter.</summary>
    public void Add(string name, double? value) => Add(name, value?.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>Adds a boolean parameter as <c>true</c>/<c>false</c>.</summary>
    public void Add(string name, bool? value) => Add(name, value is null ? null : value.Value ? "true" : "false");
}
