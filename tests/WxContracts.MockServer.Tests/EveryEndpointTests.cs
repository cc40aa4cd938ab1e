using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using WxContracts.Api;
using WxContracts.Specs.Binding;
using Binder = WxContracts.Specs.Binding.Binder;
using WxContracts.Specs.Model;
using WxContracts.Specs.Parsing;
using Xunit;
using Xunit.Abstractions;

namespace WxContracts.MockServer.Tests;

/// <summary>
/// One data-driven test over every spec: each endpoint is called once through the generated <see cref="WxApiClient"/>
/// against the embedded mock. The client method is found by its [WxEndpoint] path; the request is the spec's request
/// example read with the generated JSON context, plus the query parameters' examples set through their bound names
/// (and a small file for each file part). The mock runs without state, so every call answers its spec's example.
/// </summary>
public class EveryEndpointTests
{
    private static readonly byte[] s_png = System.Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
    private readonly ITestOutputHelper _output;

    public EveryEndpointTests(ITestOutputHelper output) => _output = output;

    /// <summary>The endpoint specs of the repository by spec name, parsed as the generator parses them.</summary>
    internal static Dictionary<string, EndpointSpec> Specs()
    {
        var dir = Path.Combine(Mock.RepoRoot(), "specs");
        var specs = new Dictionary<string, EndpointSpec>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(dir, "*.yaml", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
        {
            var parsed = SpecParser.Parse(file, File.ReadAllText(file));
            Assert.DoesNotContain(parsed.Diagnostics, d => d.IsError);
            if (parsed.Endpoint is { } endpoint)
            {
                specs.Add(endpoint.Name, endpoint);
            }
        }

        return specs;
    }

    /// <summary>The spec of a client method: by path and interface name, since several specs may share a path.</summary>
    private static EndpointSpec SpecOf(Dictionary<string, EndpointSpec> specs, WxEndpointAttribute endpoint) =>
        specs.Values.Single(s => s.Call.Path == endpoint.Path && s.Interface == endpoint.Interface);

    /// <summary>The paths of the specs, one per spec, sorted.</summary>
    private static List<string> PathsOf(IEnumerable<string> paths) => paths.OrderBy(p => p, StringComparer.Ordinal).ToList();

    /// <summary>Every client method with its endpoint attribute and the group object to call it on.</summary>
    private static List<(object Group, MethodInfo Method, WxEndpointAttribute Endpoint)> ClientMethods(WxApiClient client) =>
        typeof(WxApiClient).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.PropertyType.DeclaringType == typeof(WxApiClient))
            .SelectMany(p => p.PropertyType.GetMethods(BindingFlags.Public | BindingFlags.Instance)
                .Select(m => (Group: p.GetValue(client)!, Method: m, Endpoint: m.GetCustomAttribute<WxEndpointAttribute>()))
                .Where(x => x.Endpoint is not null)
                .Select(x => (x.Group, x.Method, x.Endpoint!)))
            .ToList();

    [Fact]
    public async Task Every_spec_is_called_once_through_the_generated_client_and_answers_its_example()
    {
        var specs = Specs();
        await using var mock = await Mock.StartAsync(o => o.Stateful = false);
        using var http = new HttpClient();
        var client = Mock.Client(mock, http, mock.IssueAccessToken());
        var methods = ClientMethods(client);

        // The client has exactly one method per spec, and the mock serves exactly the specs.
        Assert.Equal(PathsOf(specs.Values.Select(s => s.Call.Path)), PathsOf(methods.Select(m => m.Endpoint.Path)));
        Assert.Equal(PathsOf(specs.Values.Select(s => s.Call.Path)), PathsOf(mock.EndpointPaths));
        Assert.Equal(specs.Count, methods.Select(m => SpecOf(specs, m.Endpoint)).Distinct().Count());

        var failures = new List<string>();
        var watch = Stopwatch.StartNew();
        foreach (var (group, method, endpoint) in methods.OrderBy(m => m.Endpoint.Path, StringComparer.Ordinal))
        {
            var spec = SpecOf(specs, endpoint);
            try
            {
                var bound = Binder.Bind(spec, "WxContracts.Api");
                Assert.Equal(bound.Method.Name, method.Name);
                var args = method.GetParameters().Length == 2
                    ? new[] { BuildRequest(spec, bound, method.GetParameters()[0].ParameterType), CancellationToken.None }
                    : new object?[] { CancellationToken.None };
                var task = (Task)method.Invoke(group, args)!;
                await task;
                var response = (WxResponse)task.GetType().GetProperty("Result")!.GetValue(task)!;
                Assert.Equal(0, response.ErrCode);
                AssertMatchesExample(spec, response);
            }
            catch (Exception ex)
            {
                var inner = ex is TargetInvocationException { InnerException: { } i } ? i : ex;
                failures.Add($"{spec.FilePath} ({spec.Call.HttpMethod} {spec.Call.Path}): {inner.GetType().Name}: {inner.Message}");
            }
        }

        watch.Stop();
        var requests = mock.Journal.Count;
        _output.WriteLine($"{methods.Count} endpoints, {requests} mock requests in {watch.Elapsed.TotalMilliseconds:F0} ms = {requests / watch.Elapsed.TotalSeconds:F0} requests/s (sequential, one client, including client-side serialization)");
        Assert.True(failures.Count == 0, failures.Count + " endpoint(s) failed:\n" + string.Join("\n", failures));
        Assert.Equal(methods.Count, requests); // one request per endpoint: nothing was retried
        Assert.All(mock.Journal.Entries, e => Assert.Equal(0, e.ErrCode));
    }

    [Fact]
    public async Task The_mock_answers_every_spec_under_concurrent_load()
    {
        const int Rounds = 20;
        const int Workers = 8;
        var specs = Specs();
        await using var mock = await Mock.StartAsync(o => o.Stateful = false);
        using var http = new HttpClient();
        var client = Mock.Client(mock, http, mock.IssueAccessToken());
        var calls = ClientMethods(client).Select(m =>
        {
            var spec = SpecOf(specs, m.Endpoint);
            var bound = Binder.Bind(spec, "WxContracts.Api");
            var request = m.Method.GetParameters().Length == 2 ? BuildRequest(spec, bound, m.Method.GetParameters()[0].ParameterType) : null;
            return (Func<Task>)(() => (Task)m.Method.Invoke(m.Group, request is null ? new object?[] { CancellationToken.None } : new[] { request, CancellationToken.None })!);
        }).ToList();
        var queue = new System.Collections.Concurrent.ConcurrentQueue<Func<Task>>(Enumerable.Range(0, Rounds).SelectMany<int, Func<Task>>(_ => calls));
        var total = queue.Count;

        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            while (queue.TryDequeue(out var call))
            {
                await call();
            }
        })));
        watch.Stop();

        _output.WriteLine($"{Rounds} rounds x {calls.Count} endpoints = {total} calls, {Workers} workers: {watch.Elapsed.TotalMilliseconds:F0} ms = {total / watch.Elapsed.TotalSeconds:F0} requests/s");
        Assert.Equal(total, mock.Journal.Count);
        Assert.All(mock.Journal.Entries, e => Assert.Equal(0, e.ErrCode));
    }

    /// <summary>The request of a spec: its request example (generated JSON context), then query examples and file parts by bound name.</summary>
    internal static object BuildRequest(EndpointSpec spec, BoundSpec bound, Type type)
    {
        var hasJsonBody = !spec.Call.Multipart && spec.Request is { Fields.Count: > 0 };
        object request;
        if (hasJsonBody)
        {
            Assert.False(string.IsNullOrWhiteSpace(spec.Examples.Request), "the spec has a request table but no request example");
            request = JsonSerializer.Deserialize(spec.Examples.Request!, WxApiJsonContext.Default.GetTypeInfo(type)!)!;
        }
        else
        {
            request = Activator.CreateInstance(type)!;
        }

        var values = bound.Request!.Query.AsEnumerable();
        if (spec.Call.Multipart)
        {
            values = values.Concat(bound.Request.Fields);
        }

        foreach (var property in values)
        {
            var info = type.GetProperty(property.Name) ?? throw new InvalidOperationException($"{type.Name} has no property {property.Name} for {property.Field.WireName}");
            if (property.Field.WireName == "access_token" && spec.Call.Credential != Credential.None)
            {
                continue; // the transport adds the account's token
            }

            object? value = property.Field.Kind == FieldKind.File
                ? new WxFile("example.png", "image/png", s_png)
                : Credentials(property.Field.WireName) ?? property.Field.Example ?? Placeholder(spec, property.Field);
            if (value is not null)
            {
                info.SetValue(request, value as WxFile ?? ToPropertyType((string)value, info.PropertyType));
            }
        }

        // The token endpoints check the credentials: send the ones the mock was started with.
        foreach (var property in bound.Request.Fields.Where(p => Credentials(p.Field.WireName) is not null && !spec.Call.Multipart))
        {
            type.GetProperty(property.Name)!.SetValue(request, Credentials(property.Field.WireName));
        }

        return request;
    }

    private static string? Credentials(string wireName) => wireName switch
    {
        "appid" => Mock.AppId,
        "secret" or "appsecret" => Mock.Secret,
        _ => null,
    };

    /// <summary>
    /// A value for a required query or form field the spec gives no example for, in the docs' placeholder style
    /// (<c>VOICE_ID</c>), the first value of its enum, or 1 for numbers; optional fields without an example are left out.
    /// </summary>
    private static string? Placeholder(EndpointSpec spec, FieldSpec field) => !field.Required ? null : field.ScalarKind switch
    {
        _ when field.EnumName is { } name => spec.Enums.Single(e => e.Name == name).Values[0].Wire,
        FieldKind.Number => "1",
        FieldKind.Boolean => "true",
        _ => field.WireName.ToUpperInvariant(),
    };

    /// <summary>A query or form example (text) as the property's type: string, number, boolean or a generated enum.</summary>
    private static object ToPropertyType(string text, Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target == typeof(string))
        {
            return text;
        }

        if (target.IsPrimitive || target == typeof(decimal))
        {
            return System.Convert.ChangeType(text, target, CultureInfo.InvariantCulture);
        }

        // Generated enums are value types with a constructor from their wire value.
        var ctor = target.GetConstructors().Single(c => c.GetParameters().Length == 1);
        var wire = ctor.GetParameters()[0].ParameterType;
        return ctor.Invoke(new[] { wire == typeof(string) ? text : System.Convert.ChangeType(text, wire, CultureInfo.InvariantCulture) });
    }

    /// <summary>The response read by the client, written back with the generated context, equals the spec's response example.</summary>
    private static void AssertMatchesExample(EndpointSpec spec, WxResponse response)
    {
        var example = spec.Examples.Response;
        if (string.IsNullOrWhiteSpace(example))
        {
            return;
        }

        // The token endpoints issue real tokens; their answers have the example's shape, not its values.
        var issued = spec.Call.Path is "/cgi-bin/token" or "/cgi-bin/stable_token";
        var written = JsonNode.Parse(JsonSerializer.Serialize(response, WxApiJsonContext.Default.GetTypeInfo(response.GetType())!))!.AsObject();
        var expected = JsonNode.Parse(example)!.AsObject();
        foreach (var envelope in new[] { "errcode", "errmsg" })
        {
            written.Remove(envelope);
            expected.Remove(envelope);
        }

        if (issued)
        {
            Assert.Equal(expected.Select(p => p.Key).OrderBy(k => k), written.Select(p => p.Key).OrderBy(k => k));
            return;
        }

        Assert.True(JsonNode.DeepEquals(expected, written), $"the response read back differs from the example:\nexpected {expected.ToJsonString()}\nread     {written.ToJsonString()}");
    }
}
