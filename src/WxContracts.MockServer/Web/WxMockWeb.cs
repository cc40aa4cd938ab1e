using System;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace WxContracts.MockServer;

/// <summary>A WeChat user of the mock's web authorization (the person holding the phone).</summary>
/// <param name="Nickname">Shown on the consent page and returned by sns/userinfo.</param>
/// <param name="OpenId">The user's OpenID for the mock's account.</param>
/// <param name="UnionId">The user's UnionID, or null when the account has none.</param>
/// <param name="HeadImgUrl">The avatar URL.</param>
/// <param name="IsSnapshotUser">A snapshot-page virtual account: no consent page, <c>is_snapshotuser</c> = 1, no profile.</param>
public sealed record WxMockWebUser(string Nickname, string OpenId, string? UnionId, string HeadImgUrl, bool IsSnapshotUser = false);

/// <summary>
/// WeChat's web side in the mock: the authorize page and its one-time codes, the users' web-authorization tokens,
/// and the jsapi_tickets with the signature check of the stand-in <c>jweixin.js</c>.
/// </summary>
public sealed class WxMockWeb
{
    /// <summary>The default user: a real user with a nickname, an avatar and a UnionID.</summary>
    public static readonly WxMockWebUser DefaultUser = new("Test User 测试", "o6_mockuser0000000000000001", "oU_mockunion00000000000001", "https://thirdwx.qlogo.cn/mmopen/mock/132");

    /// <summary>A snapshot-page virtual account (<c>is_snapshotuser</c> = 1).</summary>
    public static readonly WxMockWebUser SnapshotUser = new("", "o6_mocksnapshot00000000001", null, "", IsSnapshotUser: true);

    private readonly object _gate = new();
    private readonly WxMockOptions _options;
    private readonly Dictionary<string, Code> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UserToken> _accessTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UserToken> _refreshTokens = new(StringComparer.Ordinal);
    private readonly List<(string Value, DateTimeOffset ExpiresAt)> _tickets = new();
    private WxMockWebUser _currentUser = DefaultUser;

    internal WxMockWeb(WxMockOptions options) => _options = options;

    /// <summary>The user who signs in at the next authorization (default <see cref="DefaultUser"/>).</summary>
    public WxMockWebUser CurrentUser
    {
        get { lock (_gate) { return _currentUser; } }
        set { lock (_gate) { _currentUser = value ?? throw new ArgumentNullException(nameof(value)); } }
    }

    /// <summary>How long a code may be exchanged (WeChat: 5 minutes).</summary>
    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a user's web-authorization access_token lives (WeChat: 7200 s).</summary>
    public TimeSpan UserTokenLifetime { get; set; } = TimeSpan.FromSeconds(7200);

    /// <summary>How long a jsapi_ticket lives (WeChat: 7200 s).</summary>
    public TimeSpan TicketLifetime { get; set; } = TimeSpan.FromSeconds(7200);

    /// <summary>How many codes the authorize page has issued.</summary>
    public int CodesIssued { get { lock (_gate) { return _codes.Count; } } }

    /// <summary>How many jsapi_tickets getticket has issued.</summary>
    public int TicketsIssued { get { lock (_gate) { return _tickets.Count; } } }

    /// <summary>How many <c>wx.config</c> checks the stand-in jweixin.js asked for, and how many passed.</summary>
    public (int Checked, int Passed) ConfigChecks { get { lock (_gate) { return (_configChecks, _configPassed); } } }

    private int _configChecks;
    private int _configPassed;

    /// <summary>Invalidates every jsapi_ticket issued so far (as if WeChat had replaced them).</summary>
    public void RevokeTickets()
    {
        lock (_gate)
        {
            var now = Now;
            for (var i = 0; i < _tickets.Count; i++)
            {
                _tickets[i] = (_tickets[i].Value, now);
            }
        }
    }

    private DateTimeOffset Now => _options.TimeProvider.GetUtcNow();

    internal string IssueCode(string appId, string scope, WxMockWebUser user)
    {
        lock (_gate)
        {
            var code = NewSecret(24);
            _codes[code] = new Code(appId, scope, user, Now + CodeLifetime);
            return code;
        }
    }

    /// <summary>Exchanges a code: the token, or the errcode (40029 unknown or expired, 40163 already used).</summary>
    internal (UserToken? Token, int ErrCode) Exchange(string appId, string code)
    {
        lock (_gate)
        {
            if (!_codes.TryGetValue(code, out var issued) || issued.AppId != appId || Now >= issued.ExpiresAt)
            {
                return (null, 40029);
            }

            if (issued.Used)
            {
                return (null, 40163);
            }

            issued.Used = true;
            var token = new UserToken(NewSecret(48), NewSecret(48), issued.User, issued.Scope, Now + UserTokenLifetime, Now + TimeSpan.FromDays(30));
            _accessTokens[token.AccessToken] = token;
            _refreshTokens[token.RefreshToken] = token;
            return (token, 0);
        }
    }

    /// <summary>A new access_token for a refresh_token: 40030 unknown, 42002 expired.</summary>
    internal (UserToken? Token, int ErrCode) Refresh(string refreshToken)
    {
        lock (_gate)
        {
            if (!_refreshTokens.TryGetValue(refreshToken, out var current))
            {
                return (null, 40030);
            }

            if (Now >= current.RefreshExpiresAt)
            {
                return (null, 42002);
            }

            var renewed = current with { AccessToken = NewSecret(48), ExpiresAt = Now + UserTokenLifetime };
            _accessTokens[renewed.AccessToken] = renewed;
            _refreshTokens[refreshToken] = renewed;
            return (renewed, 0);
        }
    }

    /// <summary>The user token for a presented access_token: 40001 unknown, 42001 expired.</summary>
    internal (UserToken? Token, int ErrCode) CheckAccessToken(string accessToken)
    {
        lock (_gate)
        {
            if (!_accessTokens.TryGetValue(accessToken, out var token))
            {
                return (null, 40001);
            }

            return Now >= token.ExpiresAt ? (null, 42001) : (token, 0);
        }
    }

    internal (string Ticket, int ExpiresIn) IssueTicket(bool jsapi)
    {
        lock (_gate)
        {
            var ticket = NewSecret(60);
            if (jsapi)
            {
                _tickets.Add((ticket, Now + TicketLifetime));
            }

            return (ticket, (int)TicketLifetime.TotalSeconds);
        }
    }

    /// <summary>WeChat's <c>wx.config</c> check: the signature of a valid ticket over nonce, timestamp and the page's URL.</summary>
    public bool CheckConfig(string appId, long timestamp, string nonceStr, string signature, string url)
    {
        lock (_gate)
        {
            _configChecks++;
            if (appId != _options.AppId)
            {
                return false;
            }

            var now = Now;
            var text = "&noncestr=" + nonceStr + "&timestamp=" + timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture) + "&url=" + url;
            var given = Encoding.ASCII.GetBytes(signature.ToLowerInvariant());
            var ok = _tickets.Where(t => now < t.ExpiresAt).Any(t =>
                CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes("jsapi_ticket=" + t.Value + text)))), given));
            if (ok)
            {
                _configPassed++;
            }

            return ok;
        }
    }

    private static string NewSecret(int bytes)
    {
        Span<byte> random = stackalloc byte[bytes];
        RandomNumberGenerator.Fill(random);
        return Base64Url.EncodeToString(random);
    }

    /// <inheritdoc/>
    public override string ToString() => $"WxMockWeb(codes: {CodesIssued}, tickets: {TicketsIssued})";

    private sealed class Code
    {
        public Code(string appId, string scope, WxMockWebUser user, DateTimeOffset expiresAt)
        {
            AppId = appId;
            Scope = scope;
            User = user;
            ExpiresAt = expiresAt;
        }

        public string AppId { get; }

        public string Scope { get; }

        public WxMockWebUser User { get; }

        public DateTimeOffset ExpiresAt { get; }

        public bool Used { get; set; }
    }

    internal sealed record UserToken(string AccessToken, string RefreshToken, WxMockWebUser User, string Scope, DateTimeOffset ExpiresAt, DateTimeOffset RefreshExpiresAt)
    {
        public override string ToString() => $"UserToken(***, {User.OpenId}, {Scope})";
    }
}
