using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using System.Text;
using WxContracts.AspNetCore.Push;
using WxContracts.MockServer.Push;
using Xunit;

namespace WxContracts.Push.Tests;

/// <summary>
/// Both implementations (the runtime's WxCallbackCrypto, the mock's WxMockPushCrypto) against vectors computed outside
/// .NET, by hand with Python's hashlib and the openssl command line (aes-256-cbc -nopad over the plaintext built as
/// documented: random(16) + length(4, big-endian) + message + appid + PKCS#7 to 32-byte blocks).
/// </summary>
public class CryptoVectorTests
{
    internal const string Token = "wxtoken123";
    internal const string Timestamp = "1700000000";
    internal const string Nonce = "472913";
    internal const string AesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    internal const string AppId = "wx5823bf96d3bd56c7";

    // sha1("1700000000472913wxtoken123"): the three parts sorted, then joined.
    private const string SignatureVector = "c9cc7584c9bb0636563ce440d729425e5a6b938f";

    private const string Message = "<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[o_1]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hello]]></Content><MsgId>42</MsgId></xml>";

    // openssl enc -aes-256-cbc -K <key> -iv <key[0..16]> -nopad, random prefix 01 02 … 10; 288 bytes (31 bytes of padding).
    private const string EncryptVector = "PsvzIwBxpHYW3Y+rfxaFfCh6clFKNzEUmmW5/NXeZRR653PXLgthRniejOu6i3VxG5MatcvMIi+1/bXT1BQHziosLkBUL31zTw0TY7Fx9Ir34b5H8L+oobzdZWjS+orpRTazhDIYRW/0KIw5DAPhi8EovrFBuIYds9CzbqTIsEpeHGuKrH4NMsS/oOoZkbXOfHewcceT1KoaPkin+h+VDASD5LeYHMk5CnC014IpPG+6CGqUYHMiZly7oDz29EkKBDbCAl5gWnRFS0+f0JTGjWoqWwC3a+Y0ZtFUAqXwA2MYG+mTbHYldLINVikvgZqXBQFzadfsByJlJ3DEYWcU9I5KBtiZNO1Zoy6YykICoYmogmPIt2MTzYOlbrJOeBQz";

    // sha1 of token, timestamp, nonce and the Encrypt text above, sorted and joined.
    private const string MsgSignatureVector = "c7e5fe664798f65d2566dd8f01437d8d209cef77";

    private static readonly byte[] s_random = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };

    [Fact]
    public void Signatures_match_the_vector_on_both_sides()
    {
        Assert.Equal(SignatureVector, WxCallbackCrypto.Sign(Token, Timestamp, Nonce));
        Assert.Equal(SignatureVector, WxMockPushCrypto.Signature(Token, Timestamp, Nonce));
        Assert.Equal(MsgSignatureVector, WxCallbackCrypto.Sign(Token, Timestamp, Nonce, EncryptVector));
        Assert.Equal(MsgSignatureVector, WxMockPushCrypto.Signature(Token, Timestamp, Nonce, EncryptVector));

        var crypto = new WxCallbackCrypto(Token, AesKey, AppId);
        Assert.True(crypto.VerifySignature(SignatureVector, Timestamp, Nonce));
        Assert.True(crypto.VerifySignature(SignatureVector.ToUpperInvariant(), Timestamp, Nonce));
        Assert.False(crypto.VerifySignature(SignatureVector.Replace('c', 'd'), Timestamp, Nonce));
        Assert.False(crypto.VerifySignature(SignatureVector, Timestamp, "472914"));
        Assert.True(crypto.VerifyMessageSignature(MsgSignatureVector, Timestamp, Nonce, EncryptVector));
    }

    [Fact]
    public void A_signature_differing_in_any_one_digit_is_refused()
    {
        var crypto = new WxCallbackCrypto(Token, AesKey, AppId);
        for (var i = 0; i < SignatureVector.Length; i++)
        {
            foreach (var digit in "0f")
            {
                Assert.False(crypto.VerifySignature(Alter(SignatureVector, i, digit), Timestamp, Nonce));
                Assert.False(crypto.VerifyMessageSignature(Alter(MsgSignatureVector, i, digit), Timestamp, Nonce, EncryptVector));
            }
        }

        Assert.False(crypto.VerifySignature(SignatureVector[..39], Timestamp, Nonce));
        Assert.False(crypto.VerifySignature(SignatureVector[..39] + "g", Timestamp, Nonce));
        Assert.False(crypto.VerifySignature(SignatureVector + "0", Timestamp, Nonce));

        static string Alter(string signature, int at, char digit)
        {
            var chars = signature.ToCharArray();
            chars[at] = chars[at] == digit ? '7' : digit;
            return new string(chars);
        }
    }

    [Fact]
    public void Encryption_matches_the_vector_on_both_sides_and_each_decrypts_it()
    {
        var crypto = new WxCallbackCrypto(Token, AesKey, AppId);
        Assert.Equal(EncryptVector, crypto.Encrypt(Encoding.UTF8.GetBytes(Message), s_random));
        Assert.Equal(EncryptVector, WxMockPushCrypto.Encrypt(Message, AesKey, AppId, s_random));

        Assert.Equal(WxCallbackCryptoError.None, crypto.TryDecrypt(EncryptVector, out var plain));
        Assert.Equal(Message, Encoding.UTF8.GetString(plain));
        Assert.Equal((Message, AppId), WxMockPushCrypto.Decrypt(EncryptVector, AesKey));
    }

    [Fact]
    public void Decryption_refuses_another_appid_a_wrong_key_and_broken_text()
    {
        Assert.Equal(WxCallbackCryptoError.WrongAppId, new WxCallbackCrypto(Token, AesKey, "wx0000000000000000").TryDecrypt(EncryptVector, out _));
        var otherKey = new WxCallbackCrypto(Token, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefg", AppId);
        Assert.NotEqual(WxCallbackCryptoError.None, otherKey.TryDecrypt(EncryptVector, out _));
        var crypto = new WxCallbackCrypto(Token, AesKey, AppId);
        Assert.Equal(WxCallbackCryptoError.BadCiphertext, crypto.TryDecrypt("not base64!", out _));
        Assert.Equal(WxCallbackCryptoError.BadCiphertext, crypto.TryDecrypt(Convert.ToBase64String(new byte[20]), out _));

        // The padding altered through the previous cipher block: it no longer reads as PKCS#7.
        var bytes = Convert.FromBase64String(EncryptVector);
        bytes[^17] ^= 0x5A; // flips the last plaintext byte (CBC): padding 31 becomes 69
        Assert.Equal(WxCallbackCryptoError.BadPadding, crypto.TryDecrypt(Convert.ToBase64String(bytes), out _));
    }

    [Fact]
    public void The_reused_decryptor_decrypts_every_message_whole_whatever_came_before()
    {
        var crypto = new WxCallbackCrypto(Token, AesKey, AppId);
        var other = Convert.FromBase64String(EncryptVector);
        other[^17] ^= 0x5A; // bad padding
        string[] refused = ["not base64!", Convert.ToBase64String(new byte[20]), Convert.ToBase64String(other), Convert.ToBase64String(new byte[32])];

        var step = 0;
        var refusals = new HashSet<string>();
        for (var round = 0; round < 3; round++)
        {
            foreach (var (message, random) in new[] { (Message, s_random), ("<xml><a>second</a></xml>", new byte[16]), (new string('x', 600), Enumerable.Range(200, 16).Select(i => (byte)i).ToArray()) })
            {
                var encrypt = crypto.Encrypt(Encoding.UTF8.GetBytes(message), random);

                // The array overload shows the whole plaintext: the random prefix (the first block, which depends on
                // the IV) and the length must come out exactly as encrypted, after any message or refusal.
                var text = Encoding.ASCII.GetBytes(encrypt);
                var buffer = new byte[7 + WxCallbackCrypto.DecryptBufferLength(text.Length)];
                Assert.Equal(WxCallbackCryptoError.None, crypto.TryDecrypt(text, buffer, 7, out var range));
                Assert.Equal(message, Encoding.UTF8.GetString(buffer.AsSpan()[range]));
                var start = range.GetOffsetAndLength(buffer.Length).Offset;
                Assert.Equal(random, buffer.AsSpan(start - 20, 16).ToArray());

                var span = new byte[WxCallbackCrypto.DecryptBufferLength(text.Length)];
                Assert.Equal(WxCallbackCryptoError.None, crypto.TryDecrypt(text, span, out range));
                Assert.Equal(message, Encoding.UTF8.GetString(span.AsSpan()[range]));

                Assert.Equal(WxCallbackCryptoError.None, crypto.TryDecrypt(encrypt, out var plain));
                Assert.Equal(message, Encoding.UTF8.GetString(plain));
                // Then a refused text (not base64, not whole blocks, bad padding, garbage) before the next message.
                var bad = refused[step++ % refused.Length];
                refusals.Add(bad);
                Assert.NotEqual(WxCallbackCryptoError.None, crypto.TryDecrypt(bad, out _));
            }
        }

        Assert.Equal(refused.Length, refusals.Count);
    }

    [Fact]
    public async Task The_reused_hash_and_decryptor_are_never_shared_between_concurrent_callers()
    {
        var crypto = new WxCallbackCrypto(Token, AesKey, AppId);
        var messages = Enumerable.Range(0, 16).Select(i => "<xml><n>" + new string((char)('a' + i), i * 7) + "</n></xml>").ToArray();
        var encrypted = messages.Select(m => crypto.Encrypt(Encoding.UTF8.GetBytes(m))).ToArray();
        var signatures = encrypted.Select(e => WxCallbackCrypto.Sign(Token, Timestamp, Nonce, e)).ToArray();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                var k = (worker + i) % messages.Length;
                Assert.True(crypto.VerifyMessageSignature(signatures[k], Timestamp, Nonce, encrypted[k]));
                Assert.False(crypto.VerifyMessageSignature(signatures[(k + 1) % messages.Length], Timestamp, Nonce, encrypted[k]));
                Assert.True(crypto.VerifySignature(SignatureVector, Timestamp, Nonce));
                Assert.Equal(WxCallbackCryptoError.None, crypto.TryDecrypt(encrypted[k], out var plain));
                Assert.Equal(messages[k], Encoding.UTF8.GetString(plain));
            }
        })));
    }

    [Fact]
    public void The_key_must_be_43_characters_of_a_32_byte_key()
    {
        Assert.NotNull(WxCallbackCrypto.TryDecodeKey(AesKey));
        Assert.Null(WxCallbackCrypto.TryDecodeKey(AesKey[..42]));
        Assert.Null(WxCallbackCrypto.TryDecodeKey(AesKey[..42] + "!"));
        Assert.Throws<ArgumentException>(() => new WxCallbackCrypto(Token, "short", AppId));
    }
}
