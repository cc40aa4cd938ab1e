using System;
using System.Collections.Generic;
using Microsoft.Extensions.Options;

namespace WxContracts.AspNetCore.Push;

/// <summary>How the callback receives pushes (the "message encryption mode" set on the WeChat platform).</summary>
public enum WxCallbackMode
{
    /// <summary>明文模式: plain XML, checked by <c>signature</c>.</summary>
    Plaintext,

    /// <summary>兼容模式: plain or encrypted, both accepted; replies are encrypted when the push was.</summary>
    Compatible,

    /// <summary>安全模式: every push is encrypted (AES-256-CBC) and checked by <c>msg_signature</c>; replies are encrypted.</summary>
    Safe,
}

/// <summary>The settings of one account's callback URL (bind them from configuration, e.g. <c>WeChat:Callback</c>).</summary>
public sealed class WxCallbackOptions
{
    /// <summary>The Token set on the platform (3 to 32 letters or digits).</summary>
    public string Token { get; set; } = string.Empty;

    /// <summary>The EncodingAESKey set on the platform (43 characters); required unless <see cref="Mode"/> is plaintext.</summary>
    public string? EncodingAESKey { get; set; }

    /// <summary>The account's AppID: the decrypted pushes must carry it; required unless <see cref="Mode"/> is plaintext.</summary>
    public string? AppId { get; set; }

    /// <summary>The message encryption mode.</summary>
    public WxCallbackMode Mode { get; set; } = WxCallbackMode.Plaintext;

    /// <summary>How far the request's timestamp may be from now (replays older than this are refused). Default 5 minutes.</summary>
    public TimeSpan TimestampWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The largest body accepted, in bytes. Default 64 KiB (pushes are a few hundred bytes).</summary>
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// How long a handler may take before the callback answers "success" and lets it finish in the background (WeChat
    /// waits 5 seconds, then retries). A reply produced later goes out as a customer-service message. Default 4 seconds.
    /// </summary>
    public TimeSpan ReplyDeadline { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>How long a delivery is remembered for de-duplication (WeChat retries 3 times, 5 s apart). Default 5 minutes.</summary>
    public TimeSpan DeduplicationWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The problems with these settings; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrEmpty(Token) || Token.Length is < 3 or > 32 || !IsAlphanumeric(Token))
        {
            problems.Add("Token must be 3 to 32 ASCII letters or digits, as on the WeChat platform.");
        }

        if (Mode != WxCallbackMode.Plaintext)
        {
            if (EncodingAESKey is null || EncodingAESKey.Length != 43 || WxCallbackCrypto.TryDecodeKey(EncodingAESKey) is null)
            {
                problems.Add("EncodingAESKey must be the 43-character key from the WeChat platform (base64 of 32 bytes without '=') in compatible and safe mode.");
            }

            if (string.IsNullOrWhiteSpace(AppId))
            {
                problems.Add("AppId is required in compatible and safe mode: decrypted pushes are checked against it.");
            }
        }

        if (TimestampWindow <= TimeSpan.Zero)
        {
            problems.Add("TimestampWindow must be positive.");
        }

        if (MaxBodyBytes is < 1024 or > 16 * 1024 * 1024)
        {
            problems.Add("MaxBodyBytes must be between 1 KiB and 16 MiB.");
        }

        if (ReplyDeadline <= TimeSpan.Zero || ReplyDeadline >= TimeSpan.FromSeconds(5))
        {
            problems.Add("ReplyDeadline must be positive and under WeChat's 5 seconds.");
        }

        if (DeduplicationWindow < TimeSpan.FromSeconds(20))
        {
            problems.Add("DeduplicationWindow must cover WeChat's retries (at least 20 seconds).");
        }

        return problems;
    }

    private static bool IsAlphanumeric(string text)
    {
        foreach (var c in text)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>Validates one named account's callback options at start-up.</summary>
internal sealed class WxCallbackOptionsValidator : IValidateOptions<WxCallbackOptions>
{
    private readonly string _name;

    public WxCallbackOptionsValidator(string name) => _name = name;

    public ValidateOptionsResult Validate(string? name, WxCallbackOptions options)
    {
        if (!string.Equals(name, _name, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        var problems = options.Validate();
        return problems.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(problems);
    }
}
