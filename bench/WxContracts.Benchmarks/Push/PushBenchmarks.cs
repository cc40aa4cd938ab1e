using System;
using System.Buffers;
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
/// message type.
/// <list type="bullet">
/// <item>(a) is the library's path, as <c>WxCallbackProcessor</c> runs it: <see cref="WxCallbackCrypto"/> (signatures
/// hashed from stack buffers with a reused <see cref="System.Security.Cryptography.IncrementalHash"/>, base64 and AES
/// into one pooled buffer with a reused decryptor transform), <see cref="WxCallbackProcessor.ReadEnvelope"/> and the generated <see cref="WxPush.Parse(ReadOnlyMemory{byte})"/>
/// (the UTF-8 scanner <see cref="WxPushReader"/>), then a type switch.</item>
/// <item>(b), the baseline, is what a user writes by hand: <see cref="XDocument"/> loaded through an
/// <see cref="XmlReader"/> with DTDs prohibited and no resolver, values read with the explicit conversions, and the
/// crypto calls of <see cref="PlainCrypto"/> (string concatenation and <see cref="System.Security.Cryptography.SHA1"/>,
/// <see cref="Convert.FromBase64String(string)"/>, a new <see cref="System.Security.Cryptography.Aes"/> per message).</item>
/// <item>(c) is the same with <see cref="XmlSerializer"/> into a flat class instead of XDocument.</item>
/// </list>
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
    private readonly PlainCrypto _plainCrypto = new(Token, AesKey, AppId);
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
        if (!_crypto.VerifySignature(_signature, _timestamp, Nonce))
        {
            throw new InvalidOperationException("bad signature");
        }

        return Dispatch(WxPush.Parse(_plain));
    }

    [Benchmark(Baseline = true, Description = "(b) XDocument"), BenchmarkCategory("Plaintext")]
    public string Plaintext_XDocument()
    {
        VerifyPlain();
        return DispatchXDocument(_plain);
    }

    [Benchmark(Description = "(c) XmlSerializer"), BenchmarkCategory("Plaintext")]
    public string Plaintext_XmlSerializer()
    {
        VerifyPlain();
        return DispatchSerialized(_plain);
    }

    // ---- the XML part alone: parse + dispatch of the plaintext message, no signature (for where the time goes) ----

    [Benchmark(Description = "(a) WxPush.Parse"), BenchmarkCategory("XmlOnly")]
    public string XmlOnly_WxContracts() => Dispatch(WxPush.Parse(_plain));

    [Benchmark(Baseline = true, Description = "(b) XDocument"), BenchmarkCategory("XmlOnly")]
    public string XmlOnly_XDocument() => DispatchXDocument(_plain);

    [Benchmark(Description = "(c) XmlSerializer"), BenchmarkCategory("XmlOnly")]
    public string XmlOnly_XmlSerializer() => DispatchSerialized(_plain);

    // ---- safe mode: signature + envelope + msg_signature + AES + parse + dispatch ----

    [Benchmark(Description = "(a) WxPush.Parse"), BenchmarkCategory("Safe")]
    public string Safe_WxContracts()
    {
        if (!_crypto.VerifySignature(_signature, _timestamp, Nonce))
        {
            throw new InvalidOperationException("bad signature");
        }

        // What WxCallbackProcessor does: one pooled buffer for the Encrypt text, the ciphertext and the plaintext.
        var buffer = ArrayPool<byte>.Shared.Rent(_envelope.Length + WxCallbackCrypto.DecryptBufferLength(_envelope.Length));
        try
        {
            var length = WxCallbackProcessor.ReadEnvelope(_envelope, buffer);
            if (length <= 0)
            {
                throw new InvalidOperationException("no envelope");
            }

            var encrypt = buffer.AsSpan(0, length);
            if (!_crypto.VerifyMessageSignature(_msgSignature, _timestamp, Nonce, encrypt)
                || _crypto.TryDecrypt(encrypt, buffer, _envelope.Length, out var range) != WxCallbackCryptoError.None)
            {
                throw new InvalidOperationException("bad msg_signature or ciphertext");
            }

            return Dispatch(WxPush.Parse(buffer.AsMemory(range)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }

    [Benchmark(Baseline = true, Description = "(b) XDocument"), BenchmarkCategory("Safe")]
    public string Safe_XDocument()
    {
        VerifyPlain();
        XDocument envelope;
        using (var reader = XmlReader.Create(new MemoryStream(_envelope, writable: false), s_safe))
        {
            envelope = XDocument.Load(reader);
        }

        var encrypt = envelope.Root?.Element("Encrypt")?.Value ?? throw new InvalidOperationException("no envelope");
        return DispatchXDocument(DecryptPlain(encrypt));
    }

    [Benchmark(Description = "(c) XmlSerializer"), BenchmarkCategory("Safe")]
    public string Safe_XmlSerializer()
    {
        VerifyPlain();
        SerializedEnvelope envelope;
        using (var reader = XmlReader.Create(new MemoryStream(_envelope, writable: false), s_safe))
        {
            envelope = (SerializedEnvelope)s_envelopeSerializer.Deserialize(reader)!;
        }

        return DispatchSerialized(DecryptPlain(envelope.Encrypt ?? throw new InvalidOperationException("no envelope")));
    }

    private void VerifyPlain()
    {
        if (!_plainCrypto.VerifySignature(_signature, _timestamp, Nonce))
        {
            throw new InvalidOperationException("bad signature");
        }
    }

    private byte[] DecryptPlain(string encrypt)
    {
        if (!_plainCrypto.VerifyMessageSignature(_msgSignature, _timestamp, Nonce, encrypt))
        {
            throw new InvalidOperationException("bad msg_signature");
        }

        return _plainCrypto.Decrypt(encrypt) ?? throw new InvalidOperationException("bad ciphertext");
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
