using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace WxContracts.Generator.Analyzers;

/// <summary>
/// WXC1005: a call to a server-side-only endpoint in a project that runs in the browser (Blazor WebAssembly SDK,
/// <c>RuntimeIdentifier</c> browser-wasm, or <c>TargetPlatformIdentifier</c> browser).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ServerSideOnlyAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.ServerSideOnly);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(AnalyzerHelpers.Guard<CompilationStartAnalysisContext>(start =>
        {
            var browser = BrowserSignal(start.Options);
            if (browser is null)
            {
                return;
            }

            var symbols = WxSymbols.TryCreate(start.Compilation, start.Options);
            if (symbols is null)
            {
                return;
            }

            start.RegisterOperationAction(
                AnalyzerHelpers.Guard<OperationAnalysisContext>(op =>
                {
                    if (AnalyzerHelpers.TargetMethod(op.Operation) is { } method
                        && symbols.GetEndpoint(method) is { ServerSideOnly: true } endpoint)
                    {
                        op.ReportDiagnostic(Diagnostic.Create(
                            Descriptors.ServerSideOnly,
                            AnalyzerHelpers.NameLocation(op.Operation.Syntax),
                            endpoint.DisplayName,
                            endpoint.InterfaceName,
                            browser));
                    }
                }),
                OperationKind.Invocation,
                OperationKind.MethodReference);
        }));
    }

    /// <summary>What says the project runs in the browser, or null.</summary>
    internal static string? BrowserSignal(AnalyzerOptions options)
    {
        if (AnalyzerHelpers.IsTrue(AnalyzerHelpers.BuildProperty(options, "UsingMicrosoftNETSdkBlazorWebAssembly")))
        {
            return "Microsoft.NET.Sdk.BlazorWebAssembly";
        }

        var rid = AnalyzerHelpers.BuildProperty(options, "RuntimeIdentifier");
        if (rid is not null && rid.StartsWith("browser", StringComparison.OrdinalIgnoreCase))
        {
            return "RuntimeIdentifier " + rid;
        }

        var platform = AnalyzerHelpers.BuildProperty(options, "TargetPlatformIdentifier");
        if (string.Equals(platform, "browser", StringComparison.OrdinalIgnoreCase))
        {
            return "TargetPlatformIdentifier browser";
        }

        return null;
    }
}
