using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace WxContracts.Generator.Analyzers;

/// <summary>
/// WXC1003: a string constant (a literal, a <c>const</c>, or a local initialized with one) that flows into a
/// credential: a property named <c>AppSecret</c>/<c>Secret</c> on a WxContracts type, a generated request
/// property marked <c>[WxSecret]</c>, or a parameter of a WxContracts method or constructor whose name is on the
/// one secret list (<c>WxSecretFields</c>: access tokens, refresh tokens, AppSecret, EncodingAESKey).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HardCodedSecretAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.HardCodedSecret);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(AnalyzerHelpers.Guard<CompilationStartAnalysisContext>(start =>
        {
            var symbols = WxSymbols.TryCreate(start.Compilation, start.Options);
            if (symbols is null)
            {
                return;
            }

            start.RegisterOperationAction(
                AnalyzerHelpers.Guard<OperationAnalysisContext>(op => AnalyzeAssignment(op, symbols)), OperationKind.SimpleAssignment);
            start.RegisterOperationAction(
                AnalyzerHelpers.Guard<OperationAnalysisContext>(op => AnalyzeArgument(op)), OperationKind.Argument);
        }));
    }

    private static void AnalyzeAssignment(OperationAnalysisContext op, WxSymbols symbols)
    {
        var assignment = (ISimpleAssignmentOperation)op.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: var property }
            || Describe(property, symbols) is not { } what
            || !IsHardCoded(assignment.Value))
        {
            return;
        }

        op.ReportDiagnostic(Diagnostic.Create(Descriptors.HardCodedSecret, assignment.Value.Syntax.GetLocation(), what));
    }

    private static void AnalyzeArgument(OperationAnalysisContext op)
    {
        var argument = (IArgumentOperation)op.Operation;
        if (argument.ArgumentKind == ArgumentKind.DefaultValue
            || argument.Parameter is not { } parameter
            || parameter.Type.SpecialType != SpecialType.System_String
            || parameter.ContainingSymbol is not IMethodSymbol method
            || !WxSymbols.InWxContractsNamespace(method.ContainingType)
            || !IsSecretParameter(parameter, method)
            || !IsHardCoded(argument.Value))
        {
            return;
        }

        op.ReportDiagnostic(Diagnostic.Create(
            Descriptors.HardCodedSecret,
            argument.Value.Syntax.GetLocation(),
            $"parameter '{parameter.Name}' of {method.ContainingType.Name}"));
    }

    /// <summary>What a property holds when it is a credential, for the message; null otherwise.</summary>
    private static string? Describe(IPropertySymbol property, WxSymbols symbols)
    {
        if (property.Type.SpecialType != SpecialType.System_String)
        {
            return null;
        }

        // Responses are what WeChat sends; building one (in a test fake) is not a leak.
        if (WxSymbols.InheritsFrom(property.ContainingType, symbols.Response))
        {
            return null;
        }

        if (symbols.SecretAttribute is { } secretAttribute)
        {
            foreach (var attribute in property.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, secretAttribute))
                {
                    var wire = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;
                    return $"{property.ContainingType.Name}.{property.Name} (the '{wire ?? property.Name}' field)";
                }
            }
        }

        if (WxSecretFields.IsSecret(property.Name) && WxSymbols.InWxContractsNamespace(property.ContainingType))
        {
            return $"{property.ContainingType.Name}.{property.Name}";
        }

        return null;
    }

    private static bool IsSecretParameter(IParameterSymbol parameter, IMethodSymbol method)
    {
        if (WxSecretFields.IsSecret(parameter.Name))
        {
            return true;
        }

        // new StaticAccessTokenProvider("...") and friends: a 'token' of a type about access tokens.
        return parameter.Name.Equals("token", StringComparison.OrdinalIgnoreCase)
            && method.ContainingType.Name.IndexOf("AccessToken", StringComparison.OrdinalIgnoreCase) >= 0;
    }

    /// <summary>A non-empty string constant, directly or through a local initialized with one.</summary>
    private static bool IsHardCoded(IOperation value)
    {
        var origin = AnalyzerHelpers.Origin(value);
        return IsNonEmptyConstant(origin) || IsNonEmptyConstant(value);
    }

    private static bool IsNonEmptyConstant(IOperation operation) =>
        operation.ConstantValue is { HasValue: true, Value: string text } && text.Trim().Length > 0
        && operation.Type?.SpecialType == SpecialType.System_String;
}
