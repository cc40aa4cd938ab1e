using System;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;
using WxContracts;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Shares the WeChat access tokens between instances through Redis (StackExchange.Redis).</summary>
public static class WxRedisServiceCollectionExtensions
{
    /// <summary>
    /// Uses Redis as the token store, connecting with a StackExchange.Redis <paramref name="configuration"/> string and
    /// all its options (<c>"redis:6379,password=...,ssl=true,defaultDatabase=2"</c>). The first token request connects;
    /// a wrong password or an unreachable server fails it with a <see cref="WxTokenStoreException"/>. Call before or
    /// after <c>AddWxOfficialAccount</c>.
    /// </summary>
    public static IServiceCollection AddWxRedisTokenStore(this IServiceCollection services, string configuration, Action<RedisWxTokenStoreOptions>? configure = null)
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        var options = Configure(configure);
        RedisWxTokenStore.ParseConfiguration(configuration); // a bad string fails here, at registration
        services.Replace(ServiceDescriptor.Singleton<IWxTokenStore>(sp => new RedisWxTokenStore(configuration, options, sp.GetService<TimeProvider>())));
        return services;
    }

    /// <summary>
    /// Uses Redis as the token store through the application's own <see cref="IConnectionMultiplexer"/>, resolved from
    /// the container (registered by the application, for example <c>AddSingleton&lt;IConnectionMultiplexer&gt;(...)</c>).
    /// </summary>
    public static IServiceCollection AddWxRedisTokenStore(this IServiceCollection services, Action<RedisWxTokenStoreOptions>? configure = null)
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        var options = Configure(configure);
        services.Replace(ServiceDescriptor.Singleton<IWxTokenStore>(sp => new RedisWxTokenStore(
            sp.GetService<IConnectionMultiplexer>() ?? throw new InvalidOperationException("AddWxRedisTokenStore() without a configuration string needs an IConnectionMultiplexer registered in the container."),
            options,
            sp.GetService<TimeProvider>())));
        return services;
    }

    /// <summary>
    /// De-duplicates inbound pushes (<c>MapWxCallback</c>) in Redis through the application's own
    /// <see cref="IConnectionMultiplexer"/> from the container: instances sharing the server handle a push once
    /// (<c>SET NX PX</c>). Call before or after <c>AddWxCallback</c>.
    /// </summary>
    public static IServiceCollection AddWxRedisPushDeduplicator(this IServiceCollection services, Action<RedisWxPushDeduplicatorOptions>? configure = null)
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        var options = new RedisWxPushDeduplicatorOptions();
        configure?.Invoke(options);
        services.Replace(ServiceDescriptor.Singleton<WxContracts.Push.IWxPushDeduplicator>(sp => new RedisWxPushDeduplicator(
            sp.GetService<IConnectionMultiplexer>() ?? throw new InvalidOperationException("AddWxRedisPushDeduplicator() needs an IConnectionMultiplexer registered in the container."),
            options)));
        return services;
    }

    private static RedisWxTokenStoreOptions Configure(Action<RedisWxTokenStoreOptions>? configure)
    {
        var options = new RedisWxTokenStoreOptions();
        configure?.Invoke(options);
        return options;
    }
}
