using System.Collections.Generic;
using System.Globalization;
using WxContracts.Specs.Model;
using WxContracts.Specs.Parsing;

namespace WxContracts.MockServer.Pipeline;

/// <summary>A request that passed validation: its endpoint, query parameters and JSON body.</summary>
internal sealed class MockRequest
{
    public MockRequest(EndpointSpec spec, IReadOnlyDictionary<string, string> query, JObject? body)
    {
        Spec = spec;
        Query = query;
        Body = body;
    }

    public EndpointSpec Spec { get; }

    public IReadOnlyDictionary<string, string> Query { get; }

    public JObject? Body { get; }

    /// <summary>The value of a body field (as its JSON text for numbers), else of a query parameter; null if absent or null.</summary>
    public string? Text(string name)
    {
        if (Body is not null)
        {
            foreach (var property in Body.Properties)
            {
                if (property.Key == name)
                {
                    return property.Value switch
                    {
                        JString s => s.Value,
                        JNumber n => n.Raw,
                        JLiteral { Value: { } b } => b ? "true" : "false",
                        _ => null,
                    };
                }
            }
        }

        return Query.TryGetValue(name, out var value) ? value : null;
    }

    public long? Int64(string name) =>
        long.TryParse(Text(name), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

    public bool Bool(string name) => Text(name) == "true";
}
