using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Xunit;
using static WxContracts.Analyzers.Tests.AnalyzerHarness;

namespace WxContracts.Analyzers.Tests;

/// <summary>WXC1002: documented error codes compared as numbers.</summary>
public class MagicErrorCodeTests
{
    private static string Catch(string exceptionType, string condition, string handler = "") => Wrap($$"""
                try
                {
                    await client.Comment.ReplyAsync(new ReplyCommentRequest { MsgDataId = 1, UserCommentId = 2, Content = "Thanks" });
                }
                catch ({{exceptionType}} ex) when ({{condition}})
                {
                    {{handler}}
                }
        """);

    [Fact]
    public async Task Equality_with_a_documented_code_names_the_enum_member()
    {
        var d = Assert.Single(await Verify("WXC1002", Catch("WxApiException", "ex.ErrorCode == [|88005|]")));
        Assert.Equal("Error code 88005 is documented as ReplyCommentError.AlreadyReply; compare with the enum member instead of the number", d.GetMessage(CultureInfo.InvariantCulture));
        Assert.Equal("global::WxContracts.Api.ReplyCommentError.AlreadyReply", d.Properties["Candidates"]);
    }

    [Fact]
    public async Task Literal_on_the_left_and_not_equals() =>
        await Verify("WXC1002", Catch("WxApiException", "[|88008|] != ex.ErrorCode"));

    [Fact]
    public async Task The_exceptions_own_error_enum_comes_first_then_the_global_table()
    {
        var d = Assert.Single(await Verify("WXC1002", Catch("WxApiException<ReplyCommentError>", "ex.ErrorCode == [|45009|]")));
        var candidates = d.Properties["Candidates"]!.Split(';');
        Assert.Equal("global::WxContracts.Api.ReplyCommentError.ReachMaxApiDailyQuotaLimit", candidates[0]);
        Assert.StartsWith("global::WxContracts.WxGlobalError.", candidates[1]);
        Assert.Contains("global::WxContracts.Api.GetStableAccessTokenError.ReachMaxApiDailyQuotaLimit", candidates);
    }

    [Fact]
    public async Task A_global_code_through_the_plain_exception_prefers_the_global_enum()
    {
        var d = Assert.Single(await Verify("WXC1002", Catch("WxApiException", "ex.ErrorCode == [|-1|]")));
        Assert.Equal("global::WxContracts.WxGlobalError.SystemBusy", d.Properties["Candidates"]!.Split(';')[0]);
    }

    [Fact]
    public async Task Switch_statement_cases() =>
        await Verify("WXC1002", Catch("WxApiException", "true", """
                    switch (ex.ErrorCode)
                    {
                        case [|88001|]:
                        case [|88008|]:
                            break;
                        case 12345:
                            break;
                        case [|88005|] or [|88007|]:
                            break;
                    }
        """));

    [Fact]
    public async Task Is_patterns_and_switch_expressions() =>
        await Verify("WXC1002", Catch("WxApiException", "ex.ErrorCode is [|88005|] or [|88007|]", """
                    var text = ex.ErrorCode switch
                    {
                        [|88001|] => "gone",
                        not [|88000|] => "other",
                        _ => "no privilege",
                    };
        """));

    [Fact]
    public async Task An_int_that_came_from_the_error_code() =>
        await Verify("WXC1002", Catch("WxApiException", "true", """
                    var code = ex.ErrorCode;
                    if (code == [|88007|] || (long)code == [|88008|])
                    {
                        return;
                    }
        """));

    [Fact]
    public async Task Near_misses_are_not_reported() =>
        await Verify("WXC1002", Catch("WxApiException", "ex.ErrorCode == 12345 || ex.ErrorCode == 0 || ex.ErrorCode == (int)ReplyCommentError.AlreadyReply || ex.ErrorCode == Codes.Known", """
                    var other = Environment.ProcessorCount;
                    if (other == 88005 || ex.Message.Length == 88005)
                    {
                        return;
                    }
        """).Replace("public class Caller", "internal static class Codes { public const int Known = 88005; }\npublic class Caller"));
}
