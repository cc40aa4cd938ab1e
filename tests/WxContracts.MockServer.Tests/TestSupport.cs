using System;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using WxContracts.Api;
using WxContracts.MockServer;

namespace WxContracts.MockServer.Tests;

/// <summary>A clock the tests move by hand (Microsoft.Extensions.TimeProvider.Testing is not available here).</summary>
internal sealed class ManualClock : TimeProvider
{
    private readonly object _gate = new();
    private DateTimeOffset _now = new(2025, 3, 1, 2, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate)
        {
            _now += by;
        }
    }
}

/// <summary>An answer as the wire carried it.</summary>
internal sealed record Answer(int Status, string? ContentType, string Text)
{
    public JsonNode Json => JsonNode.Parse(Text)!;

    public int ErrCode => Json["errcode"]?.GetValue<int>() ?? 0;

    public string ErrMsg => Json["errmsg"]?.GetValue<string>() ?? string.Empty;
}

internal static class Mock
{
    public const string AppId = "wxtest0123456789";
    public const string Secret = "test-app-secret-0123";
    public const string ReplyPath = "/cgi-bin/comment/reply/add";
    public const string AutoReplyPath = "/cgi-bin/get_current_autoreply_info";

    public static Task<WxMockServer> StartAsync(Action<WxMockOptions>? configure = null)
    {
        var options = new WxMockOptions { AppId = AppId, AppSecret = Secret };
        configure?.Invoke(options);
        return WxMockServer.StartAsync(options);
    }

    public static WxApiClient Client(WxMockServer mock, HttpClient http, string token) =>
        new(new WxHttpTransport(http, new StaticAccessTokenProvider(token), new WxTransportOptions { BaseAddress = mock.BaseAddress }));

    public static Uri Url(WxMockServer mock, string pathAndQuery) => new(mock.BaseAddress, pathAndQuery.TrimStart('/'));

    public static async Task<Answer> SendAsync(HttpClient http, WxMockServer mock, HttpMethod method, string pathAndQuery, string? body = null)
    {
        using var request = new HttpRequestMessage(method, Url(mock, pathAndQuery));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);
        return new Answer((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    public static Task<Answer> PostAsync(HttpClient http, WxMockServer mock, string pathAndQuery, string body) =>
        SendAsync(http, mock, HttpMethod.Post, pathAndQuery, body);

    public static Task<Answer> GetAsync(HttpClient http, WxMockServer mock, string pathAndQuery) =>
        SendAsync(http, mock, HttpMethod.Get, pathAndQuery);

    public static Task<Answer> ReplyAsync(HttpClient http, WxMockServer mock, string token, string body) =>
        PostAsync(http, mock, ReplyPath + "?access_token=" + Uri.EscapeDataString(token), body);

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Generator.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Generator.sln not found above " + AppContext.BaseDirectory);
    }

    public static string Fixture(string relative) => Path.Combine(AppContext.BaseDirectory, "fixtures", relative);
}
