using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;

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
/// <remarks>
/// The per-message path allocates nothing of its own: the parts are sorted and hashed as UTF-8 bytes in a stack (or
/// pooled) buffer with <see cref="SHA1.HashData(ReadOnlySpan{byte}, Span{byte})"/>, the signature is compared as
/// bytes in constant time, the Encrypt text is base64-decoded and AES-decrypted into a caller's buffer, and one
/// <see cref="Aes"/> instance is reused (taken and put back, so concurrent messages never share it). Parts are ordered
/// by their UTF-8 bytes, which is the ordinal order of their text for every ASCII value WeChat sends.
/// </remarks>
public sealed class WxCallbackCrypto
{
    private const int StackBytes = 1024;

    private readonly byte[] _token;
    private readonly byte[]? _key;
    private readonly byte[]? _appId;
    private Aes? _aes;

    /// <summary>Creates the helper for one account.</summary>
    public WxCallbackCrypto(string token, string? encodingAesKey, string? appId)
    {
        ArgumentNullException.ThrowIfNull(token);
        _token = Encoding.UTF8.GetBytes(token);
        _key = encodingAesKey is null ? null : TryDecodeKey(encodingAesKey) ?? throw new ArgumentException("EncodingAESKey is not 43 base64 characters of a 32-byte key.", nameof(encodingAesKey));
        _appId = appId is null ? null : Encoding.UTF8.GetBytes(appId);
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

    /// <summary>SHA-1 (lower-case hex) of the parts sorted and joined: the signature and msg_signature.</summary>
    public static string Sign(params string[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var encoded = Array.ConvertAll(parts, p => Encoding.UTF8.GetBytes(p));
        Array.Sort(encoded, static (a, b) => a.AsSpan().SequenceCompareTo(b));
        var hash = SHA1.HashData(encoded.SelectMany(static p => p).ToArray());
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Whether <paramref name="signature"/> is the signature of token, timestamp and nonce (constant time).</summary>
    public bool VerifySignature(string? signature, string timestamp, string nonce) =>
        signature is not null && Verify(signature, timestamp, nonce, default, false);

    /// <summary>Whether <paramref name="msgSignature"/> is the signature of token, timestamp, nonce and Encrypt (constant time).</summary>
    public bool VerifyMessageSignature(string? msgSignature, string timestamp, string nonce, string encrypt) =>
        msgSignature is not null && Verify(msgSignature, timestamp, nonce, Encoding.UTF8.GetBytes(encrypt), true);

    /// <summary>Whether <paramref name="msgSignature"/> is the signature of token, timestamp, nonce and the Encrypt
    /// text given as UTF-8 (constant time).</summary>
    public bool VerifyMessageSignature(string? msgSignature, string timestamp, string nonce, ReadOnlySpan<byte> encryptUtf8) =>
        msgSignature is not null && Verify(msgSignature, timestamp, nonce, encryptUtf8, true);

    /// <summary>The msg_signature of an encrypted reply.</summary>
    public string MessageSignature(string timestamp, string nonce, string encrypt) => Sign(Encoding.UTF8.GetString(_token), timestamp, nonce, encrypt);

    private bool Verify(string signature, string timestamp, string nonce, ReadOnlySpan<byte> encrypt, bool withEncrypt)
    {
        ArgumentNullException.ThrowIfNull(timestamp);
        ArgumentNullException.ThrowIfNull(nonce);
        if (signature.Length != 40)
        {
            return false;
        }

        // The parts as UTF-8, one after another, then joined in sorted order behind them.
        var partsLength = _token.Length + Encoding.UTF8.GetMaxByteCount(timestamp.Length) + Encoding.UTF8.GetMaxByteCount(nonce.Length) + encrypt.Length;
        byte[]? rented = null;
        var buffer = partsLength * 2 <= StackBytes ? stackalloc byte[partsLength * 2] : (rented = ArrayPool<byte>.Shared.Rent(partsLength * 2));
        try
        {
            Span<(int Start, int Length)> parts = stackalloc (int, int)[4];
            var at = 0;
            parts[0] = (at, _token.Length);
            _token.CopyTo(buffer);
            at += _token.Length;
            var written = Encoding.UTF8.GetBytes(timestamp, buffer.Slice(at));
            parts[1] = (at, written);
            at += written;
            written = Encoding.UTF8.GetBytes(nonce, buffer.Slice(at));
            parts[2] = (at, written);
            at += written;
            var count = 3;
            if (withEncrypt)
            {
                encrypt.CopyTo(buffer.Slice(at));
                parts[3] = (at, encrypt.Length);
                at += encrypt.Length;
                count = 4;
            }

            var used = parts.Slice(0, count);
            for (var i = 1; i < used.Length; i++)
            {
                for (var j = i; j > 0 && Compare(buffer, used[j - 1], used[j]) > 0; j--)
                {
                    (used[j - 1], used[j]) = (used[j], used[j - 1]);
                }
            }

            var joined = buffer.Slice(at);
            var length = 0;
            foreach (var (start, partLength) in used)
            {
                buffer.Slice(start, partLength).CopyTo(joined.Slice(length));
                length += partLength;
            }

            Span<byte> hash = stackalloc byte[20];
            SHA1.HashData(joined.Slice(0, length), hash);

            // The given signature decoded from hex (either case) and compared as 20 bytes: FixedTimeEquals is
            // deliberately unoptimized, so comparing 40 hex characters as 80 bytes of UTF-16 costs four times as much.
            Span<byte> given = stackalloc byte[20];
            return Convert.FromHexString(signature, given, out _, out var decoded) == OperationStatus.Done
                && decoded == 20
                && CryptographicOperations.FixedTimeEquals(given, hash);
        }
        finally
        {
            // The buffer held the token.
            CryptographicOperations.ZeroMemory(buffer);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static int Compare(ReadOnlySpan<byte> buffer, (int Start, int Length) a, (int Start, int Length) b) =>
        buffer.Slice(a.Start, a.Length).SequenceCompareTo(buffer.Slice(b.Start, b.Length));

    /// <summary>The buffer <see cref="TryDecrypt(ReadOnlySpan{byte}, Span{byte}, out Range)"/> needs for an Encrypt text of <paramref name="encryptLength"/> bytes.</summary>
    public static int DecryptBufferLength(int encryptLength) => 2 * (encryptLength / 4 * 3 + 3);

    /// <summary>Decrypts the Encrypt text of a push and checks its AppID.</summary>
    public WxCallbackCryptoError TryDecrypt(string encrypt, out byte[] message)
    {
        ArgumentNullException.ThrowIfNull(encrypt);
        message = Array.Empty<byte>();
        if (!Ascii.IsValid(encrypt))
        {
            return WxCallbackCryptoError.BadCiphertext;
        }

        var text = ArrayPool<byte>.Shared.Rent(encrypt.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(DecryptBufferLength(encrypt.Length));
        try
        {
            var length = Encoding.ASCII.GetBytes(encrypt, text);
            var error = TryDecrypt(text.AsSpan(0, length), buffer, out var range);
            if (error == WxCallbackCryptoError.None)
            {
                message = buffer.AsSpan()[range].ToArray();
            }

            return error;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(text);
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }

    /// <summary>
    /// Decrypts the Encrypt text of a push (base64, as UTF-8) into <paramref name="buffer"/> (at least
    /// <see cref="DecryptBufferLength"/> bytes) and checks its AppID; <paramref name="message"/> is where the message is
    /// in the buffer.
    /// </summary>
    public WxCallbackCryptoError TryDecrypt(ReadOnlySpan<byte> encrypt, Span<byte> buffer, out Range message)
    {
        message = default;
        var key = _key ?? throw new InvalidOperationException("No EncodingAESKey is configured.");
        if (buffer.Length < DecryptBufferLength(encrypt.Length))
        {
            throw new ArgumentException("The buffer is shorter than DecryptBufferLength(encrypt.Length).", nameof(buffer));
        }

        var half = buffer.Length / 2;
        var cipher = buffer.Slice(0, half);
        if (Base64.DecodeFromUtf8(encrypt, cipher, out _, out var length) != OperationStatus.Done || length == 0 || length % 16 != 0)
        {
            return WxCallbackCryptoError.BadCiphertext;
        }

        var aes = Interlocked.Exchange(ref _aes, null) ?? CreateAes(key);
        int plainLength;
        try
        {
            plainLength = aes.DecryptCbc(cipher.Slice(0, length), key.AsSpan(0, 16), buffer.Slice(half), PaddingMode.None);
        }
        finally
        {
            if (Interlocked.CompareExchange(ref _aes, aes, null) is not null)
            {
                aes.Dispose();
            }
        }

        var plain = buffer.Slice(half, plainLength);
        var pad = plain[^1];
        if (pad is < 1 or > 32 || pad > plain.Length)
        {
            return WxCallbackCryptoError.BadPadding;
        }

        if (plain.Slice(plain.Length - pad).ContainsAnyExcept(pad))
        {
            return WxCallbackCryptoError.BadPadding;
        }

        var content = plain.Slice(0, plain.Length - pad);
        if (content.Length < 20)
        {
            return WxCallbackCryptoError.BadLength;
        }

        var messageLength = BinaryPrimitives.ReadInt32BigEndian(content.Slice(16, 4));
        if (messageLength < 0 || messageLength > content.Length - 20)
        {
            return WxCallbackCryptoError.BadLength;
        }

        if (_appId is null || !CryptographicOperations.FixedTimeEquals(content.Slice(20 + messageLength), _appId))
        {
            return WxCallbackCryptoError.WrongAppId;
        }

        message = new Range(half + 20, half + 20 + messageLength);
        return WxCallbackCryptoError.None;
    }

    private static Aes CreateAes(byte[] key)
    {
        var aes = Aes.Create();
        aes.Key = key;
        return aes;
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

        var appId = _appId ?? Array.Empty<byte>();
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
