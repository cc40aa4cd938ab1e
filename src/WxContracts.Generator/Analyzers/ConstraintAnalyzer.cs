using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace WxContracts.Generator.Analyzers;

/// <summary>
/// WXC1004: a constant assigned to a generated property (object initializer or plain assignment), or passed to a
/// parameter, that breaks the limits the spec records in <c>[WxConstraint]</c> (min/max length, min/max value).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ConstraintAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.Constraint);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(AnalyzerHelpers.Guard<CompilationStartAnalysisContext>(start =>
        {
            var attribute = WxSymbols.TryCreate(start.Compilation, start.Options)?.ConstraintAttribute;
            if (attribute is null)
            {
                return;
            }

            var cache = new System.Collections.Concurrent.ConcurrentDictionary<ISymbol, Limits?>(SymbolEqualityComparer.Default);
            Limits? LimitsOf(ISymbol symbol) => cache.GetOrAdd(symbol, s => Limits.Read(s, attribute));

            start.RegisterOperationAction(
                AnalyzerHelpers.Guard<OperationAnalysisContext>(op =>
                {
                    var assignment = (ISimpleAssignmentOperation)op.Operation;
                    if (assignment.Target is IPropertyReferenceOperation { Property: var property } && LimitsOf(property.OriginalDefinition) is { } limits)
                    {
                        Check(op, assignment.Value, limits);
                    }
                }),
                OperationKind.SimpleAssignment);
            start.RegisterOperationAction(
                AnalyzerHelpers.Guard<OperationAnalysisContext>(op =>
                {
                    var argument = (IArgumentOperation)op.Operation;
                    if (argument.ArgumentKind != ArgumentKind.DefaultValue && argument.Parameter is { } parameter && LimitsOf(parameter.OriginalDefinition) is { } limits)
                    {
                        Check(op, argument.Value, limits);
                    }
                }),
                OperationKind.Argument);
        }));
    }

    private static void Check(OperationAnalysisContext op, IOperation value, Limits limits)
    {
        if (!value.ConstantValue.HasValue)
        {
            value = AnalyzerHelpers.Unwrap(value); // int → int? has no constant value itself
        }

        if (!value.ConstantValue.HasValue || value.ConstantValue.Value is not { } constant)
        {
            return; // not a constant, or null
        }

        string? broken = null;
        string shown;
        if (constant is string text)
        {
            shown = text.Length <= 40 ? "\"" + text + "\"" : $"a text of length {text.Length}";
            if (limits.MinLength is { } min && text.Length < min || limits.MaxLength is { } max && text.Length > max)
            {
                broken = limits.DescribeLength();
            }
        }
        else if (ToDouble(constant) is { } number)
        {
            shown = Convert.ToString(constant, CultureInfo.InvariantCulture) ?? string.Empty;
            if (limits.Minimum is { } min && number < min || limits.Maximum is { } max && number > max)
            {
                broken = limits.DescribeRange();
            }
        }
        else
        {
            return;
        }

        if (broken is not null)
        {
            op.ReportDiagnostic(Diagnostic.Create(Descriptors.Constraint, value.Syntax.GetLocation(), shown, limits.WireName, broken));
        }
    }

    private static double? ToDouble(object constant) => constant switch
    {
        int i => i,
        long l => l,
        uint u => u,
        ulong ul => ul,
        short s => s,
        ushort us => us,
        byte b => b,
        sbyte sb => sb,
        double d => d,
        float f => f,
        decimal m => (double)m,
        _ => null,
    };

    /// <summary>The limits of one property or parameter, read from its <c>[WxConstraint]</c>.</summary>
    private sealed class Limits
    {
        public string WireName { get; private set; } = string.Empty;

        public int? MinLength { get; private set; }

        public int? MaxLength { get; private set; }

        public double? Minimum { get; private set; }

        public double? Maximum { get; private set; }

        public static Limits? Read(ISymbol symbol, INamedTypeSymbol attributeType)
        {
            foreach (var attribute in symbol.GetAttributes())
            {
                if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeType))
                {
                    continue;
                }

                var limits = new Limits
                {
                    WireName = attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string wire ? wire : symbol.Name,
                };
                foreach (var named in attribute.NamedArguments)
                {
                    var value = named.Value.Kind == TypedConstantKind.Array ? null : named.Value.Value;
                    switch (named.Key)
                    {
                        case "MinLength" when value is int minLength: limits.MinLength = minLength; break;
                        case "MaxLength" when value is int maxLength: limits.MaxLength = maxLength; break;
                        case "Minimum" when value is double minimum: limits.Minimum = minimum; break;
                        case "Maximum" when value is double maximum: limits.Maximum = maximum; break;
                    }
                }

                return limits;
            }

            return null;
        }

        public string DescribeLength() => (MinLength, MaxLength) switch
        {
            ({ } min, { } max) => $"length {min} to {max}",
            ({ } min, null) => $"length at least {min}",
            (null, { } max) => $"length at most {max}",
            _ => string.Empty,
        };

        public string DescribeRange() => (Minimum, Maximum) switch
        {
            ({ } min, { } max) => $"{Format(min)} to {Format(max)}",
            ({ } min, null) => $"at least {Format(min)}",
            (null, { } max) => $"at most {Format(max)}",
            _ => string.Empty,
        };

        private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }
}
