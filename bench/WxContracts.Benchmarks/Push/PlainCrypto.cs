using System;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace WxContracts.Benchmarks.Push;

/// <summary>
/// The baselines' crypto: WeChat's documented algorithm written the straightforward way a handler author would, with
/// the framework's one-call APIs and no buffer management — sort the strings, concatenate, SHA-1 the UTF-8 bytes,
/// compare hex in constant time; <see cref="Convert.FromBase64String(string)"/>, a new <see cref="Aes"/> per message,
/// <see cref="SymmetricAlgorithm.DecryptCbc(byte[], byte[], PaddingMode)"/> to an array, the message copied out.
/// (Close to the library's own code before the allocation work of issue 14.)
/// </summary>
public sealed class PlainCrypto
{
    private readonly string _token;
    private readonly byte[] _key;
    private readonly string _appId;

    public PlainCrypto(string token, string encodingAesKey, string appId)
    {
        _token = token;
        _key = Convert.FromBase64String(encodingAesKey + "=");
        _appId = appId;
    }

    public bool VerifySignature(string signature, string timestamp, string nonce) => Equal(signature, Sign(_token, timestamp, nonce));

    public bool VerifyMessageSignature(string signature, string timestamp, string nonce, string encrypt) => Equal(signature, Sign(_token, timestamp, nonce, encrypt));

    /// <summary>The message, or null when the ciphertext, padding, length or AppID is wrong.</summary>
    public byte[]? Decrypt(string encrypt)
    {
        byte[] cipher;
        try
        {
            cipher = Convert.FromBase64String(encrypt);
        }
        catch (FormatException)
        {
            return null;
        }

        if (cipher.Length == 0 || cipher.Length % 16 != 0)
        {
            return null;
        }

        using var aes = Aes.Create();
        aes.Key = _key;
        var plain = aes.DecryptCbc(cipher, _key[..16], PaddingMode.None);
        int pad = plain[^1];
        if (pad is < 1 or > 32 || pad > plain.Length)
        {
            return null;
        }

        for (var i = plain.Length - pad; i < plain.Length; i++)
        {
            if (plain[i] != pad)
            {
                return null;
            }
        }

        var contentLength = plain.Length - pad;
        if (contentLength < 20)
        {
            return null;
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(plain.AsSpan(16, 4));
        if (length < 0 || length > contentLength - 20)
        {
            return null;
        }

        var appId = Encoding.UTF8.GetString(plain, 20 + length, contentLength - 20 - length);
        return appId == _appId ? plain.AsSpan(20, length).ToArray() : null;
    }

    private static string Sign(params string[] parts)
    {
        Array.Sort(parts, StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(parts))));
    }

    private static bool Equal(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a.ToLowerInvariant()), Encoding.ASCII.GetBytes(b));
}
