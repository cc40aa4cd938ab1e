using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace WxContracts;

/// <summary>A file to upload as a multipart/form-data part. Held in memory, so a retry can send it again.</summary>
public sealed class WxFile
{
    /// <summary>Creates a file part.</summary>
    public WxFile(string fileName, string contentType, ReadOnlyMemory<byte> content)
    {
        FileName = string.IsNullOrWhiteSpace(fileName) ? throw new ArgumentException("A file name is required.", nameof(fileName)) : fileName;
        ContentType = string.IsNullOrWhiteSpace(contentType) ? "application/octet-stream" : contentType;
        Content = content;
    }

    /// <summary>The file name sent in the part's Content-Disposition.</summary>
    public string FileName { get; }

    /// <summary>The part's content type, e.g. <c>image/jpeg</c>.</summary>
    public string ContentType { get; }

    /// <summary>The bytes.</summary>
    public ReadOnlyMemory<byte> Content { get; }

    /// <summary>Reads a file from disk.</summary>
    public static async Task<WxFile> FromPathAsync(string path, string contentType, CancellationToken cancellationToken = default) =>
        new(Path.GetFileName(path), contentType, await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false));

    /// <inheritdoc/>
    public override string ToString() => $"WxFile({FileName}, {ContentType}, {Content.Length} bytes)";
}

/// <summary>Implemented by generated responses of endpoints that may answer with a file's bytes instead of JSON.</summary>
public interface IWxFileResponse
{
    /// <summary>The file WeChat sent (bytes, content type, file name), or null when the answer was JSON.</summary>
    WxFile? File { get; set; }
}

/// <summary>Implemented by generated requests sent as multipart/form-data.</summary>
public interface IWxMultipartRequest
{
    /// <summary>Adds the request's parts.</summary>
    void AppendParts(WxMultipartBuilder parts);
}

/// <summary>Collects the parts of a multipart/form-data body; null values are left out.</summary>
public sealed class WxMultipartBuilder
{
    private readonly List<(string Name, string? Text, WxFile? File)> _parts = new();

    /// <summary>The parts added so far.</summary>
    public IReadOnlyList<(string Name, string? Text, WxFile? File)> Parts => _parts;

    /// <summary>When set, the request body is this file's bytes alone (<c>body: binary</c>), not a multipart form.</summary>
    public WxFile? Body { get; private set; }

    /// <summary>Makes the whole request body the file's bytes, with its content type (voice uploads).</summary>
    public void SetBody(WxFile? file) => Body = file ?? throw new ArgumentNullException(nameof(file), "The request body file is required.");

    /// <summary>Adds a file part.</summary>
    public void AddFile(string name, WxFile? file)
    {
        if (file is not null)
        {
            _parts.Add((name, null, file));
        }
    }

    /// <summary>Adds a text part.</summary>
    public void Add(string name, string? value)
    {
        if (value is not null)
        {
            _parts.Add((name, value, null));
        }
    }

    /// <summary>Adds a number part.</summary>
    public void Add(string name, long? value) => Add(name, value?.ToString(CultureInfo.InvariantCulture));

    /// <summary>Adds a number part.</summary>
    public void Add(string name, double? value) => Add(name, value?.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>Adds a boolean part as <c>true</c>/<c>false</c>.</summary>
    public void Add(string name, bool? value) => Add(name, value is null ? null : value.Value ? "true" : "false");
}
