using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;

namespace WxContracts.MockServer.Push;

/// <summary>
/// WeChat's side of the callback crypto, written apart from the runtime's (WxContracts.AspNetCore) so that one bug cannot
/// pass both sides: SHA-1 over the sorted parts; AES-256-CBC through <see cref="Aes"/>'s transforms with the key from
/// EncodingAESKey + "=" and IV = the key's first 16 bytes; plaintext = 16 random bytes, the message length as 4 bytes
/// big-endian, the message, the AppID, then PKCS#7 padding to a multiple of 32 bytes.
/// </summary>
public static class WxMockPushCrypto
{
    /// <summary>Lower-case hex SHA-1 of the parts sorted by ordinal order and concatenated.</summary>
    public static string Signature(params string[] parts)
    {
        var list = new List<string>(parts);
        list.Sort(string.CompareOrdinal);
        var builder = new StringBuilder();
        foreach (var part in list)
        {
            builder.Append(part);
        }

        var digest = SHA1.HashData(Encoding.UTF8.GetBytes(builder.ToString()));
        var hex = new StringBuilder(digest.Length * 2);
        foreach (var b in digest)
        {
            hex.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return hex.ToString();
    }

    /// <summary>The 32-byte AES key of an EncodingAESKey.</summary>
    public static byte[] Key(string encodingAesKey)
    {
        var key = Convert.FromBase64String(encodingAesKey + "=");
        if (key.Length != 32)
        {
            throw new ArgumentException("EncodingAESKey must decode to 32 bytes.", nameof(encodingAesKey));
        }

        return key;
    }

    /// <summary>Encrypts <paramref name="xml"/> for <paramref name="appId"/>; <paramref name="random"/> gives the 16-byte prefix (null: random).</summary>
    public static string Encrypt(string xml, string encodingAesKey, string appId, byte[]? random = null)
    {
        var key = Key(encodingAesKey);
        var message = Encoding.UTF8.GetBytes(xml);
        var app = Encoding.UTF8.GetBytes(appId);
        var prefix = random ?? RandomNumberGenerator.GetBytes(16);
        var body = new List<byte>(prefix.Length + 4 + message.Length + app.Length + 32);
        body.AddRange(prefix);
        body.Add((byte)(message.Length >> 24));
        body.Add((byte)(message.Length >> 16));
        body.Add((byte)(message.Length >> 8));
        body.Add((byte)message.Length);
        body.AddRange(message);
        body.AddRange(app);
        var pad = 32 - body.Count % 32;
        for (var i = 0; i < pad; i++)
        {
            body.Add((byte)pad);
        }

        using var aes = Aes.Create();
        aes.Mode = CipherMode.CBC;
        aes.Padding = PaddingMode.None;
        aes.Key = key;
        aes.IV = key[..16];
        using var encryptor = aes.CreateEncryptor();
        var plain = body.ToArray();
        return Convert.ToBase64String(encryptor.TransformFinalBlock(plain, 0, plain.Length));
    }

    /// <summary>Decrypts an encrypted reply and returns its XML and the AppID it names.</summary>
    public static (string Xml, string AppId) Decrypt(string encrypt, string encodingAesKey)
    {
        var key = Key(encodingAesKey);
        var cipher = Convert.FromBase64String(encrypt);
        using var aes = Aes.Create();
        aes.Mode = CipherMode.CBC;
        aes.Padding = PaddingMode.None;
        aes.Key = key;
        aes.IV = key[..16];
        using var decryptor = aes.CreateDecryptor();
        var plain = decryptor.TransformFinalBlock(cipher, 0, cipher.Length);
        int pad = plain[plain.Length - 1];
        if (pad < 1 || pad > 32)
        {
            throw new CryptographicException("bad padding");
        }

        var length = (plain[16] << 24) | (plain[17] << 16) | (plain[18] << 8) | plain[19];
        var xml = Encoding.UTF8.GetString(plain, 20, length);
        var appId = Encoding.UTF8.GetString(plain, 20 + length, plain.Length - pad - 20 - length);
        return (xml, appId);
    }
}
