using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using WxContracts.Api;
using Xunit;

namespace WxContracts.MockServer.Tests;

/// <summary>
/// Specs that share a method and path (GET /publisher/stat, chosen by action): the mock picks the spec by the query
/// parameter whose enum has exactly one value, answers a missing or unknown value with 40035, and refuses at load
/// specs on one path that such a parameter does not tell apart.
/// </summary>
public class SharedPathTests
{
    private const string Dates = "&start_date=2020-04-13&end_date=2020-04-14";

    [Theory]
    [InlineData("publisher_adpos_general", "GetPublisherAdPosGeneral", "summary")]
    [InlineData("publisher_cps_general", "GetPublisherCpsGeneral", "summary")]
    [InlineData("publisher_settlement", "GetPublisherSettlement", "settlement_list")]
    public async Task The_action_value_chooses_the_spec_that_answers(string action, string specName, string answerField)
    {
        await using var mock = await Mock.StartAsync(o => o.Stateful = false);
        using var http = new HttpClient();

        var answer = await Mock.GetAsync(http, mock, $"/publisher/stat?action={action}&access_token={mock.IssueAccessToken()}{Dates}");

        Assert.Equal(200, answer.Status);
        Assert.NotNull(answer.Json[answerField]);
        var expected = File.ReadAllText(Path.Combine(Mock.RepoRoot(), "specs", "datacube", action + ".yaml"));
        Assert.Contains($"name: {specName}\n", expected);
        Assert.Equal(specName, Assert.Single(mock.Journal.Entries).Endpoint);
        Assert.Equal(0, mock.Journal.Entries.Single().ErrCode);
    }

    [Fact]
    public async Task The_generated_client_sends_the_action_and_reads_the_matching_answer()
    {
        await using var mock = await Mock.StartAsync(o => o.Stateful = false);
        using var http = new HttpClient();
        var client = Mock.Client(mock, http, mock.IssueAccessToken());

        var settlement = await client.DataCube.GetPublisherSettlementAsync(new GetPublisherSettlementRequest
        {
            Action = GetPublisherSettlementRequestAction.PublisherSettlement,
            StartDate = "2020-04-13",
            EndDate = "2020-04-14",
        });
        var cps = await client.DataCube.GetPublisherCpsGeneralAsync(new GetPublisherCpsGeneralRequest
        {
            Action = GetPublisherCpsGeneralRequestAction.PublisherCpsGeneral,
            StartDate = "2020-04-13",
            EndDate = "2020-04-14",
        });

        Assert.NotNull(settlement.SettlementList);
        Assert.NotEmpty(settlement.SettlementList!);
        Assert.NotNull(cps.Summary);
        Assert.Equal(["GetPublisherSettlement", "GetPublisherCpsGeneral"], mock.Journal.Entries.Select(e => e.Endpoint));
        Assert.All(mock.Journal.Entries, e => Assert.Contains("action=publisher_", e.Query));
    }

    [Theory]
    [InlineData("", "the query parameter action, which is missing (expected one of publisher_adpos_general, publisher_cps_general, publisher_settlement)")]
    [InlineData("action=publisher_nothing&", "serves no endpoint with action=publisher_nothing (expected one of publisher_adpos_general, publisher_cps_general, publisher_settlement)")]
    public async Task A_missing_or_unknown_action_is_40035_naming_the_values(string action, string hint)
    {
        await using var mock = await Mock.StartAsync(o => o.Stateful = false);
        using var http = new HttpClient();

        var answer = await Mock.GetAsync(http, mock, $"/publisher/stat?{action}access_token={mock.IssueAccessToken()}{Dates}");

        Assert.Equal(200, answer.Status);
        Assert.Equal(40035, answer.ErrCode);
        Assert.Contains(hint, answer.ErrMsg);
        var entry = Assert.Single(mock.Journal.Entries);
        Assert.Null(entry.Endpoint);
        Assert.Equal(40035, entry.ErrCode);
        Assert.Contains(hint, entry.Detail);
    }

    [Fact]
    public async Task Specs_that_share_a_path_without_a_one_value_parameter_stop_the_start()
    {
        var ex = await StartWithAsync(text => text.Replace("    enum: [publisher_settlement]\n", string.Empty));

        Assert.Contains("publisher_cps_general.yaml", ex.Message);
        Assert.Contains("publisher_settlement.yaml", ex.Message);
        Assert.Contains("all serve /publisher/stat", ex.Message);
        Assert.Contains("enum has exactly one value", ex.Message);
        Assert.Contains("publisher_settlement.yaml (none)", ex.Message);
        Assert.Contains("publisher_cps_general.yaml (action=publisher_cps_general)", ex.Message);
    }

    [Fact]
    public async Task Specs_that_share_a_path_and_a_selector_value_stop_the_start()
    {
        var ex = await StartWithAsync(text => text.Replace("    enum: [publisher_settlement]\n", "    enum: [publisher_cps_general]\n"));

        Assert.Contains("all serve /publisher/stat", ex.Message);
        Assert.Contains("publisher_settlement.yaml (action=publisher_cps_general)", ex.Message);
    }

    [Fact]
    public async Task Specs_that_share_a_path_with_a_two_value_parameter_are_not_told_apart_by_it()
    {
        var ex = await StartWithAsync(text => text.Replace("    enum: [publisher_settlement]\n", "    enum: [publisher_settlement, publisher_cps_general]\n"));

        Assert.Contains("publisher_settlement.yaml (none)", ex.Message);
    }

    /// <summary>Starts a mock on a folder with the repository's cps and settlement specs, the settlement one changed.</summary>
    private static async Task<WxMockSpecException> StartWithAsync(Func<string, string> changeSettlement)
    {
        var dir = Directory.CreateTempSubdirectory("wxmock-shared-path-");
        try
        {
            var source = Path.Combine(Mock.RepoRoot(), "specs", "datacube");
            File.Copy(Path.Combine(source, "publisher_cps_general.yaml"), Path.Combine(dir.FullName, "publisher_cps_general.yaml"));
            var settlement = File.ReadAllText(Path.Combine(source, "publisher_settlement.yaml"));
            var changed = changeSettlement(settlement);
            Assert.NotEqual(settlement, changed);
            File.WriteAllText(Path.Combine(dir.FullName, "publisher_settlement.yaml"), changed);

            return await Assert.ThrowsAsync<WxMockSpecException>(() => Mock.StartAsync(o => o.SpecsDirectory = dir.FullName));
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
