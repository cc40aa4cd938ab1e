using System;
using System.Net.Http;
using System.Threading.Tasks;
using WxContracts.Api;
using Xunit;

namespace WxContracts.MockServer.Tests;

/// <summary>cgi-bin/token and stable_token: credentials, expiry on the injected clock, overlap, revocation.</summary>
public class TokenTests
{
    private static readonly string s_tokenQuery = $"/cgi-bin/token?grant_type=client_credential&appid={Mock.AppId}&secret={Mock.Secret}";

    private static async Task<string> TokenAsync(HttpClient http, WxMockServer mock)
    {
        var answer = await Mock.GetAsync(http, mock, s_tokenQuery);
        Assert.Equal(200, answer.Status);
        return answer.Json["access_token"]!.GetValue<string>();
    }

    private static async Task<(string Token, int ExpiresIn)> StableAsync(HttpClient http, WxMockServer mock, bool force = false)
    {
        var answer = await Mock.PostAsync(http, mock, "/cgi-bin/stable_token", $$"""{"grant_type":"client_credential","appid":"{{Mock.AppId}}","secret":"{{Mock.Secret}}","force_refresh":{{(force ? "true" : "false")}}}""");
        return (answer.Json["access_token"]!.GetValue<string>(), answer.Json["expires_in"]!.GetValue<int>());
    }

    /// <summary>Calls an endpoint that needs a token and returns its errcode.</summary>
    private static async Task<int> UseAsync(HttpClient http, WxMockServer mock, string token) =>
        (await Mock.GetAsync(http, mock, Mock.AutoReplyPath + "?access_token=" + Uri.EscapeDataString(token))).ErrCode;

    [Fact]
    public async Task The_generated_client_gets_a_token_that_the_mock_then_accepts()
    {
        await using var mock = await Mock.StartAsync();
        using var http = new HttpClient();
        var tokenClient = new WxApiClient(new WxHttpTransport(http, null, new WxTransportOptions { BaseAddress = mock.BaseAddress }));

        var token = await tokenClient.Token.GetAccessTokenAsync(new GetAccessTokenRequest { GrantType = "client_credential", Appid = Mock.AppId, Secret = Mock.Secret });
        var stable = await tokenClient.Token.GetStableAccessTokenAsync(new GetStableAccessTokenRequest { GrantType = "client_credential", Appid = Mock.AppId, Secret = Mock.Secret });

        Assert.Equal(7200, token.ExpiresIn);
        Assert.Equal(7200, stable.ExpiresIn);
        Assert.True(token.AccessToken.Length >= 32);
        Assert.NotEqual(token.AccessToken, stable.AccessToken);
        Assert.Equal(0, (await Mock.Client(mock, http, token.AccessToken).Comment.ReplyAsync(new ReplyCommentRequest { MsgDataId = 5, UserCommentId = 5, Content = "hi" })).ErrCode);
        Assert.Equal(0, (await Mock.Client(mock, http, stable.AccessToken).Comment.ReplyAsync(new ReplyCommentRequest { MsgDataId = 5, UserCommentId = 6, Content = "hi" })).ErrCode);
        Assert.Equal(2, mock.Stats.TokenIssues);
    }

    [Theory]
    [InlineData("grant_type=password&appid={0}&secret={1}", 40002)]
    [InlineData("grant_type=client_credential&appid=wx_someone_else&secret={1}", 40013)]
    [InlineData("grant_type=client_credential&appid={0}&secret=wrong-secret", 40125)]
    public async Task Wrong_credentials_get_their_documented_codes_and_issue_nothing(string query, int errcode)
    {
        await using var mock = await Mock.StartAsync();
        using var http = new HttpClient();

        var answer = await Mock.GetAsync(http, mock, "/cgi-bin/token?" + string.Format(System.Globalization.CultureInfo.InvariantCulture, query, Mock.AppId, Mock.Secret));
        var stable = await Mock.PostAsync(http, mock, "/cgi-bin/stable_token", "{" + string.Join(",", Array.ConvertAll(string.Format(System.Globalization.CultureInfo.InvariantCulture, query, Mock.AppId, Mock.Secret).Split('&'), p => $"\"{p.Split('=')[0]}\":\"{p.Split('=')[1]}\"")) + "}");

        Assert.Equal(errcode, answer.ErrCode);
        Assert.Equal(errcode, stable.ErrCode);
        Assert.Equal(0, mock.Stats.TokenIssues);
    }

    [Fact]
    public async Task A_token_expires_after_its_lifetime_on_the_injected_clock_with_42001()
    {
        var clock = new ManualClock();
        await using var mock = await Mock.StartAsync(o => o.TimeProvider = clock);
        using var http = new HttpClient();
        var token = await TokenAsync(http, mock);

        clock.Advance(TimeSpan.FromSeconds(7199));
        Assert.Equal(0, await UseAsync(http, mock, token));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(42001, await UseAsync(http, mock, token));
    }

    [Fact]
    public async Task The_token_lifetime_is_configurable()
    {
        var clock = new ManualClock();
        await using var mock = await Mock.StartAsync(o =>
        {
            o.TimeProvider = clock;
            o.TokenLifetime = TimeSpan.FromMinutes(10);
        });
        using var http = new HttpClient();

        var answer = await Mock.GetAsync(http, mock, s_tokenQuery);

        Assert.Equal(600, answer.Json["expires_in"]!.GetValue<int>());
        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(42001, await UseAsync(http, mock, answer.Json["access_token"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_new_cgi_bin_token_leaves_the_previous_one_valid_for_5_minutes_then_40001()
    {
        var clock = new ManualClock();
        await using var mock = await Mock.StartAsync(o => o.TimeProvider = clock);
        using var http = new HttpClient();
        var first = await TokenAsync(http, mock);
        clock.Advance(TimeSpan.FromMinutes(30));
        var second = await TokenAsync(http, mock);

        Assert.NotEqual(first, second);
        clock.Advance(TimeSpan.FromSeconds(299));
        Assert.Equal(0, await UseAsync(http, mock, first));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(40001, await UseAsync(http, mock, first));
        Assert.Equal(0, await UseAsync(http, mock, second));
        Assert.Equal(2, mock.Stats.TokenIssues);
    }

    [Fact]
    public async Task Stable_token_returns_the_same_token_while_valid_and_a_new_one_in_its_last_5_minutes()
    {
        var clock = new ManualClock();
        await using var mock = await Mock.StartAsync(o => o.TimeProvider = clock);
        using var http = new HttpClient();

        var (first, expiresIn) = await StableAsync(http, mock);
        clock.Advance(TimeSpan.FromSeconds(1000));
        var (again, left) = await StableAsync(http, mock);
        Assert.Equal(first, again);
        Assert.Equal(7200, expiresIn);
        Assert.Equal(6200, left);
        Assert.Equal(1, mock.Stats.TokenIssues);

        clock.Advance(TimeSpan.FromSeconds(6200 - 300));
        var (renewed, renewedIn) = await StableAsync(http, mock);
        Assert.NotEqual(first, renewed);
        Assert.Equal(7200, renewedIn);
        Assert.Equal(0, await UseAsync(http, mock, first)); // both work during the overlap
        clock.Advance(TimeSpan.FromSeconds(300));
        Assert.Equal(42001, await UseAsync(http, mock, first));
        Assert.Equal(0, await UseAsync(http, mock, renewed));
    }

    [Fact]
    public async Task Stable_token_force_refresh_issues_a_new_token_and_invalidates_the_previous_one_at_once()
    {
        await using var mock = await Mock.StartAsync();
        using var http = new HttpClient();

        var (first, _) = await StableAsync(http, mock);
        var (forced, _) = await StableAsync(http, mock, force: true);

        Assert.NotEqual(first, forced);
        Assert.Equal(40001, await UseAsync(http, mock, first));
        Assert.Equal(0, await UseAsync(http, mock, forced));
        Assert.Equal(forced, (await StableAsync(http, mock)).Token);
    }

    [Fact]
    public async Task RevokeAllTokens_makes_every_issued_token_answer_40001_and_new_tokens_work()
    {
        await using var mock = await Mock.StartAsync();
        using var http = new HttpClient();
        var plain = await TokenAsync(http, mock);
        var (stable, _) = await StableAsync(http, mock);

        Assert.Equal(2, mock.RevokeAllTokens());

        Assert.Equal(40001, await UseAsync(http, mock, plain));
        Assert.Equal(40001, await UseAsync(http, mock, stable));
        var (fresh, _) = await StableAsync(http, mock);
        Assert.NotEqual(stable, fresh);
        Assert.Equal(0, await UseAsync(http, mock, fresh));
    }

    [Fact]
    public async Task One_token_can_be_revoked_over_the_admin_route()
    {
        await using var mock = await Mock.StartAsync();
        using var http = new HttpClient();
        var revoked = mock.IssueAccessToken();
        var kept = mock.IssueAccessToken();

        var answer = await Mock.PostAsync(http, mock, "/__mock/tokens/revoke", $$"""{"access_token":"{{revoked}}"}""");

        Assert.Equal(1, answer.Json["revoked"]!.GetValue<int>());
        Assert.Equal(40001, await UseAsync(http, mock, revoked));
        Assert.Equal(0, await UseAsync(http, mock, kept));
        Assert.False(mock.RevokeToken("never-issued"));
    }
}
