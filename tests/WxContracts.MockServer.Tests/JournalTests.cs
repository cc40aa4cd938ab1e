using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using WxContracts.MockServer.Admin;
using Xunit;

namespace WxContracts.MockServer.Tests;

/// <summary>The journal and the stats: every request once, secrets never, over the admin routes too.</summary>
public class JournalTests
{
    [Fact]
    public void Clear_lets_the_entries_go_even_after_someone_read_the_journal()
    {
        // Found by the fault soak's memory check: after the journal had been read (Entries, For, the admin route),
        // Clear left the entries reachable, about 2.5 MB per 10,000 requests.
        var journal = new WxMockJournal(1_000);
        var watched = Fill(journal);
        Read(journal); // snapshots, as the soak and the admin route take

        journal.Clear();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.Equal(0, journal.Count);
        Assert.Empty(journal.Entries);
        Assert.DoesNotContain(watched, w => w.IsAlive);
    }

    // Helpers that cannot be inlined: a debug build keeps a method's temporaries alive until it returns.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void Read(WxMockJournal journal)
    {
        Assert.Equal(500, journal.Entries.Count);
        Assert.Equal(500, journal.For("/p").Count);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference[] Fill(WxMockJournal journal)
    {
        var watched = new WeakReference[500];
        for (var i = 0; i < 500; i++)
        {
            var entry = new WxMockJournalEntry(journal.NextSequence(), DateTimeOffset.UnixEpoch, "POST", "/p", string.Empty, new string('x', 100), null, 200, 0, null, null);
            journal.Add(entry);
            watched[i] = new WeakReference(entry);
        }

        return watched;
    }

    [Fact]
    public async Task Every_request_is_journaled_once_with_its_errcode_and_without_secrets()
    {
        var seen = new ConcurrentQueue<WxMockJournalEntry>();
        await using var mock = await Mock.StartAsync(o => o.OnRequest = seen.Enqueue);
        using var http = new HttpClient();

        var token = (await Mock.GetAsync(http, mock, $"/cgi-bin/token?grant_type=client_credential&appid={Mock.AppId}&secret={Mock.Secret}")).Json["access_token"]!.GetValue<string>();
        var stable = (await Mock.PostAsync(http, mock, "/cgi-bin/stable_token", $$"""{"grant_type":"client_credential","appid":"{{Mock.AppId}}","secret":"{{Mock.Secret}}"}""")).Json["access_token"]!.GetValue<string>();
        await Mock.ReplyAsync(http, mock, token, """{"msg_data_id":1,"user_comment_id":1,"content":"first"}""");
        await Mock.ReplyAsync(http, mock, stable, """{"msg_data_id":1,"user_comment_id":1,"content":"second"}""");
        await Mock.PostAsync(http, mock, "/cgi-bin/stable_token", "{\"grant_type\":\"client_credential\",\"secret\":\"" + Mock.Secret + "\",oops");
        var journalJson = (await Mock.GetAsync(http, mock, "/__mock/requests")).Text;

        var entries = mock.Journal.Entries.OrderBy(e => e.Sequence).ToList();
        Assert.Equal(5, entries.Count);
        Assert.Equal(entries.Select(e => e.Sequence), seen.Select(e => e.Sequence).Order());
        Assert.Equal([0, 0, 0, 88005, 47001], entries.Select(e => e.ErrCode ?? -99));
        Assert.Equal(["/cgi-bin/token", "/cgi-bin/stable_token", Mock.ReplyPath, Mock.ReplyPath, "/cgi-bin/stable_token"], entries.Select(e => e.Path));
        Assert.Equal($"?grant_type=client_credential&appid={Mock.AppId}&secret=***", entries[0].Query);
        Assert.Equal("?access_token=***", entries[2].Query);
        Assert.Contains("\"secret\":\"***\"", entries[1].Body);
        Assert.Contains("\"content\":\"first\"", entries[2].Body);
        Assert.Equal("GetStableAccessToken", entries[1].Endpoint);
        foreach (var text in entries.Select(e => e.ToString() + e.Body + e.Query).Append(journalJson))
        {
            Assert.DoesNotContain(Mock.Secret, text);
            Assert.DoesNotContain(token, text);
            Assert.DoesNotContain(stable, text);
        }

        Assert.Contains("\"count\": 5", journalJson);
        Assert.Contains(Mock.AppId, journalJson);
    }

    [Fact]
    public async Task Stats_count_calls_per_path_token_issues_and_errcodes()
    {
        await using var mock = await Mock.StartAsync();
        using var http = new HttpClient();
        var token = mock.IssueAccessToken();
        for (var i = 0; i < 3; i++)
        {
            await Mock.GetAsync(http, mock, Mock.AutoReplyPath + "?access_token=" + token);
        }

        await Mock.GetAsync(http, mock, $"/cgi-bin/token?grant_type=client_credential&appid={Mock.AppId}&secret={Mock.Secret}");
        await Mock.GetAsync(http, mock, Mock.AutoReplyPath);

        var stats = (await Mock.GetAsync(http, mock, "/__mock/stats")).Json;

        Assert.Equal(5, stats["total_requests"]!.GetValue<long>());
        Assert.Equal(2, stats["token_issues"]!.GetValue<long>());
        Assert.Equal(4, stats["calls_by_path"]![Mock.AutoReplyPath]!.GetValue<long>());
        Assert.Equal(1, stats["calls_by_path"]!["/cgi-bin/token"]!.GetValue<long>());
        Assert.Equal(4, stats["responses_by_errcode"]!["0"]!.GetValue<long>());
        Assert.Equal(1, stats["responses_by_errcode"]!["41001"]!.GetValue<long>());
        Assert.Equal(4, mock.Stats.CallsTo(Mock.AutoReplyPath));
        Assert.Equal(5, mock.Journal.Count); // admin requests are not journaled
    }

    [Fact]
    public async Task The_journal_can_be_filtered_and_cleared_over_the_admin_route()
    {
        await using var mock = await Mock.StartAsync();
        using var http = new HttpClient();
        var token = mock.IssueAccessToken();
        await Mock.GetAsync(http, mock, Mock.AutoReplyPath + "?access_token=" + token);
        await Mock.ReplyAsync(http, mock, token, """{"msg_data_id":1,"user_comment_id":1,"content":"x"}""");
        await Mock.ReplyAsync(http, mock, token, """{"msg_data_id":1,"user_comment_id":2,"content":"y"}""");

        var replies = (await Mock.GetAsync(http, mock, "/__mock/requests?path=" + Uri.EscapeDataString(Mock.ReplyPath) + "&last=1")).Json;
        await Mock.SendAsync(http, mock, HttpMethod.Delete, "/__mock/requests");

        Assert.Equal(1, replies["count"]!.GetValue<int>());
        Assert.Contains("\"y\"", replies["requests"]![0]!["body"]!.GetValue<string>());
        Assert.Equal(0, mock.Journal.Count);
    }

    [Fact]
    public void Admin_routes_answer_loopback_only_unless_remote_admin_is_allowed()
    {
        Assert.True(AdminRoutes.IsAllowed(IPAddress.Loopback, allowRemote: false));
        Assert.True(AdminRoutes.IsAllowed(IPAddress.IPv6Loopback, allowRemote: false));
        Assert.False(AdminRoutes.IsAllowed(IPAddress.Parse("192.168.1.20"), allowRemote: false));
        Assert.False(AdminRoutes.IsAllowed(null, allowRemote: false));
        Assert.True(AdminRoutes.IsAllowed(IPAddress.Parse("192.168.1.20"), allowRemote: true));
    }

    [Fact]
    public async Task The_admin_route_list_names_every_served_endpoint_and_unknown_admin_routes_are_404()
    {
        await using var mock = await Mock.StartAsync();
        using var http = new HttpClient();

        var endpoints = (await Mock.GetAsync(http, mock, "/__mock/endpoints")).Json["endpoints"]!.AsArray();
        var unknown = await Mock.GetAsync(http, mock, "/__mock/nothing");

        Assert.Equal(mock.EndpointPaths.Count, endpoints.Count);
        Assert.Contains(endpoints, e => e!["name"]!.GetValue<string>() == "ReplyComment" && e["method"]!.GetValue<string>() == "POST");
        Assert.Equal(404, unknown.Status);
    }

    [Fact]
    public void Options_and_tokens_do_not_print_secrets()
    {
        var options = new WxMockOptions { AppSecret = "super-secret-value" };

        Assert.DoesNotContain("super-secret-value", options.ToString());
        Assert.Equal("?access_token=***&x=1&secret=***", Redaction.Query("?access_token=abc&x=1&secret=def"));
        Assert.Equal("{\"appid\":\"a\",\"secret\":\"***\"}", Redaction.Body("{\"appid\":\"a\",\"secret\":\"s\"}"));
        Assert.Equal("\"secret\": \"***\", oops", Redaction.Body("\"secret\": \"s3cr3t\", oops"));
    }
}
