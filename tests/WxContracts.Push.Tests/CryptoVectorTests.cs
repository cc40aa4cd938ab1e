using System;
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
    public void The_key_must_be_43_characters_of_a_32_byte_key()
    {
        Assert.NotNull(WxCallbackCrypto.TryDecodeKey(AesKey));
        Assert.Null(WxCallbackCrypto.TryDecodeKey(AesKey[..42]));
        Assert.Null(WxCallbackCrypto.TryDecodeKey(AesKey[..42] + "!"));
        Assert.Throws<ArgumentException>(() => new WxCallbackCrypto(Token, "short", AppId));
    }
}
