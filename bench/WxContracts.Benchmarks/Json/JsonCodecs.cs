using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using WxContracts.Api;
using NJ = Newtonsoft.Json;

namespace WxContracts.Benchmarks.Json;

/// <summary>
/// The four ways to read and write one payload, each from UTF-8 bytes to UTF-8 bytes:
/// (a) the generated WxApiJsonContext, (b) System.Text.Json's source generator on the twins,
/// (c) System.Text.Json by reflection on the twins, (d) Newtonsoft.Json on the twins.
/// All four leave nulls out and write non-ASCII text unescaped, as the generated context does.
/// </summary>
public sealed class JsonCodecs<TGenerated, TTwin>
    where TGenerated : class
    where TTwin : class
{
    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly JsonTypeInfo<TGenerated> _generated;
    private readonly JsonTypeInfo<TTwin> _sourceGen;
    private readonly JsonSerializerOptions _reflection;
    private readonly NJ.JsonSerializer _newtonsoft;

    public JsonCodecs(JsonTypeInfo<TGenerated> generated, JsonTypeInfo<TTwin> sourceGen)
    {
        _generated = generated;
        _sourceGen = sourceGen;
        _reflection = JsonSetups.NewOptions();
        _reflection.TypeInfoResolver = new DefaultJsonTypeInfoResolver();
        _reflection.MakeReadOnly();
        _newtonsoft = NJ.JsonSerializer.Create(new NJ.JsonSerializerSettings { NullValueHandling = NJ.NullValueHandling.Ignore });
    }

    public TGenerated ReadGenerated(byte[] utf8) => JsonSerializer.Deserialize(utf8, _generated)!;

    public TTwin ReadSourceGen(byte[] utf8) => JsonSerializer.Deserialize(utf8, _sourceGen)!;

    public TTwin ReadReflection(byte[] utf8) => JsonSerializer.Deserialize<TTwin>(utf8, _reflection)!;

    public TTwin ReadNewtonsoft(byte[] utf8)
    {
        using var text = new StreamReader(new MemoryStream(utf8, writable: false), s_utf8);
        using var json = new NJ.JsonTextReader(text);
        return _newtonsoft.Deserialize<TTwin>(json)!;
    }

    public byte[] WriteGenerated(TGenerated value) => JsonSerializer.SerializeToUtf8Bytes(value, _generated);

    public byte[] WriteSourceGen(TTwin value) => JsonSerializer.SerializeToUtf8Bytes(value, _sourceGen);

    public byte[] WriteReflection(TTwin value) => JsonSerializer.SerializeToUtf8Bytes(value, _reflection);

    public byte[] WriteNewtonsoft(TTwin value)
    {
        using var buffer = new MemoryStream();
        using (var text = new StreamWriter(buffer, s_utf8, bufferSize: 1024, leaveOpen: true))
        using (var json = new NJ.JsonTextWriter(text))
        {
            _newtonsoft.Serialize(json, value);
        }

        return buffer.ToArray();
    }
}

/// <summary>The codecs of the two benchmarked payloads.</summary>
public static class JsonSetups
{
    /// <summary>Options matching the generated context's defaults: nulls left out, non-ASCII unescaped.</summary>
    public static JsonSerializerOptions NewOptions() => new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static TwinJsonContext Twins { get; } = new(NewOptions());

    public static JsonCodecs<GetCurrentAutoReplyInfoResponse, TwinAutoReplyResponse> AutoReply { get; } =
        new(WxApiJsonContext.Default.GetCurrentAutoReplyInfoResponse, Twins.TwinAutoReplyResponse);

    public static JsonCodecs<ReplyCommentRequest, TwinReplyCommentRequest> ReplyComment { get; } =
        new(WxApiJsonContext.Default.ReplyCommentRequest, Twins.TwinReplyCommentRequest);
}
