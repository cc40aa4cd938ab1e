using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace WxContracts.Generator.Analyzers;

/// <summary>A generated client method's <c>[WxEndpoint]</c> metadata.</summary>
internal sealed class EndpointMeta
{
    public EndpointMeta(IMethodSymbol method, string httpMethod, string path)
    {
        Method = method;
        HttpMethod = httpMethod;
        Path = path;
    }

    public IMethodSymbol Method { get; }

    public string HttpMethod { get; }

    public string Path { get; }

    public string? Interface { get; set; }

    public string? BaseAddress { get; set; }

    public bool ServerSideOnly { get; set; }

    /// <summary>0 allowed, 1 certified only, 2 not allowed (the values of WxContracts.WxAccountAccess).</summary>
    public int OfficialAccount { get; set; }

    public int ServiceAccount { get; set; }

    public INamedTypeSymbol? ErrorCodes { get; set; }

    /// <summary>How code names the method: <c>Comment.ReplyAsync</c> (the API group property and the method).</summary>
    public string DisplayName
    {
        get
        {
            var group = Method.ContainingType?.Name ?? string.Empty;
            if (group.EndsWith("Api", StringComparison.Ordinal))
            {
                group = group.Substring(0, group.Length - 3);
            }

            return group.Length == 0 ? Method.Name : group + "." + Method.Name;
        }
    }

    public string InterfaceName => Interface ?? Path;
}

/// <summary>
/// The WxContracts symbols the analyzers need, resolved once per compilation. <see cref="TryCreate"/> returns null
/// when the compilation does not reference the runtime, so the analyzers register nothing there.
/// </summary>
internal sealed class WxSymbols
{
    private readonly ConcurrentDictionary<IMethodSymbol, EndpointMeta?> _endpoints = new(SymbolEqualityComparer.Default);
    private readonly Lazy<ImmutableArray<EndpointMeta>> _all;

    private WxSymbols(Compilation compilation, INamedTypeSymbol endpointAttribute, AnalyzerOptions options)
    {
        Compilation = compilation;
        EndpointAttribute = endpointAttribute;
        ApiException = compilation.GetTypeByMetadataName("WxContracts.WxApiException");
        ApiExceptionOfT = compilation.GetTypeByMetadataName("WxContracts.WxApiException`1");
        GlobalError = compilation.GetTypeByMetadataName("WxContracts.WxGlobalError");
        ConstraintAttribute = compilation.GetTypeByMetadataName("WxContracts.WxConstraintAttribute");
        SecretAttribute = compilation.GetTypeByMetadataName("WxContracts.WxSecretAttribute");
        Response = compilation.GetTypeByMetadataName("WxContracts.WxResponse");
        options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue("build_property.WxContractsNamespace", out var ns);
        ClientNamespace = string.IsNullOrWhiteSpace(ns) ? "WxContracts.Api" : ns!.Trim();
        _all = new Lazy<ImmutableArray<EndpointMeta>>(FindAllEndpoints);
    }

    public Compilation Compilation { get; }

    public INamedTypeSymbol EndpointAttribute { get; }

    public INamedTypeSymbol? ApiException { get; }

    public INamedTypeSymbol? ApiExceptionOfT { get; }

    public INamedTypeSymbol? GlobalError { get; }

    public INamedTypeSymbol? ConstraintAttribute { get; }

    public INamedTypeSymbol? SecretAttribute { get; }

    public INamedTypeSymbol? Response { get; }

    public string ClientNamespace { get; }

    /// <summary>Every endpoint of the generated <c>WxApiClient</c> (computed on first use).</summary>
    public ImmutableArray<EndpointMeta> AllEndpoints => _all.Value;

    public static WxSymbols? TryCreate(Compilation compilation, AnalyzerOptions options)
    {
        var attribute = compilation.GetTypeByMetadataName("WxContracts.WxEndpointAttribute");
        return attribute is null ? null : new WxSymbols(compilation, attribute, options);
    }

    /// <summary>The endpoint metadata of a method, or null when it is not a generated client method.</summary>
    public EndpointMeta? GetEndpoint(IMethodSymbol method)
    {
        method = method.ReducedFrom ?? method;
        method = method.OriginalDefinition;
        return _endpoints.GetOrAdd(method, Read);
    }

    private EndpointMeta? Read(IMethodSymbol method)
    {
        foreach (var attribute in method.GetAttributes())
        {
            if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, EndpointAttribute)
                || attribute.ConstructorArguments.Length != 2
                || attribute.ConstructorArguments[0].Value is not string httpMethod
                || attribute.ConstructorArguments[1].Value is not string path)
            {
                continue;
            }

            var meta = new EndpointMeta(method, httpMethod, path);
            foreach (var named in attribute.NamedArguments)
            {
                if (named.Value.Kind == TypedConstantKind.Array)
                {
                    continue; // PermissionSets; no rule reads it
                }

                var value = named.Value.Value;
                switch (named.Key)
                {
                    case "Interface": meta.Interface = value as string; break;
                    case "BaseAddress": meta.BaseAddress = value as string; break;
                    case "ServerSideOnly": meta.ServerSideOnly = value is true; break;
                    case "OfficialAccount": meta.OfficialAccount = value is int oa ? oa : 0; break;
                    case "ServiceAccount": meta.ServiceAccount = value is int sa ? sa : 0; break;
                    case "ErrorCodes": meta.ErrorCodes = value as INamedTypeSymbol; break;
                }
            }

            return meta;
        }

        return null;
    }

    private ImmutableArray<EndpointMeta> FindAllEndpoints()
    {
        var client = Compilation.GetTypeByMetadataName(ClientNamespace + ".WxApiClient");
        if (client is null)
        {
            return ImmutableArray<EndpointMeta>.Empty;
        }

        var result = ImmutableArray.CreateBuilder<EndpointMeta>();
        foreach (var group in client.GetTypeMembers())
        {
            foreach (var member in group.GetMembers())
            {
                if (member is IMethodSymbol method && GetEndpoint(method) is { } meta)
                {
                    result.Add(meta);
                }
            }
        }

        return result.ToImmutable();
    }

    /// <summary>Whether the type is <paramref name="baseType"/> or derives from it.</summary>
    public static bool InheritsFrom(ITypeSymbol? type, INamedTypeSymbol? baseType)
    {
        if (baseType is null)
        {
            return false;
        }

        for (var t = type; t is not null; t = t.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, baseType))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the symbol's namespace is <c>WxContracts</c> or one below it.</summary>
    public static bool InWxContractsNamespace(ISymbol symbol)
    {
        var ns = symbol.ContainingNamespace;
        while (ns is { IsGlobalNamespace: false } && ns.ContainingNamespace is { IsGlobalNamespace: false })
        {
            ns = ns.ContainingNamespace;
        }

        return ns is { Name: "WxContracts" };
    }

    /// <summary>The names of the members of an enum, by constant value.</summary>
    public static IEnumerable<(string Name, long Value)> EnumMembers(INamedTypeSymbol enumType)
    {
        foreach (var member in enumType.GetMembers())
        {
            if (member is IFieldSymbol { HasConstantValue: true } field)
            {
                yield return (field.Name, Convert.ToInt64(field.ConstantValue, System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }
}
