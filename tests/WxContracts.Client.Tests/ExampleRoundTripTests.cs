using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using WxContracts.Api;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace WxContracts.Client.Tests;

/// <summary>
/// Every example of every endpoint spec goes through its generated type: deserialize, serialize, and the JSON
/// must be equivalent to the example. Data-driven from specs/, so a new spec is covered by adding the file.
/// </summary>
public class ExampleRoundTripTests
{
    private static IEnumerable<(string File, YamlMappingNode Root)> EndpointSpecs()
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "specs");
        foreach (var file in Directory.EnumerateFiles(dir, "*.yaml", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
        {
            var stream = new YamlStream();
            using (var reader = new StringReader(File.ReadAllText(file)))
            {
                stream.Load(reader);
            }

            var root = (YamlMappingNode)stream.Documents[0].RootNode;

            // Push specs (XML callbacks) round-trip in tests/WxContracts.Push.Tests.
            if (root.Children.TryGetValue(new YamlScalarNode("kind"), out var kind) && ((YamlScalarNode)kind).Value is "global_errors" or "push")
            {
                continue;
            }

            yield return (Path.GetRelativePath(dir, file), root);
        }
    }

    private static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? (node as YamlScalarNode)?.Value : null;

    public static IEnumerable<object[]> Examples() =>
        EndpointSpecs().SelectMany(s => new[] { new object[] { s.File, "request" }, new object[] { s.File, "response" } })
            .Where(x => !(x[1] is "request" && IsMultipart((string)x[0])));

    /// <summary>A multipart upload or a binary body has no JSON request; the mock server's upload and binary-body
    /// tests cover those requests.</summary>
    private static bool IsMultipart(string file) =>
        EndpointSpecs().Single(s => s.File == file).Root.Children.TryGetValue(new YamlScalarNode("call"), out var call)
        && Scalar((YamlMappingNode)call, "body") is "multipart" or "binary";

    /// <summary>Every property of the example landed in a typed member (the spec lists it), at every depth:
    /// nothing was only carried through AdditionalProperties.</summary>
    private static void AssertNoUnknownProperties(object value, string where)
    {
        if (value is System.Collections.IEnumerable list and not string)
        {
            foreach (var item in list)
            {
                if (item is not null)
                {
                    AssertNoUnknownProperties(item, where);
                }
            }

            return;
        }

        var type = value.GetType();
        if (type.Namespace != "WxContracts.Api" || !type.IsClass)
        {
            return;
        }

        foreach (var property in type.GetProperties())
        {
            var v = property.GetValue(value);
            if (property.Name == "AdditionalProperties")
            {
                var extra = (IDictionary<string, JsonElement>?)v;
                Assert.True(extra is null || extra.Count == 0, $"{where}: {type.Name} got unlisted properties {string.Join(", ", extra?.Keys ?? Array.Empty<string>())}");
            }
            else if (v is not null)
            {
                AssertNoUnknownProperties(v, where);
            }
        }
    }

    [Fact]
    public void There_are_endpoint_specs_to_check() => Assert.True(EndpointSpecs().Count() >= 10);

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_round_trips_through_the_generated_type(string specFile, string which)
    {
        var (_, root) = EndpointSpecs().Single(s => s.File == specFile);
        var name = Scalar(root, "name")!;
        Assert.True(root.Children.TryGetValue(new YamlScalarNode("examples"), out var examplesNode), $"{specFile} has no examples");
        var json = Scalar((YamlMappingNode)examplesNode, which);
        Assert.False(json is null, $"{specFile} has no {which} example");

        var type = typeof(WxApiJsonContext).Assembly.GetType($"WxContracts.Api.{name}{(which == "request" ? "Request" : "Response")}");
        if (type is null)
        {
            // No request class: the endpoint takes no body and no query parameters besides the token.
            Assert.Equal("request", which);
            Assert.Equal("request: none", "request: " + Scalar(root, "request"));
            Assert.True(JsonNode.DeepEquals(new JsonObject(), JsonNode.Parse(json!)), $"{specFile}: a request without a class must have the example {{}}");
            return;
        }

        var info = WxApiJsonContext.Default.GetTypeInfo(type);
        Assert.NotNull(info);
        var value = JsonSerializer.Deserialize(json!, (JsonTypeInfo)info!);
        Assert.NotNull(value);
        Assert.IsType(type, value);
        AssertNoUnknownProperties(value!, specFile + " " + which);
        var written = JsonSerializer.Serialize(value, (JsonTypeInfo)info!);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json!), JsonNode.Parse(written)), $"{specFile} {which}:\nexample\n{json}\nwritten\n{written}");
    }
}
