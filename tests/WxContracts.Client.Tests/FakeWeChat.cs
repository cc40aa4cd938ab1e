using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WxContracts.Client.Tests;

/// <summary>How the fake answers one API call.</summary>
internal sealed record Behaviour(int Status = 200, string? Body = null, string ContentType = "application/json", bool AbortAfterRead = false, TimeSpan Delay = default)
{
    public static Behaviour Errcode(int code, string errmsg = "error") => new(Body: $$"""{"errcode":{{code}},"errmsg":"{{errmsg}}"}""");
}

/// <summary>
/// A small WeChat on Kestrel (127.0.0.1, free port) for runtime tests: issues tokens on cgi-bin/stable_token and
/// cgi-bin/token for one AppId/AppSecret, rejects unknown tokens with 40001, answers API calls from a per-path
/// script (default: errcode 0), and counts everything.
/// </summary>
internal sealed class FakeWeChat : IAsyncDisposable
{
    public const string AppId = "wx-test-app";
    public const string AppSecret = "SECRET-7f3a9c2e-do-not-log";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, string> _validTokens = new(); // token → the AppID it was issued to
    private readonly ConcurrentDictionary<string, string> _stableTokens = new(); // AppID → its stable token
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Behaviour>> _scripts = new();
    private int _tokenSequence;

    private FakeWeChat(WebApplication app) => _app = app;

    public Uri Address { get; private set; } = null!;

    public int TokenRequests;

    /// <summary>The accounts the fake knows: AppID → AppSecret (the default account is always there).</summary>
    public ConcurrentDictionary<string, string> Accounts { get; } = new() { [AppId] = AppSecret };

    /// <summary>Token requests per AppID.</summary>
    public ConcurrentDictionary<string, int> TokenRequestsByApp { get; } = new();

    /// <summary>Every API call with a valid token: the AppID the token belongs to, the path and the body.</summary>
    public ConcurrentQueue<(string Owner, string Path, string Body)> CallLog { get; } = new();

    public ConcurrentQueue<string> TokenRequestBodies { get; } = new();

    public ConcurrentBag<string> IssuedTokens { get; } = new();

    public ConcurrentDictionary<string, int> Calls { get; } = new();

    /// <summary>Delay before answering a token request (to make concurrent callers overlap).</summary>
    public TimeSpan TokenDelay { get; set; }

    /// <summary>When set, token requests wait for this task before answering.</summary>
    public Task? TokenGate { get; set; }

    public int ExpiresIn { get; set; } = 7200;

    /// <summary>Default body per path when no script entry is queued.</summary>
    public ConcurrentDictionary<string, string> DefaultBodies { get; } = new();

    public int CallsTo(string path) => Calls.TryGetValue(path, out var n) ? n : 0;

    public void Script(string path, params Behaviour[] behaviours)
    {
        var queue = _scripts.GetOrAdd(path, _ => new ConcurrentQueue<Behaviour>());
        foreach (var b in behaviours)
        {
            queue.Enqueue(b);
        }
    }

    public void RevokeAll()
    {
        _validTokens.Clear();
        _stableTokens.Clear();
    }

    public static async Task<FakeWeChat> StartAsync()
    {
        FakeWeChat? fake = null;
        var (app, address) = await Kestrel.StartAsync(() => fake!.HandleAsync);
        fake = new FakeWeChat(app) { Address = address };
        return fake;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        switch (path)
        {
            case "/cgi-bin/stable_token":
                await IssueAsync(context, body, classic: false);
                return;
            case "/cgi-bin/token":
                await IssueAsync(context, body, classic: true);
                return;
        }

        Calls.AddOrUpdate(path, 1, (_, n) => n + 1);
        var token = context.Request.Query["access_token"].ToString();
        if (!_validTokens.TryGetValue(token, out var owner))
        {
            await Json(context, """{"errcode":40001,"errmsg":"invalid credential, access_token is invalid or not latest rid: 6582a1f2-0b1c2d3e"}""");
            return;
        }

        CallLog.Enqueue((owner, path, body));
        var behaviour = _scripts.TryGetValue(path, out var queue) && queue.TryDequeue(out var next) ? next : new Behaviour();
        if (behaviour.Delay > TimeSpan.Zero)
        {
            await Task.Delay(behaviour.Delay, context.RequestAborted).ContinueWith(_ => { });
        }

        if (behaviour.AbortAfterRead)
        {
            context.Abort();
            return;
        }

        context.Response.StatusCode = behaviour.Status;
        context.Response.ContentType = behaviour.ContentType;
        await context.Response.WriteAsync(behaviour.Body ?? (DefaultBodies.TryGetValue(path, out var d) ? d : """{"errcode":0,"errmsg":"ok"}"""));
    }

    private async Task IssueAsync(HttpContext context, string body, bool classic)
    {
        Interlocked.Increment(ref TokenRequests);
        TokenRequestBodies.Enqueue(body);
        if (TokenGate is { } gate)
        {
            await gate;
        }

        if (TokenDelay > TimeSpan.Zero)
        {
            await Task.Delay(TokenDelay);
        }

        string? appId, secret;
        var force = false;
        if (classic)
        {
            appId = context.Request.Query["appid"];
            secret = context.Request.Query["secret"];
        }
        else
        {
            using var doc = JsonDocument.Parse(body);
            appId = doc.RootElement.GetProperty("appid").GetString();
            secret = doc.RootElement.GetProperty("secret").GetString();
            force = doc.RootElement.TryGetProperty("force_refresh", out var f) && f.GetBoolean();
        }

        if (appId is null || !Accounts.TryGetValue(appId, out var expectedSecret))
        {
            await Json(context, """{"errcode":40013,"errmsg":"invalid appid"}""");
            return;
        }

        TokenRequestsByApp.AddOrUpdate(appId, 1, (_, n) => n + 1);
        if (secret != expectedSecret)
        {
            await Json(context, """{"errcode":40125,"errmsg":"invalid appsecret"}""");
            return;
        }

        string token;
        lock (_validTokens)
        {
            _stableTokens.TryGetValue(appId, out var stable);
            if (classic || force || stable is null)
            {
                if (force && stable is not null)
                {
                    _validTokens.TryRemove(stable, out _);
                }

                token = $"TOKEN-{Interlocked.Increment(ref _tokenSequence)}-{Guid.NewGuid():N}";
                _validTokens[token] = appId;
                IssuedTokens.Add(token);
                if (!classic)
                {
                    _stableTokens[appId] = token;
                }
            }
            else
            {
                token = stable;
            }
        }

        await Json(context, $$"""{"access_token":"{{token}}","expires_in":{{ExpiresIn}}}""");
    }

    private static Task Json(HttpContext context, string body)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
