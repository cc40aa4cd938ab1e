using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WxContracts.MockServer.Admin;
using WxContracts.MockServer.Behaviours;
using WxContracts.MockServer.Pipeline;
using WxContracts.MockServer.Specs;
using WxContracts.MockServer.State;
using WxContracts.MockServer.Web;

namespace WxContracts.MockServer;

/// <summary>
/// A local WeChat API served from the YAML specs, on Kestrel at 127.0.0.1.
/// <code>
/// await using var mock = await WxMockServer.StartAsync(new WxMockOptions { AppId = "wx123", AppSecret = "s3cret" });
/// // point the client at mock.BaseAddress; read mock.Journal, mock.Stats; set mock.Faults.
/// </code>
/// </summary>
public sealed class WxMockServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TokenStore _tokens;
    private readonly QuotaCounter _quota;
    private readonly SpecCatalog _catalog;
    private readonly MockAccountState _state;
    private int _disposed;

    private WxMockServer(WebApplication app, Uri baseAddress, WxMockOptions options, SpecCatalog catalog, TokenStore tokens, QuotaCounter quota, WxMockJournal journal, WxMockStats stats, WxMockFaults faults, WxMockWeb web, MockAccountState state)
    {
        Web = web;
        _state = state;
        _app = app;
        BaseAddress = baseAddress;
        Options = options;
        _catalog = catalog;
        _tokens = tokens;
        _quota = quota;
        Journal = journal;
        Stats = stats;
        Faults = faults;
    }

    /// <summary>The address to send API calls to, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The settings the server runs with.</summary>
    public WxMockOptions Options { get; }

    /// <summary>Every API request received (secrets redacted).</summary>
    public WxMockJournal Journal { get; }

    /// <summary>Counters: calls per path, token issues, faults, errcodes.</summary>
    public WxMockStats Stats { get; }

    /// <summary>The faults to inject; change them at any time.</summary>
    public WxMockFaults Faults { get; }

    /// <summary>WeChat's web side: the authorize page's user and codes, users' web tokens, jsapi_tickets.</summary>
    public WxMockWeb Web { get; }

    /// <summary>The paths served, one per spec, e.g. <c>/cgi-bin/comment/reply/add</c>.</summary>
    public IReadOnlyList<string> EndpointPaths => _catalog.Endpoints.Select(e => e.Call.Path).ToList();

    /// <summary>Starts a server. The specs are parsed first; a spec with errors fails the start with <see cref="WxMockSpecException"/>.</summary>
    public static async Task<WxMockServer> StartAsync(WxMockOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new WxMockOptions();
        if (string.IsNullOrEmpty(options.AppId) || string.IsNullOrEmpty(options.AppSecret))
        {
            throw new ArgumentException("AppId and AppSecret must be set", nameof(options));
        }

        if (options.Port is < 0 or > 65535 || options.DailyQuota < 0 || options.TokenLifetime <= TimeSpan.Zero || options.JournalCapacity <= 0)
        {
            throw new ArgumentException("Port, DailyQuota, TokenLifetime or JournalCapacity is out of range: " + options, nameof(options));
        }

        var catalog = SpecCatalog.Load(options.SpecsDirectory);
        var tokens = new TokenStore(options.TimeProvider, options.TokenLifetime);
        var quota = new QuotaCounter(options.TimeProvider);
        var journal = new WxMockJournal(options.JournalCapacity);
        var stats = new WxMockStats(tokens);
        var faults = new WxMockFaults(options.FaultSeed);
        var errors = new ErrorReplies(catalog);
        var behaviours = new List<IMockBehaviour>
        {
            new AccessTokenBehaviour(options, tokens, errors),
            new StableTokenBehaviour(options, tokens, errors),
        };
        var state = new MockAccountState(options);
        if (options.Stateful && catalog.TryGet("/cgi-bin/comment/reply/add", out var reply))
        {
            behaviours.Add(new CommentReplyBehaviour(options, new CommentBook(), errors, MockPipeline.SuccessOf(reply).Body));
        }

        var web = new WxMockWeb(options);
        var webRoutes = new WebRoutes(options, web);
        if (options.Stateful)
        {
            // Sequences that carry state (OAuth codes, tickets, menus, tags, drafts, uploads, quotas); with
            // Stateful off every endpoint but the tokens answers its spec's example.
            behaviours.AddRange(WebAuthorizationBehaviours.Create(options, catalog, errors, web));
            behaviours.AddRange(StatefulBehaviours.Create(catalog, errors, state));
        }

        var pipeline = new MockPipeline(options, catalog, errors, tokens, quota, behaviours, faults, journal, stats);
        var admin = new AdminRoutes(options, catalog, journal, stats, faults, tokens);

        var builder = WebApplication.CreateSlimBuilder();
        // ASP.NET Core's request logs carry full URLs (access_token, secret): the mock logs through the journal only.
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(IPAddress.Loopback, options.Port);
        });
        var app = builder.Build();
        var pusher = new Push.WxMockPusher(options.TimeProvider);
        app.Run(context => context.Request.Path.StartsWithSegments("/__mock/push", StringComparison.Ordinal) && AdminRoutes.IsAllowed(context.Connection.RemoteIpAddress, options.AllowRemoteAdmin)
            ? pusher.HandleAdminAsync(context)
            : context.Request.Path.StartsWithSegments("/__mock", StringComparison.Ordinal)
            ? admin.HandleAsync(context)
            : WebRoutes.Owns(context.Request.Path) ? webRoutes.HandleAsync(context)
            : pipeline.HandleAsync(context));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new WxMockServer(app, new Uri(address.TrimEnd('/') + "/"), options, catalog, tokens, quota, journal, stats, faults, web, state) { Pusher = pusher };
    }

    /// <summary>Pushes messages and events to a callback URL like WeChat (admin route <c>POST /__mock/push</c>).</summary>
    public Push.WxMockPusher Pusher { get; private init; } = null!;

    /// <summary>Issues a valid access token without a call to the token endpoints (counted in <see cref="WxMockStats.TokenIssues"/>).</summary>
    public string IssueAccessToken() => _tokens.IssueDirect();

    /// <summary>Revokes every token issued so far: calls with them get 40001. Returns how many were still valid.</summary>
    public int RevokeAllTokens() => _tokens.RevokeAll();

    /// <summary>Revokes one token: calls with it get 40001. False if the mock never issued it.</summary>
    public bool RevokeToken(string accessToken) => _tokens.Revoke(accessToken);

    /// <summary>A file uploaded with media/upload, by its media_id; null if unknown or expired (after 3 days).</summary>
    public WxMockMedia? FindMedia(string mediaId) => _state.Media.Find(mediaId ?? throw new ArgumentNullException(nameof(mediaId)));

    /// <summary>Forgets today's call counts, as WeChat's clear_quota does.</summary>
    public void ResetQuotas() => _quota.Reset();

    /// <summary>Stops the server.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        Pusher?.Dispose();
    }

    /// <inheritdoc/>
    public override string ToString() => $"WxMockServer({BaseAddress}, {_catalog.Endpoints.Count()} endpoints)";
}
