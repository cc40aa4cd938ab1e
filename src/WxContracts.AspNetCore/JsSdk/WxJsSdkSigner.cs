using System;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;

namespace WxContracts.AspNetCore.JsSdk;

/// <summary>What a page passes to <c>wx.config</c> (with its own <c>jsApiList</c>).</summary>
/// <param name="AppId">The account's AppID.</param>
/// <param name="Timestamp">Seconds since the Unix epoch, as signed.</param>
/// <param name="NonceStr">The random string that was signed.</param>
/// <param name="Signature">SHA-1 (lower-case hex) of <c>jsapi_ticket=…&amp;noncestr=…&amp;timestamp=…&amp;url=…</c>.</param>
public sealed record WxJsSdkConfig(
    [property: JsonPropertyName("appId")] string AppId,
    [property: JsonPropertyName("timestamp")] long Timestamp,
    [property: JsonPropertyName("nonceStr")] string NonceStr,
    [property: JsonPropertyName("signature")] string Signature);

/// <summary>The page URL given to the signer is not one that can be signed.</summary>
public sealed class WxJsSdkUrlException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public WxJsSdkUrlException(string message)
        : base(message, "url")
    {
    }
}

/// <summary>
/// Signs <c>wx.config</c> for a page: <c>{ appId, timestamp, nonceStr, signature }</c> from the account's jsapi_ticket.
/// </summary>
/// <remarks>
/// The URL must be the page's own <c>location.href</c> without its fragment: the fragment is cut here, and the query is
/// kept exactly as the page has it (no re-encoding, no reordering), since WeChat signs the page's URL as the browser
/// shows it. A different URL (another path, protocol, encoding or a leftover fragment) gives "invalid signature".
/// </remarks>
public sealed class WxJsSdkSigner
{
    private const string NonceAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private readonly IWxJsApiTicketProvider _tickets;
    private readonly WxJsSdkOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates the signer.</summary>
    public WxJsSdkSigner(IWxJsApiTicketProvider tickets, WxJsSdkOptions? options = null, TimeProvider? timeProvider = null)
    {
        _tickets = tickets ?? throw new ArgumentNullException(nameof(tickets));
        _options = options ?? new WxJsSdkOptions();
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Signs <paramref name="pageUrl"/> (the page's <c>location.href</c>; a fragment is cut off).</summary>
    /// <exception cref="WxJsSdkUrlException">The URL is not an absolute http(s) URL, or its host is not allowed.</exception>
    public async Task<WxJsSdkConfig> SignAsync(string pageUrl, CancellationToken cancellationToken = default)
    {
        var url = NormalizeUrl(pageUrl, _options);
        var ticket = await _tickets.GetTicketAsync(cancellationToken).ConfigureAwait(false);
        var nonce = RandomNumberGenerator.GetString(NonceAlphabet, 16);
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
        return new WxJsSdkConfig(_tickets.AppId, timestamp, nonce, ComputeSignature(ticket, nonce, timestamp, url));
    }

    /// <summary>The URL that is signed for <paramref name="pageUrl"/>: the fragment cut off, the rest unchanged.</summary>
    /// <exception cref="WxJsSdkUrlException">The URL is not an absolute http(s) URL, or its host is not allowed.</exception>
    public static string NormalizeUrl(string? pageUrl, WxJsSdkOptions? options = null)
    {
        if (string.IsNullOrWhiteSpace(pageUrl))
        {
            throw new WxJsSdkUrlException("The page URL is required: pass location.href.split('#')[0].");
        }

        var hash = pageUrl.IndexOf('#', StringComparison.Ordinal);
        var url = hash >= 0 ? pageUrl.Substring(0, hash) : pageUrl;
        if (url.Length > 2048 || !Uri.TryCreate(url, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps)
            || url.AsSpan().IndexOfAny(" \t\r\n") >= 0)
        {
            throw new WxJsSdkUrlException("The page URL must be the page's absolute http(s) URL (location.href), at most 2048 characters.");
        }

        if (options is { AllowedHosts.Count: > 0 } && !options.AllowedHosts.Contains(parsed.Host))
        {
            throw new WxJsSdkUrlException($"Pages on {parsed.Host} are not signed: the host is not in WxJsSdkOptions.AllowedHosts.");
        }

        return url;
    }

    /// <summary>WeChat's JS-SDK signature: SHA-1, lower-case hex, of <c>jsapi_ticket=T&amp;noncestr=N&amp;timestamp=S&amp;url=U</c>.</summary>
    public static string ComputeSignature(string ticket, string nonceStr, long timestamp, string url)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(nonceStr);
        ArgumentNullException.ThrowIfNull(url);
        var text = "jsapi_ticket=" + ticket + "&noncestr=" + nonceStr + "&timestamp=" + timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture) + "&url=" + url;
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
