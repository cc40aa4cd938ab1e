using System;
using System.Buffers;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Polly;

namespace WxContracts;

/// <summary>
/// Fetches access tokens from <c>cgi-bin/stable_token</c> or <c>cgi-bin/token</c>, as specs/token/*.yaml describe
/// them. Written by hand (a few dozen lines of Utf8JsonWriter/Reader) because the runtime cannot call code generated
/// into its users' assemblies; a test checks the request against the generated contract types.
/// </summary>
internal sealed class WxTokenClient
{
    public static readonly WxEndpointInfo StableEndpoint = new("GetStableAccessToken", "getStableAccessToken", "POST", "https://api.weixin.qq.com", "/cgi-bin/stable_token", WxCredentialKind.None, idempotent: true);
    // The same endpoint in force-refresh mode: it invalidates the current token, so it is not repeated.
    public static readonly WxEndpointInfo StableForceEndpoint = new("GetStableAccessToken", "getStableAccessToken", "POST", "https://api.weixin.qq.com", "/cgi-bin/stable_token", WxCredentialKind.None, idempotent: false);
    public static readonly WxEndpointInfo ClassicEndpoint = new("GetAccessToken", "getAccessToken", "GET", "https://api.weixin.qq.com", "/cgi-bin/token", WxCredentialKind.None, idempotent: false);

    private static readonly MediaTypeHeaderValue s_json = new("application/json") { CharSet = "utf-8" };

    private readonly WxHttpPipeline _pipeline;
    private readonly string _appId;
    private readonly Func<CancellationToken, ValueTask<string>> _appSecret;
    private readonly WxTokenMode _mode;
    private readonly ResiliencePipeline _resilience;

    public WxTokenClient(WxHttpPipeline pipeline, WxClientOptions options, TimeProvider time, Func<CancellationToken, ValueTask<string>>? appSecret = null)
    {
        _pipeline = pipeline;
        _appId = options.AppId ?? throw new ArgumentException("AppId is required.", nameof(options));
        if (appSecret is null)
        {
            var fixedSecret = options.AppSecret ?? throw new ArgumentException("AppSecret is required.", nameof(options));
            appSecret = _ => new ValueTask<string>(fixedSecret);
        }

        _appSecret = appSecret;
        _mode = options.TokenMode;
        _resilience = WxResilience.BuildTokenPipeline(options.Transport, time);
    }

    public WxTokenMode Mode => _mode;

    /// <summary>Fetches a token; <paramref name="forceRefresh"/> uses stable_token's force-refresh mode.</summary>
    public async Task<(string Token, int ExpiresIn)> FetchAsync(bool forceRefresh, CancellationToken cancellationToken)
    {
        var endpoint = forceRefresh ? StableForceEndpoint : _mode == WxTokenMode.Classic ? ClassicEndpoint : StableEndpoint;

        // Only stable_token in normal mode is repeatable; force refresh and cgi-bin/token are sent once, unless the
        // request never left the machine.
        var secret = await _appSecret(cancellationToken).ConfigureAwait(false);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(WxResilience.EndpointKey, endpoint);
        try
        {
            return await _resilience.ExecuteAsync(
                static (ctx, state) => state.Client.AttemptAsync(state.Endpoint, state.ForceRefresh, state.Secret, ctx.CancellationToken, state.CallerToken),
                context,
                (Client: this, Endpoint: endpoint, ForceRefresh: forceRefresh, Secret: secret, CallerToken: cancellationToken)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<(string Token, int ExpiresIn)> AttemptAsync(WxEndpointInfo endpoint, bool forceRefresh, string secret, CancellationToken attemptToken, CancellationToken callerToken)
    {
        using var message = BuildMessage(endpoint, forceRefresh, secret);
        var result = await _pipeline.SendOnceAsync(endpoint, message, attemptToken, callerToken).ConfigureAwait(false);
        try
        {
            if (!result.IsSuccessStatus)
            {
                throw WxHttpPipeline.StatusError(endpoint, result);
            }

            var (token, expiresIn, code, errmsg) = Parse(endpoint, result);
            if (code != 0)
            {
                throw endpoint.CreateException(code, errmsg);
            }

            if (string.IsNullOrEmpty(token) || expiresIn <= 0)
            {
                throw WxHttpPipeline.BodyError(endpoint, result, "access_token or expires_in is missing");
            }

            return (token!, expiresIn);
        }
        finally
        {
            result.Release();
        }
    }

    private HttpRequestMessage BuildMessage(WxEndpointInfo endpoint, bool forceRefresh, string secret)
    {
        var baseAddress = _pipeline.BaseAddressFor(endpoint);
        if (ReferenceEquals(endpoint, ClassicEndpoint))
        {
            var url = $"{baseAddress}{endpoint.Path}?grant_type=client_credential&appid={Uri.EscapeDataString(_appId)}&secret={Uri.EscapeDataString(secret)}";
            return new WxRequestMessage(HttpMethod.Get, new Uri(url)) { SendOnce = !endpoint.Idempotent };
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("grant_type"u8, "client_credential"u8);
            writer.WriteString("appid"u8, _appId);
            writer.WriteString("secret"u8, secret);
            writer.WriteBoolean("force_refresh"u8, forceRefresh);
            writer.WriteEndObject();
        }

        var message = new WxRequestMessage(HttpMethod.Post, new Uri(baseAddress + endpoint.Path))
        {
            SendOnce = !endpoint.Idempotent,
            Content = new WxJsonContent(buffer.WrittenSpan.ToArray()) { SendOnce = !endpoint.Idempotent },
        };
        message.Content.Headers.ContentType = s_json;
        return message;
    }

    private static (string? Token, int ExpiresIn, int ErrCode, string? ErrMsg) Parse(WxEndpointInfo endpoint, WxHttpResult result)
    {
        string? token = null;
        string? errmsg = null;
        var expiresIn = 0;
        var code = 0;
        try
        {
            var reader = new Utf8JsonReader(result.Body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw WxHttpPipeline.BodyError(endpoint, result, "expected a JSON object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("access_token"u8))
                {
                    reader.Read();
                    token = Serialization.WxJson.ReadNullableString(ref reader, "access_token");
                }
                else if (reader.ValueTextEquals("expires_in"u8))
                {
                    reader.Read();
                    expiresIn = Serialization.WxJson.ReadInt32(ref reader, true, "expires_in");
                }
                else if (reader.ValueTextEquals("errcode"u8))
                {
                    reader.Read();
                    code = Serialization.WxJson.ReadInt32(ref reader, true, "errcode");
                }
                else if (reader.ValueTextEquals("errmsg"u8))
                {
                    reader.Read();
                    errmsg = Serialization.WxJson.ReadNullableString(ref reader, "errmsg");
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject)
            {
                throw WxHttpPipeline.BodyError(endpoint, result, "the JSON object is incomplete");
            }
        }
        catch (JsonException ex)
        {
            // Never echo the body's token into the message: BodyError redacts the preview, and JsonException
            // messages from the reader carry positions only.
            throw WxHttpPipeline.BodyError(endpoint, result, ex.Message);
        }

        return (token, expiresIn, code, errmsg);
    }
}
