using System;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Threading;

namespace WxContracts.MockServer.State;

/// <summary>What the store knows about a presented access token.</summary>
internal enum TokenState
{
    Valid,

    /// <summary>Never issued, revoked, or replaced (40001).</summary>
    Invalid,

    /// <summary>Its lifetime is over (42001).</summary>
    Expired,
}

/// <summary>
/// The access tokens the mock has issued, on the configured clock. cgi-bin/token issues a new token on every
/// call and leaves the previous ones valid for 5 more minutes; stable_token returns its current token while it
/// has more than 5 minutes left, and force_refresh replaces it at once.
/// </summary>
internal sealed class TokenStore
{
    /// <summary>How long a replaced token keeps working (both token pages: 5 minutes).</summary>
    public static readonly TimeSpan Overlap = TimeSpan.FromMinutes(5);

    private readonly object _gate = new();
    private readonly Dictionary<string, Token> _tokens = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;
    private readonly TimeSpan _lifetime;
    private Token? _stable;
    private long _issued;

    public TokenStore(TimeProvider clock, TimeSpan lifetime)
    {
        _clock = clock;
        _lifetime = lifetime;
    }

    /// <summary>How many tokens have been issued.</summary>
    public long Issued => Interlocked.Read(ref _issued);

    /// <summary>cgi-bin/token: a new token; the earlier ones stop working 5 minutes from now at the latest.</summary>
    public (string Token, int ExpiresIn) IssueAccessToken()
    {
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            foreach (var token in _tokens.Values)
            {
                if (!token.Stable)
                {
                    token.Cap(now + Overlap);
                }
            }

            var issued = Issue(now, stable: false);
            return (issued.Value, Seconds(issued.ExpiresAt - now));
        }
    }

    /// <summary>A new token that leaves the others alone (for tests and samples that skip the token endpoints).</summary>
    public string IssueDirect()
    {
        lock (_gate)
        {
            return Issue(_clock.GetUtcNow(), stable: false).Value;
        }
    }

    /// <summary>stable_token: the current token, or a new one when forced, missing, or within 5 minutes of expiry.</summary>
    public (string Token, int ExpiresIn) GetStableAccessToken(bool forceRefresh)
    {
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            var current = _stable;
            if (current is not null && forceRefresh)
            {
                current.Cap(now);
            }
            else if (current is not null && StateOf(current, now) == TokenState.Valid && current.ExpiresAt - now > Overlap)
            {
                return (current.Value, Seconds(current.ExpiresAt - now));
            }

            _stable = Issue(now, stable: true);
            return (_stable.Value, Seconds(_stable.ExpiresAt - now));
        }
    }

    public TokenState Check(string value)
    {
        lock (_gate)
        {
            return _tokens.TryGetValue(value, out var token) ? StateOf(token, _clock.GetUtcNow()) : TokenState.Invalid;
        }
    }

    /// <summary>Revokes one token; false if the store never issued it.</summary>
    public bool Revoke(string value)
    {
        lock (_gate)
        {
            if (!_tokens.TryGetValue(value, out var token))
            {
                return false;
            }

            token.Revoked = true;
            return true;
        }
    }

    /// <summary>Revokes every token issued so far; returns how many were still valid.</summary>
    public int RevokeAll()
    {
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            var valid = 0;
            foreach (var token in _tokens.Values)
            {
                if (StateOf(token, now) == TokenState.Valid)
                {
                    valid++;
                }

                token.Revoked = true;
            }

            return valid;
        }
    }

    private static TokenState StateOf(Token token, DateTimeOffset now)
    {
        if (token.Revoked || token.InvalidAfter is { } cap && now >= cap && cap < token.ExpiresAt)
        {
            return TokenState.Invalid;
        }

        return now >= token.ExpiresAt ? TokenState.Expired : TokenState.Valid;
    }

    private Token Issue(DateTimeOffset now, bool stable)
    {
        Span<byte> random = stackalloc byte[48];
        RandomNumberGenerator.Fill(random);
        var token = new Token(Base64Url.EncodeToString(random), now + _lifetime, stable);
        _tokens[token.Value] = token;
        Interlocked.Increment(ref _issued);
        return token;
    }

    private static int Seconds(TimeSpan span) => (int)Math.Max(0, Math.Floor(span.TotalSeconds));

    private sealed class Token
    {
        public Token(string value, DateTimeOffset expiresAt, bool stable)
        {
            Value = value;
            ExpiresAt = expiresAt;
            Stable = stable;
        }

        public string Value { get; }

        public DateTimeOffset ExpiresAt { get; }

        public bool Stable { get; }

        public DateTimeOffset? InvalidAfter { get; private set; }

        public bool Revoked { get; set; }

        public void Cap(DateTimeOffset at)
        {
            if (InvalidAfter is null || at < InvalidAfter)
            {
                InvalidAfter = at;
            }
        }

        public override string ToString() => "Token(***)";
    }
}
