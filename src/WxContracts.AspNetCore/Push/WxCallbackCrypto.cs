using System;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace WxContracts.AspNetCore.Push;

/// <summary>Why an encrypted push was refused.</summary>
public enum WxCallbackCryptoError
{
    /// <summary>Decrypted fine.</summary>
    None,

    /// <summary>The Encrypt text is not base64, or not a whole number of AES blocks.</summary>
    BadCiphertext,

    /// <summary>The PKCS#7 padding (32-byte blocks) is wrong: the key is wrong or the text was altered.</summary>
    BadPadding,

    /// <summary>The length prefix does not fit the decrypted text.</summary>
    BadLength,

    /// <summary>The message was encrypted for another AppID.</summary>
    WrongAppId,
}

/// <summary>
/// WeChat's callback signatures and message encryption: SHA-1 over the sorted token, timestamp, nonce (and Encrypt);
/// AES-256-CBC with the key decoded from EncodingAESKey and its first 16 bytes as IV; the plaintext is random(16) +
/// length(4, network order) + message + AppID, padded PKCS#7-style to 32-byte blocks.
/// </summary>
public sealed class WxCallbackCrypto
{
    private readonly string _token;
    private readonly byte[]? _key;
    private readonly string? _appId;

    /// <summary>Creates the helper for one account.</summary>
    public WxCallbackCrypto(string token, string? encodingAesKey, string? appId)
    {
        _token = token ?? throw new ArgumentNullException(nameof(token));
        _key = encodingAesKey is null ? null : TryDecodeKey(encodingAesKey) ?? throw new ArgumentException("EncodingAESKey is not 43 base64 characters of a 32-byte key.", nameof(encodingAesKey));
        _appId = appId;
    }

    /// <summary>Decodes EncodingAESKey (base64 without its trailing '='); null when it is not a 32-byte key.</summary>
    public static byte[]? TryDecodeKey(string encodingAesKey)
    {
        if (encodingAesKey.Length != 43)
        {
            return null;
        }

        var buffer = new byte[33];
        return Convert.TryFromBase64String(encodingAesKey + "=", buffer, out var written) && written == 32 ? buffer.AsSpan(0, 32).ToArray() : null;
    }

    /// <summary>SHA-1 (lower-case hex) of the parts sorted ordinally and joined: the signature and msg_signature.</summary>
    public static string Sign(params string[] parts)
    {
        var sorted = (string[])parts.Clone();
        Array.Sort(sorted, StringComparer.Ordinal);
        var hash = SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(sorted)));
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Whether <paramref name="signature"/> is the signature of token, timestamp and nonce (constant time).</summary>
    public bool VerifySignature(string? signature, string timestamp, string nonce) =>
        signature is not null && FixedTimeEquals(signature, Sign(_token, timestamp, nonce));

    /// <summary>Whether <paramref name="msgSignature"/> is the signature of token, timestamp, nonce and Encrypt (constant time).</summary>
    public bool VerifyMessageSignature(string? msgSignature, string timestamp, string nonce, string encrypt) =>
        msgSignature is not null && FixedTimeEquals(msgSignature, Sign(_token, timestamp, nonce, encrypt));

    /// <summary>The msg_signature of an encrypted reply.</summary>
    public string MessageSignature(string timestamp, string nonce, string encrypt) => Sign(_token, timestamp, nonce, encrypt);

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a.ToLowerInvariant()), Encoding.ASCII.GetBytes(b));

    /// <summary>Decrypts the Encrypt text of a push and checks its AppID.</summary>
    public WxCallbackCryptoError TryDecrypt(string encrypt, out byte[] message)
    {
        message = Array.Empty<byte>();
        var key = _key ?? throw new InvalidOperationException("No EncodingAESKey is configured.");
        var cipher = new byte[encrypt.Length];
        if (!Convert.TryFromBase64String(encrypt, cipher, out var length) || length == 0 || length % 16 != 0)
        {
            return WxCallbackCryptoError.BadCiphertext;
        }

        using var aes = Aes.Create();
        aes.Key = key;
        var plain = aes.DecryptCbc(cipher.AsSpan(0, length), key.AsSpan(0, 16), PaddingMode.None);
        var pad = plain[^1];
        if (pad is < 1 or > 32 || pad > plain.Length)
        {
            return WxCallbackCryptoError.BadPadding;
        }

        for (var i = plain.Length - pad; i < plain.Length; i++)
        {
            if (plain[i] != pad)
            {
                return WxCallbackCryptoError.BadPadding;
            }
        }

        var content = plain.AsSpan(0, plain.Length - pad);
        if (content.Length < 20)
        {
            return WxCallbackCryptoError.BadLength;
        }

        var messageLength = BinaryPrimitives.ReadInt32BigEndian(content.Slice(16, 4));
        if (messageLength < 0 || messageLength > content.Length - 20)
        {
            return WxCallbackCryptoError.BadLength;
        }

        var appId = content.Slice(20 + messageLength);
        if (_appId is null || !CryptographicOperations.FixedTimeEquals(appId, Encoding.UTF8.GetBytes(_appId)))
        {
            return WxCallbackCryptoError.WrongAppId;
        }

        message = content.Slice(20, messageLength).ToArray();
        return WxCallbackCryptoError.None;
    }

    /// <summary>Encrypts a reply for this account (random prefix from <see cref="RandomNumberGenerator"/>).</summary>
    public string Encrypt(ReadOnlySpan<byte> message)
    {
        Span<byte> random = stackalloc byte[16];
        RandomNumberGenerator.Fill(random);
        return Encrypt(message, random);
    }

    /// <summary>Encrypts with a given 16-byte random prefix (for test vectors).</summary>
    public string Encrypt(ReadOnlySpan<byte> message, ReadOnlySpan<byte> random16)
    {
        var key = _key ?? throw new InvalidOperationException("No EncodingAESKey is configured.");
        if (random16.Length != 16)
        {
            throw new ArgumentException("The random prefix is 16 bytes.", nameof(random16));
        }

        var appId = Encoding.UTF8.GetBytes(_appId ?? string.Empty);
        var length = 20 + message.Length + appId.Length;
        var pad = 32 - length % 32;
        var plain = new byte[length + pad];
        random16.CopyTo(plain);
        BinaryPrimitives.WriteInt32BigEndian(plain.AsSpan(16, 4), message.Length);
        message.CopyTo(plain.AsSpan(20));
        appId.CopyTo(plain.AsSpan(20 + message.Length));
        plain.AsSpan(length).Fill((byte)pad);
        using var aes = Aes.Create();
        aes.Key = key;
        return Convert.ToBase64String(aes.EncryptCbc(plain, key.AsSpan(0, 16), PaddingMode.None));
    }
}
