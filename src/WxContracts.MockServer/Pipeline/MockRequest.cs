using System.Collections.Generic;
using System.Globalization;
using WxContracts.Specs.Model;
using WxContracts.Specs.Parsing;

namespace WxContracts.MockServer.Pipeline;

/// <summary>A request that passed validation: its endpoint, query parameters and JSON body or multipart form.</summary>
internal sealed class MockRequest
{
    public MockRequest(EndpointSpec spec, IReadOnlyDictionary<string, string> query, JObject? body, string? bodyText = null, MockForm? form = null)
    {
        Spec = spec;
        Query = query;
        Body = body;
        BodyText = bodyText;
        Form = form;
    }

    public EndpointSpec Spec { get; }

    public IReadOnlyDictionary<string, string> Query { get; }

    public JObject? Body { get; }

    /// <summary>The JSON body as it arrived (for behaviours that keep or echo structured values).</summary>
    public string? BodyText { get; }

    /// <summary>The multipart form of an upload endpoint.</summary>
    public MockForm? Form { get; }

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

        if (Form is not null && Form.Fields.TryGetValue(name, out var part))
        {
            return part;
        }

        return Query.TryGetValue(name, out var value) ? value : null;
    }

    public long? Int64(string name) =>
        long.TryParse(Text(name), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

    public bool Bool(string name) => Text(name) == "true";
}
