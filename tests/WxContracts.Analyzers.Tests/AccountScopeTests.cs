using System.Linq;
using System.Threading.Tasks;
using Xunit;
using static WxContracts.Analyzers.Tests.AnalyzerHarness;

namespace WxContracts.Analyzers.Tests;

/// <summary>WXC1001: the project's declared account against the endpoints' spec scope.</summary>
public class AccountScopeTests
{
    private const string Reply = """
                await client.Comment.[|ReplyAsync|](new ReplyCommentRequest { MsgDataId = 1, UserCommentId = 2, Content = "Thanks" });
        """;

    private const string AllowedCall = """
                await client.AutoReply.GetCurrentInfoAsync();
        """;

    [Fact]
    public async Task Uncertified_official_account_calling_a_certified_only_endpoint_is_warned()
    {
        var d = Assert.Single(await Verify("WXC1001", Wrap(Reply + AllowedCall), Options(("WxAccountKind", "OfficialAccount"), ("WxAccountCertified", "false"))));
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Warning, d.Severity);
        var message = d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("Comment.ReplyAsync (replycomment)", message);
        Assert.Contains("an Official Account (not certified)", message);
        Assert.Contains("Official Account: certified accounts only; Service Account: certified accounts only", message);
    }

    [Fact]
    public async Task Property_values_are_case_insensitive_and_service_accounts_are_checked_too() =>
        await Verify("WXC1001", Wrap(Reply), Options(("WxAccountKind", "serviceaccount"), ("WxAccountCertified", "FALSE")));

    [Fact]
    public async Task A_method_group_is_a_use_too() =>
        await Verify("WXC1001", Wrap("""
                Func<ReplyCommentRequest, System.Threading.CancellationToken, Task<ReplyCommentResponse>> send = client.Comment.[|ReplyAsync|];
        """), Options(("WxAccountKind", "OfficialAccount"), ("WxAccountCertified", "false")));

    [Fact]
    public async Task Only_uncertified_declared_still_warns_when_no_uncertified_account_may_call() =>
        await Verify("WXC1001", Wrap(Reply + AllowedCall), Options(("WxAccountCertified", "false")));

    [Fact]
    public async Task Certified_account_may_call_it() =>
        await Verify("WXC1001", Wrap(Reply.Replace("[|", "").Replace("|]", "")), Options(("WxAccountKind", "OfficialAccount"), ("WxAccountCertified", "true")));

    [Fact]
    public async Task Kind_without_certification_gives_the_benefit_of_the_doubt() =>
        await Verify("WXC1001", Wrap(Reply.Replace("[|", "").Replace("|]", "")), Options(("WxAccountKind", "OfficialAccount")));

    [Fact]
    public async Task Nothing_declared_nothing_reported() =>
        await Verify("WXC1001", Wrap(Reply.Replace("[|", "").Replace("|]", "")));

    [Fact]
    public async Task Unknown_account_kind_is_ignored() =>
        await Verify("WXC1001", Wrap(Reply.Replace("[|", "").Replace("|]", "")), Options(("WxAccountKind", "MiniProgram"), ("WxAccountCertified", "true")));

    [Fact]
    public async Task A_not_allowed_scope_is_warned_even_for_certified_accounts()
    {
        // An in-test spec whose scope excludes Official Accounts entirely.
        var spec = SpecText.ListComment.Replace("official_account: certified_only", "official_account: not_allowed");
        var generated = Generated(("listcomment-notallowed.yaml", spec));
        var diagnostics = await Verify("WXC1001", Wrap("""
                await client.Sample.[|ListAsync|](new SampleListCommentRequest { MsgDataId = 1, Begin = 0, Count = 10, Type = 0 });
        """), Options(("WxAccountKind", "OfficialAccount"), ("WxAccountCertified", "true")), generated);
        Assert.Contains("Official Account: not allowed", diagnostics.Single().GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }
}
