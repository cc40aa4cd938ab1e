using System;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WxContracts;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Shares the WeChat access token between instances through Redis.</summary>
public static class WxRedisServiceCollectionExtensions
{
    /// <summary>
    /// Uses Redis at <paramref name="configuration"/> (<c>host:port</c>) as the token store: the token is kept under
    /// a key with the token's expiry, and refreshes take a Redis lock with an owner and an expiry. Call before or
    /// after <c>AddWxOfficialAccount</c>.
    /// </summary>
    public static IServiceCollection AddWxRedisTokenStore(this IServiceCollection services, string configuration)
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        if (string.IsNullOrWhiteSpace(configuration))
        {
            throw new ArgumentException("A Redis configuration (host:port) is required.", nameof(configuration));
        }

        services.TryAddSingleton(sp => new RedisWxCache(configuration, sp.GetService<TimeProvider>()));
        services.Replace(ServiceDescriptor.Singleton<IWxTokenStore>(sp =>
        {
            var redis = sp.GetRequiredService<RedisWxCache>();
            return new DistributedWxTokenStore(redis, redis);
        }));
        return services;
    }
}
