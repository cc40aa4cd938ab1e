using System.Collections.Immutable;
using System.Linq;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using WxContracts.Specs.Rules;

namespace WxContracts.CodeFixes;

/// <summary>
/// Fixes WXC1002: replaces the number with <c>(int)ReplyCommentError.AlreadyReply</c>, one action per enum that
/// documents the code (the exception's own enum first, then WxGlobalError, then the other endpoints' enums).
/// The cast keeps the comparison an <c>int</c> one, so it also works in <c>case</c> labels and patterns.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MagicErrorCodeCodeFix)), Shared]
public sealed class MagicErrorCodeCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(AnalyzerRules.MagicErrorCode);

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
            if (!diagnostic.Properties.TryGetValue(AnalyzerRules.MagicErrorCodeCandidatesKey, out var candidates) || string.IsNullOrEmpty(candidates))
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

    /// <summary>
    /// Replaces the number with <c>(int)Enum.Member</c>: the short name when it already binds here, else the short
    /// name plus a <c>using</c> for the enum's namespace, else the fully qualified name.
    /// </summary>
    private static async Task<Document> ReplaceAsync(Document document, ExpressionSyntax number, string member, CancellationToken ct)
    {
        var root = await document.GetSyntaxRootAsync(ct).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(ct).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var qualified = member.StartsWith("global::", System.StringComparison.Ordinal) ? member.Substring("global::".Length) : member;
        var lastDot = qualified.LastIndexOf('.');
        var typeDot = qualified.LastIndexOf('.', lastDot - 1);
        var shortName = typeDot < 0 ? qualified : qualified.Substring(typeDot + 1);
        var ns = typeDot < 0 ? null : qualified.Substring(0, typeDot);

        var target = model.GetSpeculativeSymbolInfo(number.SpanStart, SyntaxFactory.ParseExpression(member), SpeculativeBindingOption.BindAsExpression).Symbol;
        var shortTarget = model.GetSpeculativeSymbolInfo(number.SpanStart, SyntaxFactory.ParseExpression(shortName), SpeculativeBindingOption.BindAsExpression).Symbol;

        string text;
        var addUsing = false;
        if (target is not null && SymbolEqualityComparer.Default.Equals(target, shortTarget))
        {
            text = shortName;
        }
        else if (shortTarget is null && ns is not null && root is CompilationUnitSyntax unit
                 && !unit.Usings.Any(u => u.Name?.ToString() == ns))
        {
            text = shortName;
            addUsing = true;
        }
        else
        {
            text = member;
        }

        var replacement = SyntaxFactory.ParseExpression("(int)" + text).WithTriviaFrom(number);
        var newRoot = root.ReplaceNode(number, replacement);
        if (addUsing && newRoot is CompilationUnitSyntax newUnit)
        {
            // Keep the file's own line endings.
            var newLine = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(ns!).WithLeadingTrivia(SyntaxFactory.Space))
                .WithTrailingTrivia(newLine.IsKind(SyntaxKind.EndOfLineTrivia) ? newLine : SyntaxFactory.LineFeed);
            newRoot = newUnit.AddUsings(directive);
        }

        return document.WithSyntaxRoot(newRoot);
    }
}
