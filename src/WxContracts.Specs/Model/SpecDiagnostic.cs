using System;

namespace WxContracts.Specs.Model;

/// <summary>
/// A place in a spec file. Offsets are character offsets into the file text; lines and columns are zero-based
/// (add one for the human-readable <c>file(line,col)</c> form).
/// </summary>
public sealed record SpecLocation(string FilePath, int Start, int Length, int Line, int Column, int EndLine, int EndColumn)
{
    public static SpecLocation FileStart(string filePath) => new(filePath, 0, 0, 0, 0, 0, 0);

    public override string ToString() => $"{FilePath}({Line + 1},{Column + 1})";
}

/// <summary>A problem found in a spec: an ID from <see cref="DiagnosticCatalog"/>, the message and its place.</summary>
public sealed record SpecDiagnostic(string Id, string Message, SpecLocation Location)
{
    public bool IsError => DiagnosticCatalog.Get(Id).IsError;

    public override string ToString() =>
        $"{Location}: {(IsError ? "error" : "warning")} {Id}: {Message}";
}

/// <summary>The description of one diagnostic ID.</summary>
public sealed record DiagnosticKind(string Id, string Title, bool IsError);
