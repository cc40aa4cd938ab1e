using System.Collections.Generic;

namespace WxContracts.Cli.Import;

// What the importer reads from a doc page, before it is written out as YAML. Every guess carries the text of
// its '# review:' comment; null means the value was read from the page as is.

/// <summary>Something the importer could not read: the 1-based line of the page and what it expected there.</summary>
internal sealed record ImportProblem(int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"line {Line}: {Message}" : Message;
}

/// <summary>A value with the review note the importer attaches when it had to guess it.</summary>
internal sealed record Guess<T>(T Value, string? Review = null);

internal sealed class ImportedField
{
    public required string Name { get; init; }
    public required string Type { get; set; }
    public string? Items { get; set; }
    public string? Format { get; set; }
    public bool NumberOrString { get; set; }
    public bool Required { get; set; }
    public string? Description { get; set; }
    public string? Example { get; set; }
    public string? EnumName { get; set; }
    public List<ImportedField>? Fields { get; set; }
    public List<string> Reviews { get; } = new();
    public int Line { get; init; }

    /// <summary>The item type was assumed (the page's type column said only "array").</summary>
    public bool ItemsGuessed { get; set; }

    /// <summary>The width was assumed (the page never gives one), not read from the examples.</summary>
    public bool FormatGuessed { get; set; }

    /// <summary>Set when the examples decided the width or number_or_string (a value beyond 2^31, a fraction,
    /// a numeric string): <c>wxspec diff</c> reports a spec that cannot hold such a value.</summary>
    public bool NumberFromEvidence { get; set; }

    /// <summary>The page path of the section whose table this object reuses (rule: same field names).</summary>
    public string? ReusedFrom { get; set; }

    /// <summary>The shared type (under <c>types</c>) whose table this object uses, written as <c>ref</c>.</summary>
    public string? SharedType { get; set; }

    /// <summary>The page path of the field (<c>Res.a.b</c>), for messages.</summary>
    public string Path { get; set; } = string.Empty;

    /// <summary>Values from the "to enumerate" column, before enums are named and shared.</summary>
    public List<string>? EnumValues { get; set; }
}

internal sealed class ImportedEnum
{
    public required string Name { get; set; }
    public required bool IsNumber { get; init; }
    public string? Description { get; set; }
    public required List<(string Value, string? Name, string? Description)> Values { get; init; }
    public List<string> Reviews { get; } = new();
}

internal sealed record ImportedError(int Code, string? ErrMsg, string? Solution);

internal sealed class ImportedSpec
{
    public Guess<string> Name { get; set; } = new("Imported", "no interface name found");
    public string? Interface { get; set; }
    public string? Title { get; set; }
    public string? Summary { get; set; }
    public Guess<string> Group { get; set; } = new("Misc", "no group could be derived");
    public Guess<string> Operation { get; set; } = new("Call", "no operation could be derived");
    public List<string> Notes { get; } = new();
    public string? Method { get; set; }
    public string? Url { get; set; }
    public string Credential { get; set; } = "access_token";
    public bool ServerSideOnly { get; set; }
    public Guess<bool>? Idempotent { get; set; }
    public string? CloudCall { get; set; }
    public List<int>? PermissionSets { get; set; }
    public List<ImportedField> Query { get; } = new();

    /// <summary>Null when the page says the body is empty ("nothing").</summary>
    public List<ImportedField>? Request { get; set; }
    public List<ImportedField> Response { get; } = new();
    public List<ImportedEnum> Enums { get; } = new();
    public List<ImportedError> Errors { get; } = new();
    public string? OfficialAccount { get; set; }
    public string? ServiceAccount { get; set; }
    public string? RequestExample { get; set; }
    public string? ResponseExample { get; set; }

    /// <summary>The example lines as on the page, cleaned again once the evidence has fixed the types.</summary>
    public List<PageLine>? RequestExampleLines { get; set; }
    public List<PageLine>? ResponseExampleLines { get; set; }

    /// <summary>The request example was a call URL (a GET page): its query parameters, in order.</summary>
    public List<(string Name, string Value)>? RequestUrlQuery { get; set; }

    /// <summary>The call URL line of the request example, when it is one.</summary>
    public string? RequestUrl { get; set; }
    public List<string> Normalized { get; } = new();

    /// <summary>JSON pointers (e.g. <c>/request/msg_data_id</c>) of example values that replaced a placeholder.</summary>
    public List<string> PlaceholderPaths { get; } = new();

    /// <summary>The shared types, once <see cref="SharedTables.Settle"/> has decided them.</summary>
    public List<(string Name, ImportedField Source)>? SharedTypes { get; set; }

    /// <summary>Review notes that belong to the file as a whole (written at the top).</summary>
    public List<string> Reviews { get; } = new();
}
