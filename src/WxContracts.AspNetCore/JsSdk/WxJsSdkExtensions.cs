using System;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WxContracts;
using WxContracts.AspNetCore.JsSdk;

namespace Microsoft.Extensions.DependencyInjection
{
    /// <summary>Registers the JS-SDK support: jsapi_ticket provider and <c>wx.config</c> signer per account.</summary>
    public static class WxJsSdkServiceCollectionExtensions
    {
        /// <summary>
        /// For the account registered with <c>AddWxOfficialAccount</c> (no name): registers
        /// <see cref="IWxJsApiTicketProvider"/> and <see cref="WxJsSdkSigner"/>. The ticket is shared through the
        /// registered <see cref="IWxTokenStore"/> (Redis with <c>AddWxRedisTokenStore</c>).
        /// </summary>
        public static IServiceCollection AddWxJsSdk(this IServiceCollection services, Action<WxJsSdkOptions>? configure = null)
        {
            ArgumentNullException.ThrowIfNull(services);
            var options = Configure(configure);
            services.TryAddSingleton<IWxTokenStore, InMemoryWxTokenStore>();
            services.TryAddSingleton<IWxJsApiTicketProvider>(sp => new WxJsApiTicketProvider(
                sp.GetService<IWxTransport>() ?? throw new InvalidOperationException("AddWxJsSdk() needs the account's client: call AddWxOfficialAccount(...) first."),
                sp.GetRequiredService<IOptions<WxClientOptions>>().Value.AppId!,
                sp.GetRequiredService<IWxTokenStore>(),
                options,
                sp.GetService<TimeProvider>(),
                sp.GetService<ILogger<WxJsApiTicketProvider>>()));
            services.TryAddSingleton(sp => new WxJsSdkSigner(sp.GetRequiredService<IWxJsApiTicketProvider>(), options, sp.GetService<TimeProvider>()));
            return services;
        }

        /// <summary>
        /// For the account registered with <c>AddWxOfficialAccount(name, ...)</c>: keyed services under
        /// <paramref name="account"/> (<c>[FromKeyedServices("brand-a")] WxJsSdkSigner</c>); each account has its own ticket.
        /// </summary>
        public static IServiceCollection AddWxJsSdk(this IServiceCollection services, string account, Action<WxJsSdkOptions>? configure = null)
        {
            ArgumentNullException.ThrowIfNull(services);
            if (string.IsNullOrWhiteSpace(account))
            {
                throw new ArgumentException("The account's name (the key of AddWxOfficialAccount) is required.", nameof(account));
            }

            var options = Configure(configure);
            services.TryAddSingleton<IWxTokenStore, InMemoryWxTokenStore>();
            services.AddKeyedSingleton<IWxJsApiTicketProvider>(account, (sp, _) => new WxJsApiTicketProvider(
                sp.GetKeyedService<IWxTransport>(account) ?? throw new InvalidOperationException($"AddWxJsSdk(\"{account}\") needs the account's client: call AddWxOfficialAccount(\"{account}\", ...) first."),
                sp.GetRequiredService<IOptionsMonitor<WxClientOptions>>().Get(account).AppId!,
                sp.GetRequiredService<IWxTokenStore>(),
                options,
                sp.GetService<TimeProvider>(),
                sp.GetService<ILogger<WxJsApiTicketProvider>>()));
            services.AddKeyedSingleton(account, (sp, _) => new WxJsSdkSigner(sp.GetRequiredKeyedService<IWxJsApiTicketProvider>(account), options, sp.GetService<TimeProvider>()));
            return services;
        }

        private static WxJsSdkOptions Configure(Action<WxJsSdkOptions>? configure)
        {
            var options = new WxJsSdkOptions();
            configure?.Invoke(options);
            var problems = options.Validate();
            if (problems.Count > 0)
            {
                throw new ArgumentException(string.Join(" ", problems), nameof(configure));
            }

            return options;
        }
    }
}

namespace Microsoft.AspNetCore.Builder
{
    /// <summary>Maps the endpoint a page asks for its <c>wx.config</c>.</summary>
    public static class WxJsSdkEndpointExtensions
    {
        /// <summary>
        /// Maps <c>GET {pattern}?url=…</c>: the page passes <c>encodeURIComponent(location.href.split('#')[0])</c> and gets
        /// <c>{ appId, timestamp, nonceStr, signature }</c> as JSON (never cached); a missing or refused URL answers 400
        /// with a problem document. <paramref name="account"/> selects a keyed account (<c>AddWxJsSdk(account)</c>).
        /// </summary>
        public static IEndpointConventionBuilder MapWxJsSdkConfig(this IEndpointRouteBuilder endpoints, string pattern, string? account = null)
        {
            ArgumentNullException.ThrowIfNull(endpoints);

            // A RequestDelegate (not a lambda with parameters): no reflection over a delegate, so trimming and AOT are safe.
            return endpoints.MapGet(pattern, async context =>
            {
                var signer = account is null
                    ? context.RequestServices.GetRequiredService<WxJsSdkSigner>()
                    : context.RequestServices.GetRequiredKeyedService<WxJsSdkSigner>(account);
                context.Response.Headers.CacheControl = "no-store";
                IResult result;
                try
                {
                    var config = await signer.SignAsync(context.Request.Query["url"].ToString(), context.RequestAborted).ConfigureAwait(false);
                    result = Results.Json(config, WxWebJsonContext.Default.WxJsSdkConfig);
                }
                catch (WxJsSdkUrlException ex)
                {
                    result = Results.Problem(title: "The page URL cannot be signed.", detail: ex.Message, statusCode: StatusCodes.Status400BadRequest);
                }

                await result.ExecuteAsync(context).ConfigureAwait(false);
            });
        }
    }

    /// <summary>JSON metadata of the web layer's answers (no reflection).</summary>
    [JsonSerializable(typeof(WxJsSdkConfig))]
    internal sealed partial class WxWebJsonContext : JsonSerializerContext
    {
    }
}
