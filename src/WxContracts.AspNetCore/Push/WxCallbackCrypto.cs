using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Linq;
using System.Runtime.InteropServices;
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
/// The per-message path allocates nothing of its own: the parts are sorted and joined as UTF-8 bytes in a stack (or
/// pooled) buffer and hashed with a reused <see cref="IncrementalHash"/> (one per thread), the signature is compared as
/// bytes in constant time, the Encrypt text is base64-decoded and AES-decrypted into a caller's buffer with a reused
/// decryptor (one per instance, taken and put back, so concurrent messages never share it: a concurrent caller creates
/// its own). Both are the platform's (<see cref="System.Security.Cryptography"/>); one whose call threw is disposed,
/// never reused. Parts are ordered by their UTF-8 bytes, which is the ordinal order of their
/// text for every ASCII value WeChat sends.
/// </remarks>
public sealed class WxCallbackCrypto
{
    private const int StackBytes = 1024;
    private const int BlockSize = 16;

    [ThreadStatic]
    private static IncrementalHash? t_sha1;

    private readonly byte[] _token;
    private readonly byte[]? _key;
    private readonly byte[]? _appId;
    private ICryptoTransform? _decryptor;

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

        // Timestamp and nonce as UTF-8 at the start of the buffer, then the parts joined in sorted order behind them.
        var stampsLength = Encoding.UTF8.GetMaxByteCount(timestamp.Length) + Encoding.UTF8.GetMaxByteCount(nonce.Length);
        var bufferLength = stampsLength + _token.Length + stampsLength + encrypt.Length;
        byte[]? rented = null;
        var buffer = bufferLength <= StackBytes ? stackalloc byte[bufferLength] : (rented = ArrayPool<byte>.Shared.Rent(bufferLength));
        var length = 0;
        try
        {
            var timestampLength = Encoding.UTF8.GetBytes(timestamp, buffer);
            var nonceLength = Encoding.UTF8.GetBytes(nonce, buffer.Slice(timestampLength));
            ReadOnlySpan<byte> token = _token, time = buffer.Slice(0, timestampLength), once = buffer.Slice(timestampLength, nonceLength);

            // Sort the part numbers (0 token, 1 timestamp, 2 nonce, 3 Encrypt) by the parts' bytes: an insertion sort of 3 or 4.
            Span<int> order = stackalloc int[4] { 0, 1, 2, 3 };
            var count = withEncrypt ? 4 : 3;
            for (var i = 1; i < count; i++)
            {
                for (var j = i; j > 0 && Part(order[j - 1], token, time, once, encrypt).SequenceCompareTo(Part(order[j], token, time, once, encrypt)) > 0; j--)
                {
                    (order[j - 1], order[j]) = (order[j], order[j - 1]);
                }
            }

            var joined = buffer.Slice(timestampLength + nonceLength);
            for (var i = 0; i < count; i++)
            {
                var part = Part(order[i], token, time, once, encrypt);
                part.CopyTo(joined.Slice(length));
                length += part.Length;
            }

            Span<byte> hash = stackalloc byte[20];
            Sha1(joined.Slice(0, length), hash);

            // The given signature decoded from hex (either case) and compared as 20 bytes in constant time.
            Span<byte> given = stackalloc byte[20];
            return Convert.FromHexString(signature, given, out _, out var decoded) == OperationStatus.Done
                && decoded == 20
                && HashEquals(given, hash);
        }
        finally
        {
            // The joined parts held the token (what is behind them was never written).
            CryptographicOperations.ZeroMemory(buffer.Slice(0, Math.Min(buffer.Length, stampsLength + length)));
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Whether two SHA-1 values are equal, in constant time: the three words of each XORed and ORed together, one
    /// comparison at the end, no branch on the bytes. (Not <see cref="CryptographicOperations.FixedTimeEquals"/>: it is
    /// compiled without optimization, byte by byte, and cost about 60 ns for 20 bytes here — a fifth of the SHA-1 itself.)
    /// </summary>
    private static bool HashEquals(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var difference = (MemoryMarshal.Read<ulong>(a) ^ MemoryMarshal.Read<ulong>(b))
            | (MemoryMarshal.Read<ulong>(a.Slice(8)) ^ MemoryMarshal.Read<ulong>(b.Slice(8)))
            | (MemoryMarshal.Read<uint>(a.Slice(16)) ^ MemoryMarshal.Read<uint>(b.Slice(16)));
        return difference == 0;
    }

    private static ReadOnlySpan<byte> Part(int index, ReadOnlySpan<byte> token, ReadOnlySpan<byte> timestamp, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> encrypt) =>
        index switch
        {
            0 => token,
            1 => timestamp,
            2 => nonce,
            _ => encrypt,
        };

    /// <summary>SHA-1 with the calling thread's reused <see cref="IncrementalHash"/>: SHA-1 has no key, so one per
    /// thread serves every account, and no two callers ever share one. One whose call threw is disposed and dropped,
    /// never used again half-fed. (Per thread rather than taken from and put back into a field with two interlocked
    /// operations: those cost 40–60 ns a message beside the parse's allocations in the benchmark.)</summary>
    private static void Sha1(ReadOnlySpan<byte> data, Span<byte> hash)
    {
        var sha1 = t_sha1 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        try
        {
            sha1.AppendData(data);
            sha1.GetHashAndReset(hash);
        }
        catch
        {
            t_sha1 = null;
            sha1.Dispose();
            throw;
        }
    }

    /// <summary>The buffer <see cref="TryDecrypt(ReadOnlySpan{byte}, byte[], int, out Range)"/> needs (from its offset)
    /// for an Encrypt text of <paramref name="encryptLength"/> bytes: room for the ciphertext and the plaintext, each
    /// behind one AES block.</summary>
    public static int DecryptBufferLength(int encryptLength) => 2 * (BlockSize + encryptLength / 4 * 3 + 3);

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
            var error = TryDecrypt(text.AsSpan(0, length), buffer, 0, out var range);
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
    /// in the buffer. (Goes through a pooled array: <see cref="TryDecrypt(ReadOnlySpan{byte}, byte[], int, out Range)"/>
    /// decrypts in place of a caller's array without that copy.)
    /// </summary>
    public WxCallbackCryptoError TryDecrypt(ReadOnlySpan<byte> encrypt, Span<byte> buffer, out Range message)
    {
        if (buffer.Length < DecryptBufferLength(encrypt.Length))
        {
            throw new ArgumentException("The buffer is shorter than DecryptBufferLength(encrypt.Length).", nameof(buffer));
        }

        var array = ArrayPool<byte>.Shared.Rent(DecryptBufferLength(encrypt.Length));
        try
        {
            var error = TryDecrypt(encrypt, array, 0, out message);
            if (error == WxCallbackCryptoError.None)
            {
                array.AsSpan()[message].CopyTo(buffer[message]);
            }

            return error;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(array, clearArray: true);
        }
    }

    /// <summary>
    /// Decrypts the Encrypt text of a push (base64, as UTF-8) into <paramref name="buffer"/> from
    /// <paramref name="offset"/> (at least <see cref="DecryptBufferLength"/> bytes from there; the text itself may be
    /// in the same array before <paramref name="offset"/>) and checks its AppID; <paramref name="message"/> is where
    /// the message is in <paramref name="buffer"/>.
    /// </summary>
    /// <remarks>
    /// The AES-256-CBC decryptor (the platform's, <see cref="SymmetricAlgorithm.CreateDecryptor(byte[], byte[])"/>) is created once
    /// and reused, taken and put back like the SHA-1 state. It is never reset: resetting it (what
    /// <see cref="ICryptoTransform.TransformFinalBlock"/> does) costs more than the decryption itself on OpenSSL.
    /// Instead the IV goes in front of the ciphertext as one more block. CBC decrypts each block with the ciphertext
    /// block before it, so whatever the decryptor's chaining state was (the last block of the previous message, or of a
    /// refused one), the IV block sets it to the IV and the message's first block decrypts exactly as with a fresh
    /// decryptor; only the output of the IV block itself, which is discarded, depends on that state.
    /// </remarks>
    public WxCallbackCryptoError TryDecrypt(ReadOnlySpan<byte> encrypt, byte[] buffer, int offset, out Range message)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        message = default;
        var key = _key ?? throw new InvalidOperationException("No EncodingAESKey is configured.");
        if ((uint)offset > (uint)buffer.Length || buffer.Length - offset < DecryptBufferLength(encrypt.Length))
        {
            throw new ArgumentException("The buffer is shorter than DecryptBufferLength(encrypt.Length) from the offset.", nameof(buffer));
        }

        // [IV][ciphertext ...] [output of the IV block][plaintext ...]
        var half = DecryptBufferLength(encrypt.Length) / 2;
        var cipher = buffer.AsSpan(offset + BlockSize, half - BlockSize);
        if (Base64.DecodeFromUtf8(encrypt, cipher, out _, out var length) != OperationStatus.Done || length == 0 || length % BlockSize != 0)
        {
            return WxCallbackCryptoError.BadCiphertext;
        }

        key.AsSpan(0, BlockSize).CopyTo(buffer.AsSpan(offset));
        var plainStart = offset + half + BlockSize;
        var decryptor = Interlocked.Exchange(ref _decryptor, null) ?? CreateDecryptor(key);
        try
        {
            if (decryptor.TransformBlock(buffer, offset, BlockSize + length, buffer, offset + half) != BlockSize + length)
            {
                throw new CryptographicException("The AES decryptor held back part of the ciphertext.");
            }
        }
        catch
        {
            decryptor.Dispose();
            throw;
        }

        if (Interlocked.CompareExchange(ref _decryptor, decryptor, null) is not null)
        {
            decryptor.Dispose();
        }

        var plain = buffer.AsSpan(plainStart, length);
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

        // The AppID is no secret (and the callback decrypts only after msg_signature, which needs the token): a plain
        // comparison.
        if (_appId is null || !content.Slice(20 + messageLength).SequenceEqual(_appId))
        {
            return WxCallbackCryptoError.WrongAppId;
        }

        message = new Range(plainStart + 20, plainStart + 20 + messageLength);
        return WxCallbackCryptoError.None;
    }

    private static ICryptoTransform CreateDecryptor(byte[] key)
    {
        using var aes = Aes.Create();
        aes.Mode = CipherMode.CBC;
        aes.Padding = PaddingMode.None;
        return aes.CreateDecryptor(key, key[..BlockSize]);
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
