using System;
using System.Net.Http;
using System.Threading;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WxContracts;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the WeChat client runtime and a generated client.</summary>
public static class WxServiceCollectionExtensions
{
    /// <summary>Name of the HttpClient the runtime uses (configure it with <c>AddHttpClient(HttpClientName)</c>).</summary>
    public const string HttpClientName = "WxContracts";

    /// <summary>
    /// Registers an account's client: options (validated when first used, or at start-up under a host), the access
    /// token provider (stable_token, in-memory store unless another <see cref="IWxTokenStore"/> is registered), the
    /// transport over IHttpClientFactory, and the generated client made by <paramref name="clientFactory"/>
    /// (usually <c>t =&gt; new WxApiClient(t)</c>: no reflection).
    /// </summary>
    public static IServiceCollection AddWxOfficialAccount<TClient>(this IServiceCollection services, Func<IWxTransport, TClient> clientFactory, Action<WxClientOptions> configure)
        where TClient : class
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        services.TryAddSingleton<IWxTokenStore, InMemoryWxTokenStore>();
        services.TryAddSingleton<IWxAccessTokenProvider>(sp => new WxAccessTokenProvider(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            sp.GetRequiredService<IOptions<WxClientOptions>>().Value,
            sp.GetRequiredService<IWxTokenStore>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<WxAccessTokenProvider>>()));
        return AddCore(services, clientFactory, configure, needsAppCredentials: true);
    }

    /// <summary>
    /// Registers a client for a third-party platform acting for an authorised account: the caller's
    /// <paramref name="authorizerTokens"/> supplies the <c>authorizer_access_token</c> (and may refresh it when WeChat
    /// rejects it); AppId and AppSecret are then not needed.
    /// </summary>
    public static IServiceCollection AddWxAuthorizerAccount<TClient>(this IServiceCollection services, Func<IWxTransport, TClient> clientFactory, Func<IServiceProvider, IWxAccessTokenProvider> authorizerTokens, Action<WxClientOptions>? configure = null)
        where TClient : class
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        if (authorizerTokens is null)
        {
            throw new ArgumentNullException(nameof(authorizerTokens));
        }

        services.AddSingleton(authorizerTokens);
        return AddCore(services, clientFactory, configure ?? (_ => { }), needsAppCredentials: false);
    }

    private static IServiceCollection AddCore<TClient>(IServiceCollection services, Func<IWxTransport, TClient> clientFactory, Action<WxClientOptions> configure, bool needsAppCredentials)
        where TClient : class
    {
        if (clientFactory is null)
        {
            throw new ArgumentNullException(nameof(clientFactory));
        }

        services.AddOptions<WxClientOptions>().Configure(configure).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WxClientOptions>>(new WxClientOptionsValidator(needsAppCredentials));

        // The client lives as long as the container; a pooled-connection lifetime keeps DNS changes visible.
        services.AddHttpClient(HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);

        services.TryAddSingleton<IWxTransport>(sp => new WxHttpTransport(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            sp.GetRequiredService<IWxAccessTokenProvider>(),
            sp.GetRequiredService<IOptions<WxClientOptions>>().Value.Transport,
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<WxHttpTransport>>()));
        services.TryAddSingleton(sp => clientFactory(sp.GetRequiredService<IWxTransport>()));
        return services;
    }

    private sealed class WxClientOptionsValidator : IValidateOptions<WxClientOptions>
    {
        private readonly bool _needsAppCredentials;

        public WxClientOptionsValidator(bool needsAppCredentials) => _needsAppCredentials = needsAppCredentials;

        public ValidateOptionsResult Validate(string? name, WxClientOptions options)
        {
            var problems = options.Validate(_needsAppCredentials);
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
