using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WxContracts.Benchmarks.Json;

namespace WxContracts.Benchmarks.Client;

/// <summary>
/// A canned WeChat on Kestrel (127.0.0.1, free port): stable_token issues one fixed token and counts requests; the
/// two benchmarked API paths answer with fixed bodies (the autoreply example, and errcode 0 for reply/add).
/// </summary>
public sealed class BenchServer : IAsyncDisposable
{
    public const string AutoReplyPath = "/cgi-bin/get_current_autoreply_info";
    public const string ReplyPath = "/cgi-bin/comment/reply/add";
    public const string Token = "BENCH-TOKEN-0123456789abcdef0123456789abcdef";

    private static readonly byte[] s_token = Encoding.UTF8.GetBytes($$"""{"access_token":"{{Token}}","expires_in":7200}""");
    private static readonly byte[] s_ok = Encoding.UTF8.GetBytes("""{"errcode":0,"errmsg":"ok"}""");
    private static readonly byte[] s_missingToken = Encoding.UTF8.GetBytes("""{"errcode":41001,"errmsg":"access_token missing"}""");

    private readonly WebApplication _app;
    private int _tokenRequests;

    private BenchServer(WebApplication app) => _app = app;

    public Uri Address { get; private set; } = null!;

    /// <summary>How many token requests reached the server.</summary>
    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    /// <summary>How long the server holds each token request before answering.</summary>
    public TimeSpan TokenDelay { get; set; }

    public static async Task<BenchServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new BenchServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        byte[] body;
        switch (context.Request.Path.Value)
        {
            case "/cgi-bin/stable_token":
                Interlocked.Increment(ref _tokenRequests);
                if (TokenDelay > TimeSpan.Zero)
                {
                    await Task.Delay(TokenDelay);
                }

                body = s_token;
                break;
            case AutoReplyPath:
                body = HasToken(context) ? Payloads.AutoReplyResponse : s_missingToken;
                break;
            case ReplyPath:
                body = HasToken(context) ? s_ok : s_missingToken;
                break;
            default:
                context.Response.StatusCode = 404;
                return;
        }

        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body);
    }

    private static bool HasToken(HttpContext context) => context.Request.Query["access_token"] == Token;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
