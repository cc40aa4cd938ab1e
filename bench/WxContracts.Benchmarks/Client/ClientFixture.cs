using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using WxContracts.Api;
using WxContracts.Benchmarks.Json;

namespace WxContracts.Benchmarks.Client;

/// <summary>
/// One Kestrel server and one HttpClient shared by two ways of making the same call: the generated client over the
/// runtime (token cache warm, in-memory store), and the code one would write by hand with HttpClient and System.Text.Json's
/// source generator. Both send the same request bytes and read the same response.
/// </summary>
public sealed class ClientFixture : IAsyncDisposable
{
    private static readonly MediaTypeHeaderValue s_json = new("application/json") { CharSet = "utf-8" };

    private BenchServer _server = null!;
    private WxAccessTokenProvider _tokens = null!;
    private string _replyUrl = null!;
    private string _autoReplyUrl = null!;
    private string _handToken = null!;

    public HttpClient Http { get; } = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });

    public BenchServer Server => _server;

    public WxApiClient Generated { get; private set; } = null!;

    public ReplyCommentRequest Request { get; } = new() { MsgDataId = 2247483664, Index = 0, UserCommentId = 1, Content = "内容" };

    public TwinReplyCommentRequest TwinRequest { get; } = new() { MsgDataId = 2247483664, Index = 0, UserCommentId = 1, Content = "内容" };

    public static async Task<ClientFixture> StartAsync()
    {
        var fixture = new ClientFixture { _server = await BenchServer.StartAsync() };
        var options = fixture.Options();
        fixture._tokens = new WxAccessTokenProvider(fixture.Http, options, new InMemoryWxTokenStore());
        fixture.Generated = new WxApiClient(new WxHttpTransport(fixture.Http, fixture._tokens, options.Transport));
        var root = fixture._server.Address.GetLeftPart(UriPartial.Authority);
        fixture._replyUrl = root + BenchServer.ReplyPath + "?access_token=";
        fixture._autoReplyUrl = root + BenchServer.AutoReplyPath + "?access_token=";

        // Warm: the generated side's token cache, and the hand-written side's own cached token.
        await fixture.Generated.Comment.ReplyAsync(fixture.Request);
        fixture._handToken = await fixture._tokens.GetAccessTokenAsync(CancellationToken.None);
        return fixture;
    }

    /// <summary>Runtime options pointing at the server; a fresh provider made with them starts with no token.</summary>
    public WxClientOptions Options()
    {
        var options = new WxClientOptions { AppId = "wx-bench", AppSecret = "bench-secret-not-real" };
        options.Transport.BaseAddress = _server.Address;
        return options;
    }

    public Task<ReplyCommentResponse> GeneratedReplyAsync() => Generated.Comment.ReplyAsync(Request);

    public Task<GetCurrentAutoReplyInfoResponse> GeneratedAutoReplyAsync() => Generated.AutoReply.GetCurrentInfoAsync();

    /// <summary>POST reply/add written by hand: serialize, post, check the status, deserialize, check errcode.</summary>
    public async Task<TwinReplyCommentResponse> HandWrittenReplyAsync()
    {
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(TwinRequest, JsonSetups.Twins.TwinReplyCommentRequest));
        content.Headers.ContentType = s_json;
        using var response = await Http.PostAsync(_replyUrl + _handToken, content).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var result = await response.Content.ReadFromJsonAsync(JsonSetups.Twins.TwinReplyCommentResponse).ConfigureAwait(false)
            ?? throw new InvalidOperationException("null body");
        return result.ErrCode == 0 ? result : throw new InvalidOperationException($"errcode {result.ErrCode}");
    }

    /// <summary>GET get_current_autoreply_info written by hand.</summary>
    public async Task<TwinAutoReplyResponse> HandWrittenAutoReplyAsync()
    {
        using var response = await Http.GetAsync(_autoReplyUrl + _handToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var result = await response.Content.ReadFromJsonAsync(JsonSetups.Twins.TwinAutoReplyResponse).ConfigureAwait(false)
            ?? throw new InvalidOperationException("null body");
        return result.ErrCode == 0 ? result : throw new InvalidOperationException($"errcode {result.ErrCode}");
    }

    /// <summary>
    /// <paramref name="callers"/> concurrent first calls through a fresh provider (empty cache, in-memory store);
    /// returns how many token requests reached the server meanwhile.
    /// </summary>
    public async Task<int> ConcurrentFirstCallsAsync(int callers)
    {
        var before = _server.TokenRequests;
        var options = Options();
        using var tokens = new WxAccessTokenProvider(Http, options, new InMemoryWxTokenStore());
        var client = new WxApiClient(new WxHttpTransport(Http, tokens, options.Transport));
        var calls = new Task[callers];
        for (var i = 0; i < calls.Length; i++)
        {
            calls[i] = client.Comment.ReplyAsync(Request);
        }

        await Task.WhenAll(calls).ConfigureAwait(false);
        return _server.TokenRequests - before;
    }

    public async ValueTask DisposeAsync()
    {
        _tokens.Dispose();
        Http.Dispose();
        await _server.DisposeAsync();
    }
}
