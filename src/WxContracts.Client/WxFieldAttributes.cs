using System;

namespace WxContracts;

/// <summary>
/// Marks a generated request property (or parameter) with the limits its doc page states for the value, for the
/// WXC1004 analyzer. Only the named properties that are set apply; nothing reads the attribute at run time.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, Inherited = false)]
public sealed class WxConstraintAttribute : Attribute
{
    /// <summary>Creates the attribute for the field with the given wire name.</summary>
    public WxConstraintAttribute(string wireName) => WireName = wireName;

    /// <summary>The field's JSON (or query) name, e.g. <c>content</c>.</summary>
    public string WireName { get; }

    /// <summary>The shortest text the docs accept, in characters.</summary>
    public int MinLength { get; set; }

    /// <summary>The longest text the docs accept, in characters.</summary>
    public int MaxLength { get; set; }

    /// <summary>The smallest number the docs accept.</summary>
    public double Minimum { get; set; }

    /// <summary>The largest number the docs accept.</summary>
    public double Maximum { get; set; }
}

/// <summary>
/// Marks a generated request property that carries a credential (<c>secret</c>, <c>access_token</c>,
/// <c>authorizer_access_token</c>), for the WXC1003 analyzer. Nothing reads it at run time.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, Inherited = false)]
public sealed class WxSecretAttribute : Attribute
{
    /// <summary>Creates the attribute for the field with the given wire name.</summary>
    public WxSecretAttribute(string wireName) => WireName = wireName;

    /// <summary>The field's JSON (or query) name, e.g. <c>secret</c>.</summary>
    public string WireName { get; }
}
