using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WxContracts.Client.Tests;

/// <summary>One request as the server saw it.</summary>
internal sealed record SeenRequest(string Method, string Path, string Query, string? ContentType, string Body);

/// <summary>A real Kestrel server on 127.0.0.1 (free port) that records requests and answers as told.</summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public ConcurrentQueue<SeenRequest> Requests { get; } = new();

    /// <summary>Produces the response for a request: status, content type, body.</summary>
    public Func<SeenRequest, (int Status, string ContentType, string Body)> Respond { get; set; } =
        _ => (200, "application/json", """{"errcode":0,"errmsg":"ok"}""");

    public static async Task<LoopbackServer> StartAsync()
    {
        LoopbackServer? server = null;
        var (app, address) = await Kestrel.StartAsync(() => server!.HandleAsync);
        server = new LoopbackServer(app, address);
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        string body;
        if (context.Request.HasFormContentType)
        {
            // Multipart uploads: record each part as name=value or name=file(fileName,contentType,length,sha-256).
            var form = await context.Request.ReadFormAsync();
            var parts = form.Select(f => $"{f.Key}={f.Value}")
                .Concat(form.Files.Select(f =>
                {
                    using var s = f.OpenReadStream();
                    var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(s));
                    return $"{f.Name}=file({f.FileName},{f.ContentType},{f.Length},{hash})";
                }));
            body = string.Join("\n", parts);
        }
        else
        {
            using var reader = new StreamReader(context.Request.Body);
            body = await reader.ReadToEndAsync();
        }

        var seen = new SeenRequest(context.Request.Method, context.Request.Path.Value ?? string.Empty, context.Request.QueryString.Value ?? string.Empty, context.Request.ContentType, body);
        Requests.Enqueue(seen);
        var (status, contentType, responseBody) = Respond(seen);
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(responseBody);
    }

    public WxTransportOptions TransportOptions => new() { BaseAddress = Address };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
