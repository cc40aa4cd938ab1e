using Xunit;

namespace WxContracts.Client.Tests;

/// <summary>The runtime's previews (exception texts, logs) use the one secret list: every name on it is masked.</summary>
public class SecretRedactionTests
{
    [Theory]
    [InlineData("{\"appsecret\":\"s3cr3tVALUE\",\"x\":1}")]
    [InlineData("{\"refresh_token\": \"s3cr3tVALUE\"}")]
    [InlineData("grant_type=refresh_token&refresh_token=s3cr3tVALUE&appid=wx1")]
    [InlineData("?access_token=s3cr3tVALUE")]
    [InlineData("{\"component_appsecret\":\"s3cr3tVALUE\"")] // cut off mid-body
    [InlineData("{\"encoding_aes_key\":\"s3cr3tVALUE\"}")]
    [InlineData("<xml>secret=s3cr3tVALUE</xml>")]
    public void Previews_mask_every_secret_on_the_list(string text)
    {
        var redacted = WxHttpPipeline.Redact(text);
        Assert.DoesNotContain("s3cr3tVALUE", redacted);
        Assert.Contains("***", redacted);
    }

    [Fact]
    public void Text_without_secrets_is_unchanged()
    {
        const string text = "{\"errcode\":40001,\"errmsg\":\"invalid credential, access_token is invalid or not latest rid: 1\"}";
        Assert.Equal(text, WxHttpPipeline.Redact(text));
    }

    [Theory]
    [InlineData("access_token", true)]
    [InlineData("AccessToken", true)]
    [InlineData("appSecret", true)]
    [InlineData("AUTHORIZER_REFRESH_TOKEN", true)]
    [InlineData("EncodingAESKey", true)]
    [InlineData("openid", false)]
    [InlineData("token_type", false)]
    public void One_list_matches_wire_names_and_csharp_names(string name, bool secret) =>
        Assert.Equal(secret, WxSecretFields.IsSecret(name));
}
