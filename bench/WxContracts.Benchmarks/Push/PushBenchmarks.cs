using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Serialization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using WxContracts.AspNetCore.Push;
using WxContracts.Push;

namespace WxContracts.Benchmarks.Push;

/// <summary>
/// One inbound push, as the callback receives it (UTF-8 bytes plus the query's signature parameters), taken to a
/// handler: verify the signature, (safe mode) read the envelope, check msg_signature and decrypt, parse, dispatch on the
/// message type. (a) is the library's path: <see cref="WxCallbackProcessor.ReadEnvelope"/>, <see cref="WxCallbackCrypto"/>,
/// the generated <see cref="WxPush.Parse(ReadOnlyMemory{byte})"/> and a type switch. (b) and (c) replace only the XML
/// work — envelope and message — with <see cref="XDocument"/> (the baseline) and <see cref="XmlSerializer"/>; all three
/// read with DTDs prohibited and no resolver, and share the signature and AES code.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class PushBenchmarks
{
    public const string Token = "pushbench2026";
    public const string AesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    public const string AppId = "wx5823bf96d3bd56c7";
    private const string Nonce = "1320562132";

    private static readonly XmlReaderSettings s_safe = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = 1024 * 1024,
        MaxCharactersFromEntities = 0,
        IgnoreComments = true,
        IgnoreWhitespace = true,
    };

    private static readonly XmlSerializer s_messageSerializer = new(typeof(SerializedPush));
    private static readonly XmlSerializer s_envelopeSerializer = new(typeof(SerializedEnvelope));

    private readonly WxCallbackCrypto _crypto = new(Token, AesKey, AppId);
    private byte[] _plain = null!;
    private byte[] _envelope = null!;
    private string _timestamp = null!;
    private string _signature = null!;
    private string _msgSignature = null!;

    /// <summary>The text message of specs/push/textmessage.yaml's example, as WeChat sends it.</summary>
    public static string MessageXml =>
        "<xml><ToUserName><![CDATA[gh_7f083739789a]]></ToUserName><FromUserName><![CDATA[oia2TjjewbmiOUlr6X-1crbLOvLw]]></FromUserName>" +
        "<CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hello]]></Content><MsgId>23849572938475</MsgId></xml>";

    [GlobalSetup]
    public void Setup()
    {
        _plain = Encoding.UTF8.GetBytes(MessageXml);
        _timestamp = "1700000000";
        _signature = WxCallbackCrypto.Sign(Token, _timestamp, Nonce);
        var encrypt = _crypto.Encrypt(_plain);
        _msgSignature = WxCallbackCrypto.Sign(Token, _timestamp, Nonce, encrypt);
        _envelope = Encoding.UTF8.GetBytes("<xml><ToUserName><![CDATA[gh_7f083739789a]]></ToUserName><Encrypt><![CDATA[" + encrypt + "]]></Encrypt></xml>");
    }

    // ---- plaintext mode: signature + parse + dispatch ----

    [Benchmark(Description = "(a) WxPush.Parse"), BenchmarkCategory("Plaintext")]
    public string Plaintext_WxContracts()
    {
        Verify();
        return Dispatch(WxPush.Parse(_plain));
    }

    [Benchmark(Baseline = true, Description = "(b) XDocument"), BenchmarkCategory("Plaintext")]
    public string Plaintext_XDocument()
    {
        Verify();
        return DispatchXDocument(_plain);
    }

    [Benchmark(Description = "(c) XmlSerializer"), BenchmarkCategory("Plaintext")]
    public string Plaintext_XmlSerializer()
    {
        Verify();
        return DispatchSerialized(_plain);
    }

    // ---- safe mode: signature + envelope + msg_signature + AES + parse + dispatch ----

    [Benchmark(Description = "(a) WxPush.Parse"), BenchmarkCategory("Safe")]
    public string Safe_WxContracts()
    {
        Verify();
        var encrypt = WxCallbackProcessor.ReadEnvelope(_envelope) ?? throw new InvalidOperationException("no envelope");
        return Dispatch(WxPush.Parse(Decrypt(encrypt)));
    }

    [Benchmark(Baseline = true, Description = "(b) XDocument"), BenchmarkCategory("Safe")]
    public string Safe_XDocument()
    {
        Verify();
        XDocument envelope;
        using (var reader = XmlReader.Create(new MemoryStream(_envelope, writable: false), s_safe))
        {
            envelope = XDocument.Load(reader);
        }

        var encrypt = envelope.Root?.Element("Encrypt")?.Value ?? throw new InvalidOperationException("no envelope");
        return DispatchXDocument(Decrypt(encrypt));
    }

    [Benchmark(Description = "(c) XmlSerializer"), BenchmarkCategory("Safe")]
    public string Safe_XmlSerializer()
    {
        Verify();
        SerializedEnvelope envelope;
        using (var reader = XmlReader.Create(new MemoryStream(_envelope, writable: false), s_safe))
        {
            envelope = (SerializedEnvelope)s_envelopeSerializer.Deserialize(reader)!;
        }

        return DispatchSerialized(Decrypt(envelope.Encrypt ?? throw new InvalidOperationException("no envelope")));
    }

    private void Verify()
    {
        if (!_crypto.VerifySignature(_signature, _timestamp, Nonce))
        {
            throw new InvalidOperationException("bad signature");
        }
    }

    private byte[] Decrypt(string encrypt)
    {
        if (!_crypto.VerifyMessageSignature(_msgSignature, _timestamp, Nonce, encrypt) || _crypto.TryDecrypt(encrypt, out var plain) != WxCallbackCryptoError.None)
        {
            throw new InvalidOperationException("bad msg_signature or ciphertext");
        }

        return plain;
    }

    // The "handlers": what each path hands a text message to.
    private static string Dispatch(WxPushMessage message) => message switch
    {
        TextMessage text => "echo: " + text.Content + " #" + text.MsgId?.ToString(CultureInfo.InvariantCulture),
        SubscribeEvent => "welcome",
        _ => "success",
    };

    private static string DispatchXDocument(byte[] xml)
    {
        XDocument document;
        using (var reader = XmlReader.Create(new MemoryStream(xml, writable: false), s_safe))
        {
            document = XDocument.Load(reader);
        }

        var root = document.Root ?? throw new InvalidOperationException("no root");
        switch ((string?)root.Element("MsgType"))
        {
            case "text":
                var text = new TextPoco
                {
                    ToUserName = (string?)root.Element("ToUserName"),
                    FromUserName = (string?)root.Element("FromUserName"),
                    CreateTime = (long?)root.Element("CreateTime") ?? 0,
                    Content = (string?)root.Element("Content"),
                    MsgId = (long?)root.Element("MsgId"),
                };
                return "echo: " + text.Content + " #" + text.MsgId?.ToString(CultureInfo.InvariantCulture);
            case "event" when (string?)root.Element("Event") == "subscribe":
                return "welcome";
            default:
                return "success";
        }
    }

    private static string DispatchSerialized(byte[] xml)
    {
        SerializedPush push;
        using (var reader = XmlReader.Create(new MemoryStream(xml, writable: false), s_safe))
        {
            push = (SerializedPush)s_messageSerializer.Deserialize(reader)!;
        }

        return push.MsgType switch
        {
            "text" => "echo: " + push.Content + " #" + push.MsgId?.ToString(CultureInfo.InvariantCulture),
            "event" when push.Event == "subscribe" => "welcome",
            _ => "success",
        };
    }

    /// <summary>What a hand-written XDocument handler maps a text message to.</summary>
    public sealed class TextPoco
    {
        public string? ToUserName { get; set; }

        public string? FromUserName { get; set; }

        public long CreateTime { get; set; }

        public string? Content { get; set; }

        public long? MsgId { get; set; }
    }

    /// <summary>The flat class peers deserialize every push into with <see cref="XmlSerializer"/>.</summary>
    [XmlRoot("xml")]
    public sealed class SerializedPush
    {
        public string? ToUserName { get; set; }

        public string? FromUserName { get; set; }

        public long CreateTime { get; set; }

        public string? MsgType { get; set; }

        public string? Event { get; set; }

        public string? EventKey { get; set; }

        public string? Content { get; set; }

        public long? MsgId { get; set; }

        public string? PicUrl { get; set; }

        public string? MediaId { get; set; }
    }

    /// <summary>The encrypted envelope.</summary>
    [XmlRoot("xml")]
    public sealed class SerializedEnvelope
    {
        public string? ToUserName { get; set; }

        public string? Encrypt { get; set; }
    }
}
