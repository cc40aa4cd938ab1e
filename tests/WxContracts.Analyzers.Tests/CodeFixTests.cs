using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using WxContracts.CodeFixes;
using Xunit;
using static WxContracts.Analyzers.Tests.AnalyzerHarness;

namespace WxContracts.Analyzers.Tests;

/// <summary>The WXC1002 code fix, applied through an AdhocWorkspace: the result compiles and the diagnostic is gone.</summary>
public class CodeFixTests
{
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
                catch (WxApiException ex) when (ex.ErrorCode == 88005)
                {
                    switch (ex.ErrorCode)
                    {
                        case -1:
                            return false;
                    }

                    return ex.ErrorCode is 88007 or 12345;
                }
            }
        }
        """;

    /// <summary>A workspace project holding the generated client and the test file.</summary>
    private static Document CreateDocument(string source)
    {
        var generated = Generated();
        var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(),
            VersionStamp.Default,
            "Consumer",
            "Consumer",
            LanguageNames.CSharp,
            compilationOptions: generated.Options,
            parseOptions: Generator.Tests.Harness.ParseOptions,
            metadataReferences: generated.References));
        foreach (var tree in generated.SyntaxTrees)
        {
            project = project.AddDocument(System.IO.Path.GetFileName(tree.FilePath), tree.GetText(), filePath: tree.FilePath).Project;
        }

        var document = project.AddDocument("Test.cs", source, filePath: "/src/Test.cs");
        Assert.True(workspace.TryApplyChanges(document.Project.Solution));
        return workspace.CurrentSolution.GetDocument(document.Id)!;
    }

    private static async Task<ImmutableArray<Diagnostic>> Wxc1002(Document document)
    {
        var compilation = (await document.Project.GetCompilationAsync())!;
        return (await Analyze(compilation)).Where(d => d.Id == "WXC1002").ToImmutableArray();
    }

    private static async Task<List<CodeAction>> Actions(Document document, Diagnostic diagnostic)
    {
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), CancellationToken.None);
        await new MagicErrorCodeCodeFix().RegisterCodeFixesAsync(context);
        return actions;
    }

    private static async Task<Document> Apply(Document document, CodeAction action)
    {
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        return changed.GetDocument(document.Id)!;
    }

    [Fact]
    public async Task Each_fix_replaces_the_number_with_the_enum_member_and_the_code_still_compiles()
    {
        var document = CreateDocument(Before);
        var diagnostics = await Wxc1002(document);
        Assert.Equal(3, diagnostics.Length); // 88005, -1, 88007 (12345 is not documented)

        // Fix them one at a time, always with the first (preferred) action, until none is left.
        for (var i = 0; i < 3; i++)
        {
            var diagnostic = (await Wxc1002(document)).First();
            var actions = await Actions(document, diagnostic);
            Assert.NotEmpty(actions);
            document = await Apply(document, actions[0]);
        }

        var text = (await document.GetTextAsync()).ToString();
        Assert.Contains("ex.ErrorCode == (int)ReplyCommentError.AlreadyReply", text);
        Assert.Contains("case (int)WxGlobalError.SystemBusy:", text);
        Assert.Contains("ex.ErrorCode is (int)ReplyCommentError.ReplyContentLengthInvalid or 12345", text);
        Assert.Contains("using WxContracts;\nusing WxContracts.Api;\n", text); // added by the fix, so the member reads short
        Assert.DoesNotContain("\r", text);

        var compilation = (await document.Project.GetCompilationAsync())!;
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == "/src/Test.cs");
        Assert.Empty(compilation.GetSemanticModel(tree).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Empty(await Wxc1002(document));
    }

    [Fact]
    public async Task A_code_documented_by_several_enums_offers_one_fix_per_enum_exception_enum_first()
    {
        var source = Before.Replace("catch (WxApiException ex) when (ex.ErrorCode == 88005)", "catch (WxApiException<WxContracts.Api.ReplyCommentError> ex) when (ex.ErrorCode == 45009)");
        var document = CreateDocument(source);
        var diagnostic = (await Wxc1002(document)).First();
        var actions = await Actions(document, diagnostic);
        var titles = actions.Select(a => a.Title).ToList();
        Assert.Equal("Use ReplyCommentError.ReachMaxApiDailyQuotaLimit", titles[0]);
        Assert.Contains(titles, t => t.StartsWith("Use WxGlobalError.", System.StringComparison.Ordinal));
        Assert.Contains("Use GetStableAccessTokenError.ReachMaxApiDailyQuotaLimit", titles);

        var fixedDocument = await Apply(document, actions.Single(a => a.Title == "Use GetStableAccessTokenError.ReachMaxApiDailyQuotaLimit"));
        var text = (await fixedDocument.GetTextAsync()).ToString();
        Assert.Contains("ex.ErrorCode == (int)GetStableAccessTokenError.ReachMaxApiDailyQuotaLimit", text);
        var compilation = (await fixedDocument.Project.GetCompilationAsync())!;
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == "/src/Test.cs");
        Assert.Empty(compilation.GetSemanticModel(tree).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }
}
