using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using WxContracts.Specs.Model;
using WxContracts.MockServer.Specs;

namespace WxContracts.MockServer.Pipeline;

/// <summary>An answer to an API request. <see cref="Bytes"/>, when set, is sent instead of <see cref="Body"/> (file downloads).</summary>
internal sealed record MockReply(int Status, string ContentType, string Body, int? ErrCode, string? Detail = null)
{
    public const string JsonType = "application/json; charset=utf-8";

    /// <summary>A binary answer (a file); <see cref="Body"/> then only describes it for the journal.</summary>
    public byte[]? Bytes { get; init; }

    public static MockReply Json(string body, int? errCode) => new(200, JsonType, body, errCode);

    public static MockReply File(byte[] bytes, string contentType, string fileName) =>
        new(200, contentType, $"<{bytes.Length} bytes: {fileName}>", 0) { Bytes = bytes };
}

/// <summary>Builds WeChat error answers: <c>{"errcode":N,"errmsg":"… rid: …"}</c> with the errmsg of the spec tables.</summary>
internal sealed class ErrorReplies
{
    private static readonly JsonWriterOptions s_writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly SpecCatalog _catalog;

    public ErrorReplies(SpecCatalog catalog) => _catalog = catalog;

    /// <summary>An error answer; <paramref name="hint"/> goes into errmsg as WeChat's <c>hint: [...]</c> and into the journal.</summary>
    public MockReply Error(int code, EndpointSpec? endpoint, string? hint = null)
    {
        var message = new StringBuilder(_catalog.ErrMsg(code, endpoint));
        if (hint is not null)
        {
            message.Append(" hint: [").Append(hint).Append(']');
        }

        message.Append(" rid: ").Append(NewRid());
        return MockReply.Json(Envelope(code, message.ToString()), code) with { Detail = hint };
    }

    public static string Envelope(int code, string errmsg)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, s_writer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("errcode", code);
            writer.WriteString("errmsg", errmsg);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>A request id shaped like WeChat's (three groups of 8 hex digits).</summary>
    private static string NewRid()
    {
        var hex = System.Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        return hex.Substring(0, 8) + "-" + hex.Substring(8, 8) + "-" + hex.Substring(16, 8);
    }
}
