using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace WxContracts.Generator.Analyzers;

internal static class AnalyzerHelpers
{
    /// <summary>Test hook: receives the exceptions <see cref="Guard"/> swallowed.</summary>
    internal static Action<Exception>? OnException { get; set; }

    /// <summary>
    /// Wraps an analysis callback so that a bug in a rule can never fail the user's build (an analyzer exception
    /// would surface as AD0001, an error under TreatWarningsAsErrors): the rule just reports nothing there.
    /// </summary>
    public static Action<T> Guard<T>(Action<T> action) => context =>
    {
        try
        {
            action(context);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            OnException?.Invoke(ex);
        }
    };

    /// <summary>An MSBuild property made visible with CompilerVisibleProperty, trimmed; null when unset or empty.</summary>
    public static string? BuildProperty(AnalyzerOptions options, string name) =>
        options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue("build_property." + name, out var value)
        && !string.IsNullOrWhiteSpace(value)
            ? value.Trim()
            : null;

    public static bool IsTrue(string? value) => string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);

    public static bool IsFalse(string? value) => string.Equals(value, "false", StringComparison.OrdinalIgnoreCase);

    /// <summary>The method a use of a client method refers to: an invocation or a method group.</summary>
    public static IMethodSymbol? TargetMethod(IOperation operation) => operation switch
    {
        IInvocationOperation invocation => invocation.TargetMethod,
        IMethodReferenceOperation reference => reference.Method,
        _ => null,
    };

    /// <summary>Where to report a use of a method: its name (<c>ReplyAsync</c> in <c>client.Comment.ReplyAsync(...)</c>).</summary>
    public static Location NameLocation(SyntaxNode syntax)
    {
        var expression = syntax is InvocationExpressionSyntax invocation ? invocation.Expression : syntax;
        return expression switch
        {
            MemberAccessExpressionSyntax member => member.Name.GetLocation(),
            MemberBindingExpressionSyntax binding => binding.Name.GetLocation(),
            _ => expression.GetLocation(),
        };
    }

    /// <summary>Strips implicit and explicit conversions and parentheses.</summary>
    public static IOperation Unwrap(IOperation operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    break;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    break;
                default:
                    return operation;
            }
        }
    }

    /// <summary>
    /// The initializer of a local that is declared with one (<c>var code = ex.ErrorCode;</c>), so a value can be
    /// followed one step back. Null for anything else.
    /// </summary>
    public static IOperation? LocalInitializer(ILocalSymbol local, IOperation from)
    {
        if (local.DeclaringSyntaxReferences.Length != 1 || from.SemanticModel is not { } model)
        {
            return null;
        }

        var syntax = local.DeclaringSyntaxReferences[0].GetSyntax();
        if (syntax is not VariableDeclaratorSyntax { Initializer.Value: { } value } || value.SyntaxTree != model.SyntaxTree)
        {
            return null;
        }

        return model.GetOperation(value);
    }

    /// <summary>The value's origin: the operation itself, or the initializer of the local it reads.</summary>
    public static IOperation Origin(IOperation operation)
    {
        var unwrapped = Unwrap(operation);
        if (unwrapped is ILocalReferenceOperation local && LocalInitializer(local.Local, unwrapped) is { } initializer)
        {
            return Unwrap(initializer);
        }

        return unwrapped;
    }
}
