using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using WxContracts.MockServer.Pipeline;
using WxContracts.MockServer.State;

namespace WxContracts.MockServer.Behaviours;

/// <summary>The credential checks both token endpoints share: 40002 grant_type, 40013 appid, 40125 secret.</summary>
internal abstract class TokenBehaviourBase : IMockBehaviour
{
    private readonly WxMockOptions _options;

    protected TokenBehaviourBase(WxMockOptions options, TokenStore tokens, ErrorReplies errors)
    {
        _options = options;
        Tokens = tokens;
        Errors = errors;
    }

    public abstract string Path { get; }

    protected TokenStore Tokens { get; }

    protected ErrorReplies Errors { get; }

    public MockReply Handle(MockRequest request)
    {
        if (request.Text("grant_type") != "client_credential")
        {
            return Errors.Error(40002, request.Spec, "grant_type must be client_credential");
        }

        if (request.Text("appid") != _options.AppId)
        {
            return Errors.Error(40013, request.Spec);
        }

        if (!SameSecret(request.Text("secret") ?? string.Empty, _options.AppSecret))
        {
            return Errors.Error(40125, request.Spec);
        }

        var (token, expiresIn) = Issue(request);
        using var buffer = new System.IO.MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("access_token", token);
            writer.WriteNumber("expires_in", expiresIn);
            writer.WriteEndObject();
        }

        return MockReply.Json(Encoding.UTF8.GetString(buffer.ToArray()), null);
    }

    protected abstract (string Token, int ExpiresIn) Issue(MockRequest request);

    private static bool SameSecret(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
}

/// <summary>GET /cgi-bin/token: a new token on every call; earlier tokens keep working for 5 minutes.</summary>
internal sealed class AccessTokenBehaviour : TokenBehaviourBase
{
    public AccessTokenBehaviour(WxMockOptions options, TokenStore tokens, ErrorReplies errors)
        : base(options, tokens, errors)
    {
    }

    public override string Path => "/cgi-bin/token";

    protected override (string Token, int ExpiresIn) Issue(MockRequest request) => Tokens.IssueAccessToken();
}

/// <summary>POST /cgi-bin/stable_token: the current token while valid; force_refresh replaces it at once.</summary>
internal sealed class StableTokenBehaviour : TokenBehaviourBase
{
    public StableTokenBehaviour(WxMockOptions options, TokenStore tokens, ErrorReplies errors)
        : base(options, tokens, errors)
    {
    }

    public override string Path => "/cgi-bin/stable_token";

    protected override (string Token, int ExpiresIn) Issue(MockRequest request) => Tokens.GetStableAccessToken(request.Bool("force_refresh"));
}
