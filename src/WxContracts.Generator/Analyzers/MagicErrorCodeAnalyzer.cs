using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

using WxContracts.Specs.Rules;

namespace WxContracts.Generator.Analyzers;

/// <summary>
/// WXC1002: an exception's numeric error code (<c>WxApiException.ErrorCode</c>, or a local initialized from it)
/// compared with an integer literal the specs document: <c>==</c>/<c>!=</c>, <c>case</c>, <c>is</c> and switch
/// expression patterns. The diagnostic's properties carry the enum members that name the code, best first.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MagicErrorCodeAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the enum members for the code, fully qualified, separated by ';'.</summary>
    public const string CandidatesKey = AnalyzerRules.MagicErrorCodeCandidatesKey;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.MagicErrorCode);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(AnalyzerHelpers.Guard<CompilationStartAnalysisContext>(start =>
        {
            var symbols = WxSymbols.TryCreate(start.Compilation, start.Options);
            if (symbols?.ApiException?.GetMembers("ErrorCode").FirstOrDefault() is not IPropertySymbol errorCode)
            {
                return;
            }

            var catalog = new ErrorCatalog(symbols);
            start.RegisterOperationAction(
                AnalyzerHelpers.Guard<OperationAnalysisContext>(op => AnalyzeBinary(op, errorCode, catalog)), OperationKind.Binary);
            start.RegisterOperationAction(
                AnalyzerHelpers.Guard<OperationAnalysisContext>(op => AnalyzeSwitch(op, errorCode, catalog)), OperationKind.Switch);
            start.RegisterOperationAction(
                AnalyzerHelpers.Guard<OperationAnalysisContext>(op => AnalyzeSwitchExpression(op, errorCode, catalog)), OperationKind.SwitchExpression);
            start.RegisterOperationAction(
                AnalyzerHelpers.Guard<OperationAnalysisContext>(op => AnalyzeIsPattern(op, errorCode, catalog)), OperationKind.IsPattern);
        }));
    }

    private static void AnalyzeBinary(OperationAnalysisContext op, IPropertySymbol errorCode, ErrorCatalog catalog)
    {
        var binary = (IBinaryOperation)op.Operation;
        if (binary.OperatorKind is not (BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals))
        {
            return;
        }

        if (Source(binary.LeftOperand, errorCode) is { } leftSource)
        {
            Check(op, binary.RightOperand, leftSource, catalog);
        }
        else if (Source(binary.RightOperand, errorCode) is { } rightSource)
        {
            Check(op, binary.LeftOperand, rightSource, catalog);
        }
    }

    private static void AnalyzeSwitch(OperationAnalysisContext op, IPropertySymbol errorCode, ErrorCatalog catalog)
    {
        var statement = (ISwitchOperation)op.Operation;
        if (Source(statement.Value, errorCode) is not { } source)
        {
            return;
        }

        foreach (var section in statement.Cases)
        {
            foreach (var clause in section.Clauses)
            {
                switch (clause)
                {
                    case ISingleValueCaseClauseOperation single:
                        Check(op, single.Value, source, catalog);
                        break;
                    case IPatternCaseClauseOperation pattern:
                        CheckPattern(op, pattern.Pattern, source, catalog);
                        break;
                }
            }
        }
    }

    private static void AnalyzeSwitchExpression(OperationAnalysisContext op, IPropertySymbol errorCode, ErrorCatalog catalog)
    {
        var expression = (ISwitchExpressionOperation)op.Operation;
        if (Source(expression.Value, errorCode) is { } source)
        {
            foreach (var arm in expression.Arms)
            {
                CheckPattern(op, arm.Pattern, source, catalog);
            }
        }
    }

    private static void AnalyzeIsPattern(OperationAnalysisContext op, IPropertySymbol errorCode, ErrorCatalog catalog)
    {
        var isPattern = (IIsPatternOperation)op.Operation;
        if (Source(isPattern.Value, errorCode) is { } source)
        {
            CheckPattern(op, isPattern.Pattern, source, catalog);
        }
    }

    private static void CheckPattern(OperationAnalysisContext op, IPatternOperation pattern, ITypeSymbol? source, ErrorCatalog catalog)
    {
        switch (pattern)
        {
            case IConstantPatternOperation constant:
                Check(op, constant.Value, source, catalog);
                break;
            case IBinaryPatternOperation binary:
                CheckPattern(op, binary.LeftPattern, source, catalog);
                CheckPattern(op, binary.RightPattern, source, catalog);
                break;
            case INegatedPatternOperation negated:
                CheckPattern(op, negated.Pattern, source, catalog);
                break;
        }
    }

    /// <summary>
    /// When the value is the exception's error code (directly, or through a local initialized from it), the
    /// exception's static type; otherwise null.
    /// </summary>
    private static ITypeSymbol? Source(IOperation value, IPropertySymbol errorCode)
    {
        var origin = AnalyzerHelpers.Origin(value);
        if (origin is IPropertyReferenceOperation reference
            && SymbolEqualityComparer.Default.Equals(reference.Property.OriginalDefinition, errorCode))
        {
            return reference.Instance?.Type ?? errorCode.ContainingType;
        }

        return null;
    }

    private static void Check(OperationAnalysisContext op, IOperation value, ITypeSymbol? source, ErrorCatalog catalog)
    {
        // Only a number written in place: a named constant already says what it is.
        var syntax = value.Syntax;
        while (syntax is Microsoft.CodeAnalysis.CSharp.Syntax.ParenthesizedExpressionSyntax parenthesized)
        {
            syntax = parenthesized.Expression;
        }

        var isLiteral = syntax.IsKind(SyntaxKind.NumericLiteralExpression)
            || syntax is Microsoft.CodeAnalysis.CSharp.Syntax.PrefixUnaryExpressionSyntax { Operand: var operand } prefix
               && prefix.IsKind(SyntaxKind.UnaryMinusExpression) && operand.IsKind(SyntaxKind.NumericLiteralExpression);
        var constant = AnalyzerHelpers.Unwrap(value).ConstantValue; // (long)code == 88008: the literal itself is an int
        if (!isLiteral || !constant.HasValue || constant.Value is not int code || code == 0)
        {
            return;
        }

        var candidates = catalog.Candidates(code, source);
        if (candidates.Count == 0)
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(CandidatesKey, string.Join(";", candidates.Select(c => c.FullName)));
        op.ReportDiagnostic(Diagnostic.Create(
            Descriptors.MagicErrorCode,
            syntax.GetLocation(),
            properties,
            code,
            string.Join(" or ", candidates.Select(c => c.ShortName))));
    }

    /// <summary>Which enum members name which code: the endpoints' error enums and WxGlobalError.</summary>
    private sealed class ErrorCatalog
    {
        private readonly WxSymbols _symbols;
        private readonly System.Lazy<Dictionary<long, List<(INamedTypeSymbol Enum, string Member)>>> _byCode;

        public ErrorCatalog(WxSymbols symbols)
        {
            _symbols = symbols;
            _byCode = new(Build);
        }

        /// <summary>
        /// The members for a code, best first: the exception's own error enum, then the global table, then the
        /// other endpoints' enums by name.
        /// </summary>
        public List<(string FullName, string ShortName)> Candidates(int code, ITypeSymbol? source)
        {
            var result = new List<(string, string)>();
            INamedTypeSymbol? own = null;
            if (source is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } generic
                && WxSymbols.InheritsFrom(generic, _symbols.ApiExceptionOfT)
                && generic.TypeArguments[0] is INamedTypeSymbol { TypeKind: TypeKind.Enum } ownEnum)
            {
                own = ownEnum;
                foreach (var (name, value) in WxSymbols.EnumMembers(ownEnum))
                {
                    if (value == code)
                    {
                        result.Add(Name(ownEnum, name));
                    }
                }
            }

            if (_byCode.Value.TryGetValue(code, out var members))
            {
                foreach (var (enumType, member) in members)
                {
                    if (!SymbolEqualityComparer.Default.Equals(enumType, own))
                    {
                        result.Add(Name(enumType, member));
                    }
                }
            }

            return result;
        }

        private static (string, string) Name(INamedTypeSymbol enumType, string member) =>
            (enumType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + member, enumType.Name + "." + member);

        private Dictionary<long, List<(INamedTypeSymbol, string)>> Build()
        {
            var enums = new List<INamedTypeSymbol>();
            if (_symbols.GlobalError is { } global)
            {
                enums.Add(global);
            }

            var others = _symbols.AllEndpoints
                .Select(e => e.ErrorCodes)
                .OfType<INamedTypeSymbol>()
                .Where(e => e.TypeKind == TypeKind.Enum)
                .Distinct<INamedTypeSymbol>(SymbolEqualityComparer.Default)
                .OrderBy(e => e.Name, System.StringComparer.Ordinal);
            enums.AddRange(others);

            var byCode = new Dictionary<long, List<(INamedTypeSymbol, string)>>();
            foreach (var enumType in enums)
            {
                foreach (var (name, value) in WxSymbols.EnumMembers(enumType))
                {
                    if (!byCode.TryGetValue(value, out var list))
                    {
                        byCode[value] = list = new List<(INamedTypeSymbol, string)>();
                    }

                    list.Add((enumType, name));
                }
            }

            return byCode;
        }
    }
}
