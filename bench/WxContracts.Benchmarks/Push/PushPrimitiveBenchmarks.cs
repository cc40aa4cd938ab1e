using System;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using WxContracts.AspNetCore.Push;
using WxContracts.Push;

namespace WxContracts.Benchmarks.Push;

/// <summary>
/// The pieces of <see cref="PushBenchmarks"/> one by one, on the same inputs, to show where a push's time goes and
/// what floor the platform's cryptography sets for every side: SHA-1 of the 33-byte signature input and of the
/// 417-byte msg_signature input, AES-256-CBC of the 288-byte ciphertext (one-shot on a reused <see cref="Aes"/>, a
/// reused decryptor transform, and a new <see cref="Aes"/> per message as the baseline does), base64 decoding, the
/// envelope read and the parse alone.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class PushPrimitiveBenchmarks
{
    private const string Timestamp = "1700000000";
    private const string Nonce = "1320562132";
    private readonly byte[] _hash = new byte[20];
    private readonly WxCallbackCrypto _crypto = new(PushBenchmarks.Token, PushBenchmarks.AesKey, PushBenchmarks.AppId);
    private readonly PlainCrypto _plainCrypto = new(PushBenchmarks.Token, PushBenchmarks.AesKey, PushBenchmarks.AppId);
    private string _signature = null!;
    private string _msgSignature = null!;
    private string _encryptText = null!;
    private byte[] _decryptBuffer = null!;
    private byte[] _signatureInput = null!;
    private byte[] _messageSignatureInput = null!;
    private byte[] _key = null!;
    private byte[] _cipher = null!;
    private byte[] _encrypt = null!;
    private byte[] _plainOut = null!;
    private byte[] _plain = null!;
    private byte[] _envelope = null!;
    private byte[] _envelopeOut = null!;
    private Aes _aes = null!;
    private ICryptoTransform _decryptor = null!;
    private IncrementalHash _sha1 = null!;

    [GlobalSetup]
    public void Setup()
    {
        const string timestamp = Timestamp, nonce = Nonce;
        _plain = Encoding.UTF8.GetBytes(PushBenchmarks.MessageXml);
        var encrypt = _crypto.Encrypt(_plain);
        _encryptText = encrypt;
        _signature = WxCallbackCrypto.Sign(PushBenchmarks.Token, timestamp, nonce);
        _msgSignature = WxCallbackCrypto.Sign(PushBenchmarks.Token, timestamp, nonce, encrypt);
        _encrypt = Encoding.ASCII.GetBytes(encrypt);
        _decryptBuffer = new byte[WxCallbackCrypto.DecryptBufferLength(_encrypt.Length)];
        _signatureInput = Encoding.UTF8.GetBytes(nonce + timestamp + PushBenchmarks.Token);
        _messageSignatureInput = Encoding.UTF8.GetBytes(nonce + timestamp + PushBenchmarks.Token + encrypt);
        _key = WxCallbackCrypto.TryDecodeKey(PushBenchmarks.AesKey)!;
        _cipher = Convert.FromBase64String(encrypt);
        _plainOut = new byte[_cipher.Length];
        _envelope = Encoding.UTF8.GetBytes("<xml><ToUserName><![CDATA[gh_7f083739789a]]></ToUserName><Encrypt><![CDATA[" + encrypt + "]]></Encrypt></xml>");
        _envelopeOut = new byte[_envelope.Length];
        _aes = Aes.Create();
        _aes.Key = _key;
        _decryptor = _aes.CreateDecryptor(_key, _key[..16]);
        _sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _decryptor.Dispose();
        _aes.Dispose();
        _sha1.Dispose();
    }

    // ---- SHA-1 ----

    [Benchmark(Baseline = true, Description = "SHA1.HashData 33 B"), BenchmarkCategory("SHA-1")]
    public int Sha1OneShotSignature() => SHA1.HashData(_signatureInput, _hash);

    [Benchmark(Description = "IncrementalHash reused 33 B"), BenchmarkCategory("SHA-1")]
    public int Sha1IncrementalSignature()
    {
        _sha1.AppendData(_signatureInput);
        return _sha1.GetHashAndReset(_hash);
    }

    [Benchmark(Description = "SHA1.HashData 417 B"), BenchmarkCategory("SHA-1")]
    public int Sha1OneShotMessageSignature() => SHA1.HashData(_messageSignatureInput, _hash);

    [Benchmark(Description = "IncrementalHash reused 417 B"), BenchmarkCategory("SHA-1")]
    public int Sha1IncrementalMessageSignature()
    {
        _sha1.AppendData(_messageSignatureInput);
        return _sha1.GetHashAndReset(_hash);
    }

    // ---- AES-256-CBC, 288 bytes ----

    [Benchmark(Baseline = true, Description = "new Aes + DecryptCbc (b)"), BenchmarkCategory("AES")]
    public int AesNewPerMessage()
    {
        using var aes = Aes.Create();
        aes.Key = _key;
        return aes.DecryptCbc(_cipher, _key[..16], PaddingMode.None).Length;
    }

    [Benchmark(Description = "reused Aes DecryptCbc"), BenchmarkCategory("AES")]
    public int AesReusedOneShot() => _aes.DecryptCbc(_cipher, _key.AsSpan(0, 16), _plainOut, PaddingMode.None);

    [Benchmark(Description = "reused decryptor transform"), BenchmarkCategory("AES")]
    public int AesReusedTransform()
    {
        var written = _decryptor.TransformBlock(_cipher, 0, _cipher.Length, _plainOut, 0);
        _decryptor.TransformFinalBlock(_cipher, 0, 0);
        return written;
    }

    [Benchmark(Description = "reused transform, no reset (wrong IV after the first)"), BenchmarkCategory("AES")]
    public int AesReusedTransformNoReset() => _decryptor.TransformBlock(_cipher, 0, _cipher.Length, _plainOut, 0);

    // ---- the whole steps, (a) the library's and (b) the baseline's ----

    [Benchmark(Baseline = true, Description = "(b) PlainCrypto.VerifySignature"), BenchmarkCategory("Signature")]
    public bool PlainVerifySignature() => _plainCrypto.VerifySignature(_signature, Timestamp, Nonce);

    [Benchmark(Description = "(a) VerifySignature"), BenchmarkCategory("Signature")]
    public bool VerifySignature() => _crypto.VerifySignature(_signature, Timestamp, Nonce);

    [Benchmark(Baseline = true, Description = "(b) PlainCrypto.VerifyMessageSignature"), BenchmarkCategory("MsgSignature")]
    public bool PlainVerifyMessageSignature() => _plainCrypto.VerifyMessageSignature(_msgSignature, Timestamp, Nonce, _encryptText);

    [Benchmark(Description = "(a) VerifyMessageSignature"), BenchmarkCategory("MsgSignature")]
    public bool VerifyMessageSignature() => _crypto.VerifyMessageSignature(_msgSignature, Timestamp, Nonce, _encrypt.AsSpan());

    [Benchmark(Baseline = true, Description = "(b) PlainCrypto.Decrypt"), BenchmarkCategory("Decrypt")]
    public int PlainDecrypt() => _plainCrypto.Decrypt(_encryptText)!.Length;

    [Benchmark(Description = "(a) TryDecrypt"), BenchmarkCategory("Decrypt")]
    public WxCallbackCryptoError Decrypt() => _crypto.TryDecrypt(_encrypt, _decryptBuffer, 0, out _);

    // ---- the rest ----

    [Benchmark(Baseline = true, Description = "Convert.FromBase64String 384 chars"), BenchmarkCategory("Base64")]
    public int Base64ToArray() => Convert.FromBase64String(Encoding.ASCII.GetString(_encrypt)).Length;

    [Benchmark(Description = "Base64.DecodeFromUtf8 384 B"), BenchmarkCategory("Base64")]
    public int Base64Utf8()
    {
        Base64.DecodeFromUtf8(_encrypt, _plainOut, out _, out var written);
        return written;
    }

    [Benchmark(Baseline = true, Description = "WxPush.Parse 235 B"), BenchmarkCategory("XML")]
    public WxPushMessage Parse() => WxPush.Parse(_plain);

    [Benchmark(Description = "ReadEnvelope 455 B"), BenchmarkCategory("XML")]
    public int Envelope() => WxCallbackProcessor.ReadEnvelope(_envelope, _envelopeOut);
}
