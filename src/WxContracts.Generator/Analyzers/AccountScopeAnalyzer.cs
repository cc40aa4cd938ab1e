using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace WxContracts.Generator.Analyzers;

/// <summary>
/// WXC1001: a call to an endpoint whose spec scope excludes the account the project declares
/// (<c>WxAccountKind</c>, <c>WxAccountCertified</c>). Nothing declared, nothing reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AccountScopeAnalyzer : DiagnosticAnalyzer
{
    private const int Allowed = 0;
    private const int CertifiedOnly = 1;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.AccountScope);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(AnalyzerHelpers.Guard<CompilationStartAnalysisContext>(start =>
        {
            var kindText = AnalyzerHelpers.BuildProperty(start.Options, "WxAccountKind");
            var certifiedText = AnalyzerHelpers.BuildProperty(start.Options, "WxAccountCertified");
            bool? certified = AnalyzerHelpers.IsTrue(certifiedText) ? true : AnalyzerHelpers.IsFalse(certifiedText) ? false : null;
            int? kind = string.Equals(kindText, "OfficialAccount", StringComparison.OrdinalIgnoreCase) ? 0
                : string.Equals(kindText, "ServiceAccount", StringComparison.OrdinalIgnoreCase) ? 1
                : null;
            if (kind is null && certified != false)
            {
                return; // nothing declared that could exclude a call
            }

            var symbols = WxSymbols.TryCreate(start.Compilation, start.Options);
            if (symbols is null)
            {
                return;
            }

            var account = Describe(kind, certified);
            start.RegisterOperationAction(
                AnalyzerHelpers.Guard<OperationAnalysisContext>(op =>
                {
                    if (AnalyzerHelpers.TargetMethod(op.Operation) is not { } method || symbols.GetEndpoint(method) is not { } endpoint)
                    {
                        return;
                    }

                    if (Excluded(endpoint, kind, certified))
                    {
                        op.ReportDiagnostic(Diagnostic.Create(
                            Descriptors.AccountScope,
                            AnalyzerHelpers.NameLocation(op.Operation.Syntax),
                            endpoint.DisplayName,
                            endpoint.InterfaceName,
                            account,
                            $"Official Account: {Access(endpoint.OfficialAccount)}; Service Account: {Access(endpoint.ServiceAccount)}"));
                    }
                }),
                OperationKind.Invocation,
                OperationKind.MethodReference);
        }));
    }

    private static bool Excluded(EndpointMeta endpoint, int? kind, bool? certified)
    {
        if (kind is { } k)
        {
            var access = k == 0 ? endpoint.OfficialAccount : endpoint.ServiceAccount;
            return access != Allowed && (access != CertifiedOnly || certified == false);
        }

        // Only "uncertified" is known: excluded when neither kind of account may call it uncertified.
        return endpoint.OfficialAccount != Allowed && endpoint.ServiceAccount != Allowed;
    }

    private static string Describe(int? kind, bool? certified)
    {
        var what = kind switch
        {
            0 => "an Official Account",
            1 => "a Service Account",
            _ => "an account",
        };
        return certified switch
        {
            true => $"{what} (certified)",
            false => $"{what} (not certified)",
            _ => what,
        } + " as declared by WxAccountKind/WxAccountCertified";
    }

    private static string Access(int access) => access switch
    {
        Allowed => "allowed",
        CertifiedOnly => "certified accounts only",
        _ => "not allowed",
    };
}
