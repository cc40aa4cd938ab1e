using System;
using System.Threading;
using System.Threading.Tasks;

namespace WxContracts;

/// <summary>Supplies the access token for calls that need one.</summary>
/// <remarks>
/// The runtime's own <see cref="WxAccessTokenProvider"/> fetches and caches the account's token. For a
/// third-party platform, implement this interface to supply an <c>authorizer_access_token</c>.
/// </remarks>
public interface IWxAccessTokenProvider
{
    /// <summary>Returns a token that is valid now.</summary>
    ValueTask<string> GetAccessTokenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Called once when WeChat rejected <paramref name="rejectedToken"/> (40001, 40014, 42001). Returns a different
    /// token to retry the call with, or null when there is none; the call then fails with the original error.
    /// </summary>
    ValueTask<string?> RefreshRejectedTokenAsync(string rejectedToken, CancellationToken cancellationToken) => new((string?)null);
}

/// <summary>A fixed token, for tests and for callers that manage tokens themselves.</summary>
public sealed class StaticAccessTokenProvider : IWxAccessTokenProvider
{
    private readonly string _token;

    /// <summary>Creates the provider.</summary>
    public StaticAccessTokenProvider(string token) => _token = token ?? throw new ArgumentNullException(nameof(token));

    /// <inheritdoc/>
    public ValueTask<string> GetAccessTokenAsync(CancellationToken cancellationToken) => new(_token);

    /// <inheritdoc/>
    public override string ToString() => "StaticAccessTokenProvider(token: ***)";
}

/// <summary>A token and when it expires. <see cref="ToString"/> never shows the token.</summary>
/// <param name="Value">The token.</param>
/// <param name="ExpiresAt">When WeChat said it expires.</param>
/// <param name="RefreshAt">When the runtime replaces it (before it expires).</param>
public sealed record WxCachedToken(string Value, DateTimeOffset ExpiresAt, DateTimeOffset RefreshAt)
{
    /// <summary>Whether the token is still to be used at <paramref name="now"/>.</summary>
    public bool IsFresh(DateTimeOffset now) => now < RefreshAt;

    /// <inheritdoc/>
    public override string ToString() => $"WxCachedToken(***, ExpiresAt: {ExpiresAt:O}, RefreshAt: {RefreshAt:O})";

    /// <summary>Text form for distributed stores: <c>refreshAtMs|expiresAtMs|token</c>.</summary>
    public string Serialize() => $"{RefreshAt.ToUnixTimeMilliseconds()}|{ExpiresAt.ToUnixTimeMilliseconds()}|{Value}";

    /// <summary>Reads <see cref="Serialize"/>'s form; null for anything else.</summary>
    public static WxCachedToken? Deserialize(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var parts = text.Split(new[] { '|' }, 3);
        if (parts.Length != 3 || parts[2].Length == 0
            || !long.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var refresh)
            || !long.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var expires))
        {
            return null;
        }

        return new WxCachedToken(parts[2], DateTimeOffset.FromUnixTimeMilliseconds(expires), DateTimeOffset.FromUnixTimeMilliseconds(refresh));
    }
}
