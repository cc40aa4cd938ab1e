using System;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using WxContracts.MockServer.Pipeline;

namespace WxContracts.MockServer.Behaviours;

/// <summary>A behaviour given as a function, for the small stateful handlers of one family.</summary>
internal sealed class DelegateBehaviour : IMockBehaviour
{
    private readonly Func<MockRequest, MockReply> _handle;

    public DelegateBehaviour(string path, Func<MockRequest, MockReply> handle)
    {
        Path = path;
        _handle = handle;
    }

    public string Path { get; }

    public MockReply Handle(MockRequest request) => _handle(request);
}

/// <summary>Reading validated JSON bodies and writing answers for the stateful behaviours.</summary>
internal static class BehaviourKit
{
    private static readonly JsonSerializerOptions s_write = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The request body as a JSON object (the validator has checked it is one); empty when there is none.</summary>
    public static JsonObject Body(MockRequest request) =>
        request.BodyText is { } text && JsonNode.Parse(text) is JsonObject obj ? obj : new JsonObject();

    /// <summary>A success answer; <c>errcode</c>/<c>errmsg</c> are written first when <paramref name="envelope"/> is set.</summary>
    public static MockReply Ok(JsonObject answer, bool envelope = false)
    {
        if (envelope)
        {
            var withEnvelope = new JsonObject { ["errcode"] = 0, ["errmsg"] = "ok" };
            foreach (var pair in answer)
            {
                withEnvelope[pair.Key] = pair.Value?.DeepClone();
            }

            answer = withEnvelope;
        }

        return MockReply.Json(answer.ToJsonString(s_write), 0);
    }

    /// <summary><c>{"errcode":0,"errmsg":"ok"}</c>.</summary>
    public static MockReply Ok() => MockReply.Json(ErrorReplies.Envelope(0, "ok"), 0);

    public static string? String(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;

    /// <summary>A number, or a number written as a string (the specs accept both for ids).</summary>
    public static long? Int64(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return null;
        }

        if (value.TryGetValue<long>(out var n))
        {
            return n;
        }

        if (value.TryGetValue<double>(out var d) && Math.Abs(d % 1) < double.Epsilon)
        {
            return (long)d;
        }

        return value.TryGetValue<string>(out var s) && long.TryParse(s, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
    }

    public static int Utf8Length(string text) => Encoding.UTF8.GetByteCount(text);
}
