using System.Collections.Generic;
using System.Net.Http;
using System.Threading.Tasks;
using Xunit;

namespace WxContracts.MockServer.Tests;

/// <summary>Template sends, served from a stand-in spec (template/send is not specced yet).</summary>
public class TemplateSendTests
{
    private const string Path = "/cgi-bin/message/template/send";
    private const string Body = """{"touser":"OPENID","template_id":"TEMPLATE_ID","data":{"first":{"value":"hello"}}}""";

    [Fact]
    public async Task Each_send_gets_a_new_msgid_and_the_send_after_the_daily_quota_answers_45009()
    {
        var clock = new ManualClock();
        await using var mock = await Mock.StartAsync(o =>
        {
            o.SpecsDirectory = Mock.Fixture("template-send");
            o.TimeProvider = clock;
            o.DailyQuotaByPath[Path] = 3;
        });
        using var http = new HttpClient();
        var token = mock.IssueAccessToken();

        var ids = new HashSet<long>();
        for (var i = 0; i < 3; i++)
        {
            var sent = await Mock.PostAsync(http, mock, Path + "?access_token=" + token, Body);
            Assert.Equal(0, sent.ErrCode);
            Assert.True(ids.Add(sent.Json["msgid"]!.GetValue<long>()));
        }

        var over = await Mock.PostAsync(http, mock, Path + "?access_token=" + token, Body);
        Assert.Equal(45009, over.ErrCode);

        clock.Advance(System.TimeSpan.FromDays(1)); // the next day (Beijing time) has a fresh quota
        Assert.Equal(0, (await Mock.PostAsync(http, mock, Path + "?access_token=" + mock.IssueAccessToken(), Body)).ErrCode);
    }

    [Fact]
    public async Task Without_state_the_send_answers_the_example()
    {
        await using var mock = await Mock.StartAsync(o =>
        {
            o.SpecsDirectory = Mock.Fixture("template-send");
            o.Stateful = false;
        });
        using var http = new HttpClient();
        var sent = await Mock.PostAsync(http, mock, Path + "?access_token=" + mock.IssueAccessToken(), Body);
        Assert.Equal(200228332, sent.Json["msgid"]!.GetValue<long>());
    }
}
