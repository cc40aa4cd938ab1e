using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using WxContracts.Api;
using Xunit;
using Xunit.Abstractions;
using YamlDotNet.RepresentationModel;

namespace WxContracts.Reliability.Tests;

/// <summary>
/// Every generated response type against broken versions of its spec's example: truncated at every byte, values
/// swapped to other JSON kinds, numbers as strings and back, huge strings and arrays, nesting past the depth limit,
/// duplicate keys, invalid UTF-8, trailing garbage. Only the documented exceptions may come out: JsonException from
/// the serializer, WxRequestException / WxApiException from the transport.
/// </summary>
public class ResponseFuzzTests
{
    private readonly ITestOutputHelper _output;

    public ResponseFuzzTests(ITestOutputHelper output) => _output = output;

    public sealed record Endpoint(string Name, string Example, JsonTypeInfo TypeInfo, WxEndpointInfo Info);

    public static IEnumerable<object[]> Endpoints() => LoadEndpoints().Select(e => new object[] { e.Name });

    private static List<Endpoint> LoadEndpoints()
    {
        var list = new List<Endpoint>();
        foreach (var path in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "specs"), "*.yaml", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal))
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(path)));
            var root = (YamlMappingNode)stream.Documents[0].RootNode;
            if (root.Children.ContainsKey(new YamlScalarNode("kind")))
            {
                continue; // the global error table
            }

            var name = ((YamlScalarNode)root.Children[new YamlScalarNode("name")]).Value!;
            var examples = (YamlMappingNode)root.Children[new YamlScalarNode("examples")];
            var example = ((YamlScalarNode)examples.Children[new YamlScalarNode("response")]).Value!;
            var type = typeof(WxApiJsonContext).Assembly.GetType("WxContracts.Api." + name + "Response", throwOnError: true)!;
            var typeInfo = WxApiJsonContext.Default.GetTypeInfo(type)!;
            var info = (WxEndpointInfo)typeof(WxApiEndpoints).GetProperty(name)!.GetValue(null)!;
            list.Add(new Endpoint(name, example, typeInfo, info));
        }

        return list;
    }

    private static Endpoint Get(string name) => LoadEndpoints().Single(e => e.Name == name);

    /// <summary>Deserializes; returns null on success, the exception otherwise. Anything but JsonException fails the test.</summary>
    private static Exception? Read(Endpoint endpoint, byte[] bytes, string what)
    {
        try
        {
            JsonSerializer.Deserialize(bytes, endpoint.TypeInfo);
            return null;
        }
        catch (JsonException ex)
        {
            return ex;
        }
        catch (Exception ex)
        {
            throw new Xunit.Sdk.XunitException($"{endpoint.Name}: {what} threw {ex.GetType().Name}: {ex.Message}\n{Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 300))}");
        }
    }

    /// <summary>Every broken variant of the example for one endpoint.</summary>
    private static IEnumerable<(string What, byte[] Bytes)> Variants(Endpoint endpoint)
    {
        var original = Encoding.UTF8.GetBytes(endpoint.Example);
        for (var i = 0; i < original.Length; i++)
        {
            yield return ($"truncated at {i}", original[..i]);
        }

        var root = JsonNode.Parse(endpoint.Example)!;
        var paths = new List<Func<JsonNode, JsonNode?>>();
        var replacements = new Func<JsonNode?>[]
        {
            () => JsonValue.Create("x"), () => JsonValue.Create("12345678901234567890"), () => JsonValue.Create(-1),
            () => JsonValue.Create(1.5), () => JsonValue.Create(9.3e300), () => JsonValue.Create(true), () => null,
            () => new JsonObject(), () => new JsonArray(), () => new JsonArray(JsonValue.Create(1)),
            () => new JsonObject { ["a"] = new JsonArray() },
        };
        foreach (var (pointer, node) in Walk(root, "$"))
        {
            foreach (var make in replacements)
            {
                var copy = JsonNode.Parse(endpoint.Example)!;
                if (Replace(copy, pointer, make()))
                {
                    yield return ($"{pointer} replaced", Encoding.UTF8.GetBytes(copy.ToJsonString()));
                }
            }

            // Numbers as strings and strings as numbers.
            if (node is JsonValue v)
            {
                var copy = JsonNode.Parse(endpoint.Example)!;
                var replacement = v.TryGetValue<string>(out var s) ? (long.TryParse(s, out var n) ? JsonValue.Create(n) : JsonValue.Create(s.Length)) : JsonValue.Create(v.ToJsonString());
                if (Replace(copy, pointer, replacement))
                {
                    yield return ($"{pointer} number/string swapped", Encoding.UTF8.GetBytes(copy.ToJsonString()));
                }
            }
        }

        var text = endpoint.Example.TrimEnd();
        var inner = text.Substring(1, text.Length - 2).Trim();
        var comma = inner.Length > 0 ? "," : string.Empty;
        yield return ("huge string", Encoding.UTF8.GetBytes("{" + inner + comma + "\"huge\":\"" + new string('x', 1_000_000) + "\"}"));
        yield return ("huge array", Encoding.UTF8.GetBytes("{" + inner + comma + "\"huge\":[" + string.Join(",", Enumerable.Repeat("1", 100_000)) + "]}"));
        yield return ("nesting 200 deep", Encoding.UTF8.GetBytes("{" + inner + comma + "\"deep\":" + new string('[', 200) + new string(']', 200) + "}"));
        yield return ("nesting 10000 deep", Encoding.UTF8.GetBytes("{\"deep\":" + new string('{', 10_000)));
        yield return ("duplicate keys", Encoding.UTF8.GetBytes("{" + inner + comma + inner + "}"));
        yield return ("trailing garbage", Encoding.UTF8.GetBytes(text + "}garbage"));
        yield return ("two documents", Encoding.UTF8.GetBytes(text + text));
        yield return ("empty", Array.Empty<byte>());
        yield return ("json null", Encoding.UTF8.GetBytes("null"));
        yield return ("array", Encoding.UTF8.GetBytes("[" + text + "]"));
        for (var i = 0; i < original.Length; i += Math.Max(1, original.Length / 40))
        {
            foreach (var bad in new byte[] { 0x80, 0xC3, 0xFF, 0xED })
            {
                var copy = (byte[])original.Clone();
                copy[i] = bad;
                yield return ($"invalid UTF-8 0x{bad:X2} at {i}", copy);
            }
        }
    }

    private static IEnumerable<(string Pointer, JsonNode? Node)> Walk(JsonNode? node, string pointer)
    {
        yield return (pointer, node);
        if (node is JsonObject o)
        {
            foreach (var (key, child) in o.ToList())
            {
                foreach (var x in Walk(child, pointer + "." + key))
                {
                    yield return x;
                }
            }
        }
        else if (node is JsonArray a)
        {
            for (var i = 0; i < a.Count; i++)
            {
                foreach (var x in Walk(a[i], pointer + "[" + i + "]"))
                {
                    yield return x;
                }
            }
        }
    }

    private static bool Replace(JsonNode root, string pointer, JsonNode? replacement)
    {
        if (pointer == "$")
        {
            return false;
        }

        var parentPointer = pointer.Substring(0, Math.Max(pointer.LastIndexOf('.'), pointer.LastIndexOf('[')));
        var parent = Walk(root, "$").First(x => x.Pointer == parentPointer).Node;
        var last = pointer.Substring(parentPointer.Length);
        if (parent is JsonObject o && last.StartsWith(".", StringComparison.Ordinal))
        {
            o[last.Substring(1)] = replacement;
            return true;
        }

        if (parent is JsonArray a && last.StartsWith("[", StringComparison.Ordinal))
        {
            a[int.Parse(last.Trim('[', ']'))] = replacement;
            return true;
        }

        return false;
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public void Broken_responses_give_only_JsonException(string name)
    {
        var endpoint = Get(name);
        Assert.Null(Read(endpoint, Encoding.UTF8.GetBytes(endpoint.Example), "the example"));
        var cases = 0;
        var rejected = 0;
        foreach (var (what, bytes) in Variants(endpoint))
        {
            cases++;
            if (Read(endpoint, bytes, what) is not null)
            {
                rejected++;
            }
        }

        _output.WriteLine($"{name}: {cases} broken responses, {rejected} rejected with JsonException, {cases - rejected} read");
        Assert.True(rejected > cases / 2);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Broken_responses_through_the_transport_give_only_the_documented_exceptions(string name)
    {
        var endpoint = Get(name);
        var handler = new CannedHandler();
        using var http = new HttpClient(handler);
        var options = new WxTransportOptions { MaxResponseBytes = 512 * 1024, MaxFileBytes = 512 * 1024 };
        options.Retry.MaxAttempts = 1;
        var transport = new WxHttpTransport(http, new StaticAccessTokenProvider("fuzz-token"), options);
        var send = typeof(IWxTransport).GetMethods().Single(m => m.Name == nameof(IWxTransport.SendAsync) && m.GetGenericArguments().Length == 1)
            .MakeGenericMethod(endpoint.TypeInfo.Type);
        var outcomes = new Dictionary<string, int>();
        // All variants, but only every fifth truncation (the serializer test above covers every byte).
        foreach (var (what, bytes) in Variants(endpoint).Where((v, i) => !v.What.StartsWith("truncated", StringComparison.Ordinal) || i % 5 == 0))
        {
            handler.Body = bytes;
            try
            {
                var task = (Task)send.Invoke(transport, new object[] { endpoint.Info, endpoint.TypeInfo, CancellationToken.None })!;
                await task.WaitAsync(TimeSpan.FromSeconds(10));
                Count(outcomes, "success");
            }
            catch (WxRequestException ex)
            {
                Count(outcomes, ex.Failure.ToString());
                Assert.DoesNotContain("fuzz-token", ex.ToString());
            }
            catch (WxApiException)
            {
                Count(outcomes, "api error");
            }
            catch (Exception ex)
            {
                throw new Xunit.Sdk.XunitException($"{name}: {what} threw {ex.GetType().Name}: {ex.Message}");
            }
        }

        _output.WriteLine($"{name}: " + string.Join(", ", outcomes.Select(kv => $"{kv.Key} {kv.Value}")));
        Assert.True(outcomes.GetValueOrDefault(nameof(WxRequestFailure.BodyTooLarge)) > 0, "the 1 MB body must be refused by the size limit");
    }

    private static void Count(Dictionary<string, int> outcomes, string key) => outcomes[key] = outcomes.GetValueOrDefault(key) + 1;

    private sealed class CannedHandler : HttpMessageHandler
    {
        public byte[] Body { get; set; } = Array.Empty<byte>();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new ByteArrayContent(Body) { Headers = { { "Content-Type", "application/json" } } },
            });
    }
}
