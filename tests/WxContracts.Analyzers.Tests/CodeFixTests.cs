using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using WxContracts.CodeFixes;
using WxContracts.Generator.Analyzers;
using Xunit;

namespace WxContracts.Analyzers.Tests;

/// <summary>
/// The WXC1002 code fix on Microsoft.CodeAnalysis.CSharp.CodeFix.Testing: the fixed code is exactly as expected,
/// compiles, and has no WXC1002 left (or only the ones marked in it), whether the fixes are applied one at a time or
/// through the fix-all provider (in document, project and solution).
/// </summary>
public class CodeFixTests
{
    /// <summary>88005, -1 and 88007 are documented codes; 12345 is not.</summary>
    private const string Before = """
        using System.Threading.Tasks;
        using WxContracts;

        public class Caller
        {
            public static async Task<bool> Run(WxContracts.Api.WxApiClient client)
            {
                try
                {
                    await client.Comment.ReplyAsync(new WxContracts.Api.ReplyCommentRequest { MsgDataId = 1, UserCommentId = 2, Content = "Thanks" });
                    return true;
                }
                catch (WxApiException ex) when (ex.ErrorCode == {|WXC1002:88005|})
                {
                    switch (ex.ErrorCode)
                    {
                        case {|WXC1002:-1|}:
                            return false;
                    }

                    return ex.ErrorCode is {|WXC1002:88007|} or 12345;
                }
            }
        }
        """;

    /// <summary>A project set up like the analyzer tests' (generator, specs, runtime) with the WXC1002 analyzer and its fix.</summary>
    private sealed class FixTest : CSharpCodeFixTest<MagicErrorCodeAnalyzer, MagicErrorCodeCodeFix, DefaultVerifier>
    {
        public FixTest(string before, string after)
        {
            TestState.Sources.Add((TestInputs.TestFilePath, before));
            FixedState.Sources.Add((TestInputs.TestFilePath, after));
            // Diagnostics marked in the fixed code are expected there (by default the library drops fixable ones).
            FixedState.MarkupHandling = MarkupMode.Allow;
            TestInputs.Apply(this, null, null);
        }

        /// <summary>The titles of the actions offered for the first diagnostic fixed, in the order offered.</summary>
        public List<string>? FirstTitles { get; private set; }

        protected override ParseOptions CreateParseOptions() => new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Diagnose);

        protected override CompilationOptions CreateCompilationOptions() =>
            ((CSharpCompilationOptions)base.CreateCompilationOptions()).WithNullableContextOptions(NullableContextOptions.Enable);

        protected override ImmutableArray<CodeAction> FilterCodeActions(ImmutableArray<CodeAction> actions)
        {
            FirstTitles ??= actions.Select(a => a.Title).ToList();
            return base.FilterCodeActions(actions);
        }
    }

    [Fact]
    public async Task Each_fix_replaces_the_number_with_the_enum_member_and_the_code_still_compiles()
    {
        // The first (preferred) action each time; the first fix adds the using, so the member reads short.
        const string after = """
            using System.Threading.Tasks;
            using WxContracts;
            using WxContracts.Api;

            public class Caller
            {
                public static async Task<bool> Run(WxContracts.Api.WxApiClient client)
                {
                    try
                    {
                        await client.Comment.ReplyAsync(new WxContracts.Api.ReplyCommentRequest { MsgDataId = 1, UserCommentId = 2, Content = "Thanks" });
                        return true;
                    }
                    catch (WxApiException ex) when (ex.ErrorCode == (int)ReplyCommentError.AlreadyReply)
                    {
                        switch (ex.ErrorCode)
                        {
                            case (int)WxGlobalError.SystemBusy:
                                return false;
                        }

                        return ex.ErrorCode is (int)ReplyCommentError.ReplyContentLengthInvalid or 12345;
                    }
                }
            }
            """;
        var test = new FixTest(Before, after)
        {
            CodeActionIndex = 0,
            NumberOfIncrementalIterations = 3,
            NumberOfFixAllIterations = 1,
        };
        await test.RunAsync();
    }

    [Fact]
    public async Task A_code_documented_by_several_enums_offers_one_fix_per_enum_exception_enum_first()
    {
        var before = Before.Replace(
            "catch (WxApiException ex) when (ex.ErrorCode == {|WXC1002:88005|})",
            "catch (WxApiException<WxContracts.Api.ReplyCommentError> ex) when (ex.ErrorCode == {|WXC1002:45009|})");
        // Only 45009 is fixed, with the GetStableAccessTokenError action; -1 and 88007 are still reported.
        var after = before
            .Replace("using WxContracts;\n", "using WxContracts;\nusing WxContracts.Api;\n")
            .Replace("ex.ErrorCode == {|WXC1002:45009|}", "ex.ErrorCode == (int)GetStableAccessTokenError.ReachMaxApiDailyQuotaLimit");
        var test = new FixTest(before, after)
        {
            CodeActionEquivalenceKey = "WXC1002.GetStableAccessTokenError.ReachMaxApiDailyQuotaLimit",
            CodeActionVerifier = (action, verifier) => verifier.Equal("Use GetStableAccessTokenError.ReachMaxApiDailyQuotaLimit", action.Title, "title of the applied action"),
            NumberOfIncrementalIterations = 1,
            NumberOfFixAllIterations = 1,
        };
        await test.RunAsync();

        var titles = test.FirstTitles!;
        Assert.Equal("Use ReplyCommentError.ReachMaxApiDailyQuotaLimit", titles[0]);
        Assert.Contains(titles, t => t.StartsWith("Use WxGlobalError.", System.StringComparison.Ordinal));
        Assert.Contains("Use GetStableAccessTokenError.ReachMaxApiDailyQuotaLimit", titles);
    }
}
