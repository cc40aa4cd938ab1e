using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using WxContracts.AspNetCore.Push;
using WxContracts.Push;

namespace Microsoft.Extensions.DependencyInjection
{
    /// <summary>Registers WeChat push callbacks (the account's "server configuration" URL).</summary>
    public static class WxCallbackServiceCollectionExtensions
    {
        /// <summary>Registers the callback of the single account; options are validated at start-up.</summary>
        public static WxCallbackBuilder AddWxCallback(this IServiceCollection services, Action<WxCallbackOptions> configure) =>
            services.AddWxCallback(Options.Options.DefaultName, configure);

        /// <summary>Registers the callback of the single account, bound from a configuration section (Token, EncodingAESKey, AppId, Mode…).</summary>
        public static WxCallbackBuilder AddWxCallback(this IServiceCollection services, IConfiguration section) =>
            services.AddWxCallback(Options.Options.DefaultName, section.Bind);

        /// <summary>Registers the callback of the named account (map it with <c>MapWxCallback(pattern, name)</c>).</summary>
        public static WxCallbackBuilder AddWxCallback(this IServiceCollection services, string account, Action<WxCallbackOptions> configure)
        {
            ArgumentNullException.ThrowIfNull(services);
            ArgumentNullException.ThrowIfNull(account);
            ArgumentNullException.ThrowIfNull(configure);
            services.AddOptions<WxCallbackOptions>(account).Configure(configure).ValidateOnStart();
            services.AddSingleton<IValidateOptions<WxCallbackOptions>>(new WxCallbackOptionsValidator(account));

            // De-duplication claims each push atomically: in memory unless the application registers a shared store
            // (AddWxRedisPushDeduplicator in WxContracts.Client.Redis). IDistributedCache is not used: it has no atomic add.
            services.TryAddSingleton<IWxPushDeduplicator>(sp => new MemoryWxPushDeduplicator(sp.GetService<TimeProvider>()));
            services.TryAddSingleton<IWxLateReplySender, WxCustomMessageLateReplySender>();
            return new WxCallbackBuilder(services);
        }
    }

    /// <summary>Adds handlers, minimal-API style, beside the ones registered as <see cref="IWxPushHandler{T}"/>.</summary>
    public sealed class WxCallbackBuilder
    {
        internal WxCallbackBuilder(IServiceCollection services) => Services = services;

        /// <summary>The service collection.</summary>
        public IServiceCollection Services { get; }

        /// <summary>Handles pushes of type <typeparamref name="T"/> with <paramref name="handle"/>.</summary>
        public WxCallbackBuilder On<T>(Func<T, WxPushContext, CancellationToken, Task<WxPushReply?>> handle)
            where T : WxPushMessage
        {
            ArgumentNullException.ThrowIfNull(handle);
            Services.AddSingleton<IWxPushHandler<T>>(new DelegatePushHandler<T>(handle));
            return this;
        }

        /// <summary>Handles every push no typed handler takes (unknown MsgType/Event values included).</summary>
        public WxCallbackBuilder OnOther(Func<WxPushMessage, WxPushContext, CancellationToken, Task<WxPushReply?>> handle)
        {
            ArgumentNullException.ThrowIfNull(handle);
            Services.AddSingleton<IWxPushFallbackHandler>(new DelegateFallbackHandler(handle));
            return this;
        }
    }
}

namespace Microsoft.AspNetCore.Builder
{
    /// <summary>Maps WeChat push callbacks.</summary>
    public static class WxCallbackEndpointExtensions
    {
        /// <summary>Maps GET (echostr verification) and POST (pushes) of the account's callback URL at <paramref name="pattern"/>.</summary>
        public static IEndpointConventionBuilder MapWxCallback(this IEndpointRouteBuilder endpoints, string pattern, string? account = null)
        {
            ArgumentNullException.ThrowIfNull(endpoints);
            var name = account ?? Options.DefaultName;
            WxCallbackProcessor? processor = null;
            var gate = new object();
            return endpoints.MapMethods(pattern, new[] { "GET", "POST" }, http =>
            {
                if (processor is null)
                {
                    lock (gate)
                    {
                        processor ??= new WxCallbackProcessor(name, endpoints.ServiceProvider);
                    }
                }

                return processor.HandleAsync(http);
            }).WithDisplayName("WeChat callback " + name).DisableAntiforgery();
        }
    }
}
