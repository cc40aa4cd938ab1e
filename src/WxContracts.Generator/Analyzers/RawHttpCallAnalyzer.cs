using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace WxContracts.Generator.Analyzers;

/// <summary>
/// WXC1006: a string literal (or the text before the first hole of an interpolated string) naming the URL of an
/// endpoint the generated client covers, passed to <c>HttpClient</c> (its methods or the System.Net.Http.Json
/// extensions), to <c>new HttpRequestMessage(...)</c>, or to <c>new Uri(...)</c> passed to either.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RawHttpCallAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.RawHttpCall);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(AnalyzerHelpers.Guard<CompilationStartAnalysisContext>(start =>
        {
            var httpClient = start.Compilation.GetTypeByMetadataName("System.Net.Http.HttpClient");
            var requestMessage = start.Compilation.GetTypeByMetadataName("System.Net.Http.HttpRequestMessage");
            var uri = start.Compilation.GetTypeByMetadataName("System.Uri");
            if (httpClient is null)
            {
                return;
            }

            var symbols = WxSymbols.TryCreate(start.Compilation, start.Options);
            if (symbols is null)
            {
                return;
            }

            var byPath = new Lazy<Dictionary<string, EndpointMeta>>(() =>
            {
                var map = new Dictionary<string, EndpointMeta>(StringComparer.OrdinalIgnoreCase);
                foreach (var endpoint in symbols.AllEndpoints)
                {
                    if (!map.ContainsKey(endpoint.Path))
                    {
                        map.Add(endpoint.Path, endpoint);
                    }
                }

                return map;
            });

            start.RegisterOperationAction(
                AnalyzerHelpers.Guard<OperationAnalysisContext>(op =>
                {
                    var argument = (IArgumentOperation)op.Operation;
                    if (argument.ArgumentKind == ArgumentKind.DefaultValue
                        || argument.Parameter?.Type is not { } parameterType
                        || parameterType.SpecialType != SpecialType.System_String && !SymbolEqualityComparer.Default.Equals(parameterType, uri))
                    {
                        return;
                    }

                    if (UrlText(argument.Value) is not { } text || !IsHttpTarget(argument.Parent, httpClient, requestMessage, uri))
                    {
                        return;
                    }

                    var path = PathOf(text);
                    if (path is null || !byPath.Value.TryGetValue(path, out var endpoint))
                    {
                        return;
                    }

                    op.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.RawHttpCall,
                        argument.Value.Syntax.GetLocation(),
                        path,
                        endpoint.InterfaceName,
                        "WxApiClient." + endpoint.DisplayName));
                }),
                OperationKind.Argument);
        }));
    }

    /// <summary>The constant text of a literal, or the leading text of an interpolated string.</summary>
    private static string? UrlText(IOperation value)
    {
        value = AnalyzerHelpers.Unwrap(value);
        if (value.ConstantValue is { HasValue: true, Value: string constant })
        {
            return constant;
        }

        if (value is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } concatenation)
        {
            return UrlText(concatenation.LeftOperand); // "https://…/add?access_token=" + token
        }

        if (value is IInterpolatedStringOperation interpolated && interpolated.Parts.Length > 0
            && interpolated.Parts[0] is IInterpolatedStringTextOperation { Text.ConstantValue: { HasValue: true, Value: string head } })
        {
            return head;
        }

        return null;
    }

    /// <summary>Whether the argument's owner sends an HTTP request: an HttpClient method, an extension on HttpClient,
    /// an HttpRequestMessage constructor, or a Uri constructor that is itself such an argument.</summary>
    private static bool IsHttpTarget(IOperation? owner, INamedTypeSymbol httpClient, INamedTypeSymbol? requestMessage, INamedTypeSymbol? uri)
    {
        switch (owner)
        {
            case IInvocationOperation invocation:
            {
                var method = invocation.TargetMethod;
                if (WxSymbols.InheritsFrom(method.ContainingType, httpClient))
                {
                    return true;
                }

                return method.IsExtensionMethod && method.Parameters.Length > 0 && WxSymbols.InheritsFrom(method.Parameters[0].Type, httpClient);
            }

            case IObjectCreationOperation creation:
                if (WxSymbols.InheritsFrom(creation.Type, requestMessage))
                {
                    return true;
                }

                if (uri is not null && SymbolEqualityComparer.Default.Equals(creation.Type, uri) && creation.Parent is IArgumentOperation outer)
                {
                    return IsHttpTarget(outer.Parent, httpClient, requestMessage, uri);
                }

                return false;

            default:
                return false;
        }
    }

    /// <summary>The path of an absolute or root-relative URL, without query or fragment; null for anything else.</summary>
    internal static string? PathOf(string text)
    {
        text = text.Trim();
        var cut = text.IndexOfAny(new[] { '?', '#' });
        if (cut >= 0)
        {
            text = text.Substring(0, cut);
        }

        if (text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            var slash = text.IndexOf('/', text.IndexOf("//", StringComparison.Ordinal) + 2);
            return slash < 0 ? null : text.Substring(slash).TrimEnd('/');
        }

        if (text.StartsWith("/", StringComparison.Ordinal))
        {
            return text.TrimEnd('/');
        }

        if (text.StartsWith("cgi-bin/", StringComparison.OrdinalIgnoreCase))
        {
            return "/" + text.TrimEnd('/');
        }

        return null;
    }
}
