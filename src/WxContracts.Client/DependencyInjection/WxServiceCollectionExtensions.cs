using System;
using System.Net.Http;
using System.Threading;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WxContracts;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the WeChat client runtime and generated clients: one account, several named accounts, or a factory.</summary>
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
    /// Registers one of several accounts under <paramref name="name"/>: its options are the named options
    /// <paramref name="name"/>, and its token provider, transport and client are keyed services, resolved with
    /// <c>[FromKeyedServices("brand-a")] WxApiClient</c> or <c>GetRequiredKeyedService&lt;WxApiClient&gt;("brand-a")</c>.
    /// Each account has its own token (cache key and refresh lock per AppID), and its name on metrics
    /// (<c>wx.account</c>) and in a log scope. The token store is shared (<see cref="IWxTokenStore"/>).
    /// </summary>
    public static IServiceCollection AddWxOfficialAccount<TClient>(this IServiceCollection services, string name, Func<IWxTransport, TClient> clientFactory, Action<WxClientOptions> configure)
        where TClient : class
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("An account needs a name (the key it is resolved with).", nameof(name));
        }

        if (clientFactory is null)
        {
            throw new ArgumentNullException(nameof(clientFactory));
        }

        if (configure is null)
        {
            throw new ArgumentNullException(nameof(configure));
        }

        services.TryAddSingleton<IWxTokenStore, InMemoryWxTokenStore>();
        services.AddOptions<WxClientOptions>(name).Configure(configure).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WxClientOptions>>(new WxClientOptionsValidator(name, needsAppCredentials: true));
        AddHttpClient(services);
        services.AddKeyedSingleton<IWxAccessTokenProvider>(name, (sp, _) => new WxAccessTokenProvider(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            sp.GetRequiredService<IOptionsMonitor<WxClientOptions>>().Get(name),
            sp.GetRequiredService<IWxTokenStore>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<WxAccessTokenProvider>>(),
            name));
        services.AddKeyedSingleton<IWxTransport>(name, (sp, _) => new WxHttpTransport(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            sp.GetRequiredKeyedService<IWxAccessTokenProvider>(name),
            sp.GetRequiredService<IOptionsMonitor<WxClientOptions>>().Get(name).Transport,
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<WxHttpTransport>>(),
            name));
        services.AddKeyedSingleton(name, (sp, _) => clientFactory(sp.GetRequiredKeyedService<IWxTransport>(name)));
        return services;
    }

    /// <summary>
    /// Registers an <see cref="IWxClientFactory{TClient}"/> for accounts known only at run time:
    /// <c>factory.GetClient(appId)</c>, with credentials from the <see cref="IWxAccountStore"/> the application registers
    /// (<see cref="InMemoryWxAccountStore"/>, <see cref="ConfigurationWxAccountStore"/> or its own).
    /// <paramref name="configure"/> holds the settings all accounts share.
    /// </summary>
    public static IServiceCollection AddWxClientFactory<TClient>(this IServiceCollection services, Func<IWxTransport, TClient> clientFactory, Action<WxClientOptions>? configure = null)
        where TClient : class
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        if (clientFactory is null)
        {
            throw new ArgumentNullException(nameof(clientFactory));
        }

        services.TryAddSingleton<IWxTokenStore, InMemoryWxTokenStore>();
        AddHttpClient(services);
        services.TryAddSingleton<IWxClientFactory<TClient>>(sp => new WxClientFactory<TClient>(
            clientFactory,
            configure,
            sp.GetService<IWxAccountStore>() ?? throw new InvalidOperationException("AddWxClientFactory needs an IWxAccountStore registered in the container (InMemoryWxAccountStore, ConfigurationWxAccountStore or the application's own)."),
            () => sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            sp.GetRequiredService<IWxTokenStore>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()));
        return services;
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
        services.AddSingleton<IValidateOptions<WxClientOptions>>(new WxClientOptionsValidator(Options.Options.DefaultName, needsAppCredentials));
        AddHttpClient(services);

        services.TryAddSingleton<IWxTransport>(sp => new WxHttpTransport(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            sp.GetRequiredService<IWxAccessTokenProvider>(),
            sp.GetRequiredService<IOptions<WxClientOptions>>().Value.Transport,
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<WxHttpTransport>>()));
        services.TryAddSingleton(sp => clientFactory(sp.GetRequiredService<IWxTransport>()));
        return services;
    }

    private static void AddHttpClient(IServiceCollection services)
    {
        // The client lives as long as the container; a pooled-connection lifetime keeps DNS changes visible. The
        // send-once handler sits in front of the socket handler, inside every handler added to this client, so a
        // retrying handler (AddStandardResilienceHandler) cannot send a non-idempotent request twice.
        services.AddHttpClient(HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new WxSendOnceHandler(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
    }

    private sealed class WxClientOptionsValidator : IValidateOptions<WxClientOptions>
    {
        private readonly string _name;
        private readonly bool _needsAppCredentials;

        public WxClientOptionsValidator(string name, bool needsAppCredentials)
        {
            _name = name;
            _needsAppCredentials = needsAppCredentials;
        }

        public ValidateOptionsResult Validate(string? name, WxClientOptions options)
        {
            if ((name ?? Options.Options.DefaultName) != _name)
            {
                return ValidateOptionsResult.Skip;
            }

            var problems = options.Validate(_needsAppCredentials);
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
