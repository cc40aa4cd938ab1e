using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using WxContracts.Api;
using Xunit;
using Xunit.Abstractions;

namespace WxContracts.MockServer.Tests;

public class LoadTests
{
    private const int Clients = 200;
    private const int RequestsPerClient = 50;
    private readonly ITestOutputHelper _output;

    public LoadTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task Two_hundred_clients_times_fifty_requests_have_no_server_errors_and_each_request_is_journaled_once()
    {
        await using var mock = await Mock.StartAsync(o =>
        {
            o.DailyQuota = 1_000_000;
            o.CommentExists = _ => true;
        });
        var token = mock.IssueAccessToken();
        var failures = new ConcurrentQueue<string>();

        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            using var http = new HttpClient(); // one client, one connection pool, per simulated user
            var client = Mock.Client(mock, http, token);
            for (var i = 0; i < RequestsPerClient; i++)
            {
                try
                {
                    var response = await client.Comment.ReplyAsync(new ReplyCommentRequest { MsgDataId = 1_000_000 + c, Index = 0, UserCommentId = i + 1, Content = $"client {c} reply {i}" });
                    if (response.ErrCode != 0)
                    {
                        failures.Enqueue($"client {c} request {i}: errcode {response.ErrCode}");
                    }
                }
                catch (Exception ex) when (ex is WxApiException or WxRequestException)
                {
                    failures.Enqueue($"client {c} request {i}: {ex.GetType().Name} {ex.Message}");
                }
            }
        })));
        watch.Stop();

        const int total = Clients * RequestsPerClient;
        _output.WriteLine($"Load: {Clients} clients x {RequestsPerClient} requests = {total} requests in {watch.Elapsed.TotalSeconds:F2} s = {total / watch.Elapsed.TotalSeconds:F0} requests/s; failures {failures.Count}; journal {mock.Journal.Count}");
        Assert.Empty(failures);
        var entries = mock.Journal.Entries;
        Assert.Equal(total, entries.Count);
        Assert.Equal(total, entries.Select(e => e.Sequence).Distinct().Count());
        Assert.All(entries, e => Assert.Equal(0, e.ErrCode));
        Assert.Equal(total, entries.Select(e => e.Body).Distinct().Count()); // each request's body appears exactly once
        Assert.Equal(total, mock.Stats.CallsTo(Mock.ReplyPath));
    }
}
