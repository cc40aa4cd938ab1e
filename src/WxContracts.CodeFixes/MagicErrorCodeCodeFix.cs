using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using WxContracts.Generator.Analyzers;

namespace WxContracts.CodeFixes;

/// <summary>
/// Fixes WXC1002: replaces the number with <c>(int)ReplyCommentError.AlreadyReply</c>, one action per enum that
/// documents the code (the exception's own enum first, then WxGlobalError, then the other endpoints' enums).
/// The cast keeps the comparison an <c>int</c> one, so it also works in <c>case</c> labels and patterns.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MagicErrorCodeCodeFix)), Shared]
public sealed class MagicErrorCodeCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(Descriptors.MagicErrorCodeId);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(MagicErrorCodeAnalyzer.CandidatesKey, out var candidates) || string.IsNullOrEmpty(candidates))
            {
                continue;
            }

            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax number)
            {
                continue;
            }

            // The whole "-1", not just the "1" inside it.
            if (number.Parent is PrefixUnaryExpressionSyntax minus && minus.Span == diagnostic.Location.SourceSpan)
            {
                number = minus;
            }

            var first = true;
            foreach (var member in candidates!.Split(';'))
            {
                var shortName = ShortName(member);
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Use {shortName}",
                        ct => ReplaceAsync(context.Document, number, member, ct),
                        equivalenceKey: first ? "WXC1002.First" : "WXC1002." + shortName),
                    diagnostic);
                first = false;
            }
        }
    }

    private static string ShortName(string fullName)
    {
        var parts = fullName.Split('.');
        return parts.Length >= 2 ? parts[parts.Length - 2] + "." + parts[parts.Length - 1] : fullName;
    }

    private static async Task<Document> ReplaceAsync(Document document, ExpressionSyntax number, string member, CancellationToken ct)
    {
        var root = await document.GetSyntaxRootAsync(ct).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var replacement = SyntaxFactory.ParseExpression("(int)" + member)
            .WithTriviaFrom(number)
            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation, Formatter.Annotation);
        return document.WithSyntaxRoot(root.ReplaceNode(number, replacement));
    }
}
