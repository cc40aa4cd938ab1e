using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Xunit;
using static WxContracts.Analyzers.Tests.AnalyzerHarness;

namespace WxContracts.Analyzers.Tests;

/// <summary>WXC1003: string constants flowing into credentials.</summary>
public class HardCodedSecretTests
{
    /// <summary>
    /// Stand-ins for runtime types that are being built elsewhere (the options class) and for a WxContracts
    /// method with token parameters; the analyzer matches them by namespace and name.
    /// </summary>
    private const string Stubs = """

        namespace WxContracts
        {
            public sealed class WxClientOptions
            {
                public string? AppId { get; set; }
                public string? AppSecret { get; set; }
            }
        }

        namespace WxContracts.Platform
        {
            public sealed class AuthorizerSession
            {
                public AuthorizerSession(string authorizerAccessToken, string label) { }
                public static void Use(string appSecret, string appId) { }
            }
        }

        public sealed class MyOwnOptions
        {
            public string? AppSecret { get; set; }
        }
        """;

    [Fact]
    public async Task Static_token_provider_with_a_literal()
    {
        var d = Assert.Single(await Verify("WXC1003", Wrap("""
                var tokens = new StaticAccessTokenProvider([|"8_eZ2uJdaVq"|]);
        """)));
        Assert.Equal("A string constant is used as parameter 'token' of StaticAccessTokenProvider; read secrets and tokens from configuration or a secret store", d.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Generated_token_requests_secret_field()
    {
        var d = await Verify("WXC1003", Wrap("""
                await client.Token.GetStableAccessTokenAsync(new GetStableAccessTokenRequest { GrantType = "client_credential", Appid = "wx0123456789", Secret = [|"0f1e2d3c4b5a"|] });
                var request = new GetAccessTokenRequest { GrantType = "client_credential", Appid = "wx0123456789", Secret = fromConfig };
                request.Secret = [|"0f1e2d3c4b5a"|];
        """));
        Assert.Contains("GetStableAccessTokenRequest.Secret (the 'secret' field)", d[0].GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Options_AppSecret_from_a_literal_a_const_or_a_local() =>
        await Verify("WXC1003", Wrap("""
                var options = new WxClientOptions { AppId = "wx0123456789", AppSecret = [|"0f1e2d3c4b5a"|] };
                options.AppSecret = [|Hardcoded|];
                var secret = "0f1e2d3c4b5a";
                options.AppSecret = [|secret|];
        """, "    private const string Hardcoded = \"0f1e2d3c4b5a\";\n") + Stubs);

    [Fact]
    public async Task Token_and_secret_parameters_of_WxContracts_methods() =>
        await Verify("WXC1003", Wrap("""
                var session = new WxContracts.Platform.AuthorizerSession([|"authorizer-token"|], "a label");
                WxContracts.Platform.AuthorizerSession.Use([|"0f1e2d3c4b5a"|], "wx0123456789");
        """) + Stubs);

    [Fact]
    public async Task Secrets_from_configuration_empty_values_other_types_and_responses_are_not_reported() =>
        await Verify("WXC1003", Wrap("""
                var options = new WxClientOptions { AppSecret = Environment.GetEnvironmentVariable("WX_APPSECRET") };
                options.AppSecret = fromConfig;
                options.AppSecret = "";
                options.AppSecret = null;
                var mine = new MyOwnOptions { AppSecret = "not a WxContracts type" };
                var tokens = new StaticAccessTokenProvider(fromConfig);
                var fake = new GetAccessTokenResponse { AccessToken = "fake-token-for-a-test", ExpiresIn = 7200 };
                WxContracts.Platform.AuthorizerSession.Use(fromConfig, "wx0123456789");
        """) + Stubs);
}
