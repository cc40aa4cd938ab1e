using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace WxContracts.MockServer.Pipeline;

/// <summary>A file part of a multipart/form-data request, as it arrived.</summary>
internal sealed record MockFile(string Name, string FileName, string ContentType, byte[] Content);

/// <summary>
/// A multipart/form-data body, read with ASP.NET Core's <see cref="MultipartReader"/>: text parts by name and file
/// parts (those with a file name) by name. The first part of a name wins, as WeChat reads one value per name.
/// </summary>
internal sealed class MockForm
{
    private MockForm(Dictionary<string, string> fields, Dictionary<string, MockFile> files)
    {
        Fields = fields;
        Files = files;
    }

    public IReadOnlyDictionary<string, string> Fields { get; }

    public IReadOnlyDictionary<string, MockFile> Files { get; }

    /// <summary>A <c>body: binary</c> request: the whole body is the one file field's bytes (voice uploads).</summary>
    public static (MockForm? Form, string? Problem) FromRawBody(string fieldName, string? contentType, byte[]? body)
    {
        if (body is null || body.Length == 0)
        {
            return (null, "the request body (the file's bytes) is empty");
        }

        var files = new Dictionary<string, MockFile>(StringComparer.Ordinal)
        {
            [fieldName] = new MockFile(fieldName, fieldName, contentType ?? "application/octet-stream", body),
        };
        return (new MockForm(new Dictionary<string, string>(StringComparer.Ordinal), files), null);
    }

    /// <summary>Reads a body whose content type is <c>multipart/form-data; boundary=…</c>; null and a reason when it is not one.</summary>
    public static async Task<(MockForm? Form, string? Problem)> ReadAsync(string? contentType, byte[]? body)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return (null, "the body must be multipart/form-data, not " + (string.IsNullOrEmpty(contentType) ? "nothing" : contentType));
        }

        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            return (null, "the multipart/form-data content type has no boundary");
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var files = new Dictionary<string, MockFile>(StringComparer.Ordinal);
        if (body is null || body.Length == 0)
        {
            return (new MockForm(fields, files), null);
        }

        try
        {
            var reader = new MultipartReader(boundary, new MemoryStream(body, writable: false));
            for (var section = await reader.ReadNextSectionAsync().ConfigureAwait(false); section is not null; section = await reader.ReadNextSectionAsync().ConfigureAwait(false))
            {
                // IsFormDisposition() means "a text field", so the disposition type is compared instead.
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? string.Empty;
                using var content = new MemoryStream();
                await section.Body.CopyToAsync(content).ConfigureAwait(false);
                if (disposition.IsFileDisposition())
                {
                    var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? string.Empty;
                    files.TryAdd(name, new MockFile(name, fileName, section.ContentType ?? "application/octet-stream", content.ToArray()));
                }
                else
                {
                    fields.TryAdd(name, Encoding.UTF8.GetString(content.ToArray()));
                }
            }
        }
        catch (IOException ex)
        {
            return (null, "the multipart body is malformed: " + ex.Message);
        }
        catch (InvalidDataException ex)
        {
            return (null, "the multipart body is malformed: " + ex.Message);
        }

        return (new MockForm(fields, files), null);
    }

    /// <summary>What the journal keeps: part names, text values (secrets masked) and file sizes, never file bytes.</summary>
    public string Describe()
    {
        var parts = Fields.Select(f => $"{f.Key}={(Redaction.IsSecretName(f.Key) ? Redaction.Mask : f.Value)}")
            .Concat(Files.Values.Select(f => $"{f.Name}=<file {f.FileName}, {f.ContentType}, {f.Content.Length} bytes>"));
        return "multipart: " + string.Join("; ", parts);
    }
}
