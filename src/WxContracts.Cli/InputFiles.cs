using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace WxContracts.Cli;

/// <summary>Reads the text files the commands are given, turning every way that can fail into a message.</summary>
internal static class InputFiles
{
    /// <summary>Largest file read (the parser refuses specs over 1 MiB anyway; doc pages are a few KiB).</summary>
    public const int MaxBytes = 4 * 1024 * 1024;

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads a UTF-8 text file; null and a message when it is missing, a directory, too big or binary.</summary>
    public static string? ReadText(string path, out string? problem)
    {
        problem = null;
        if (Directory.Exists(path))
        {
            problem = $"'{path}' is a directory, not a file";
            return null;
        }

        if (!File.Exists(path))
        {
            problem = $"file '{path}' does not exist";
            return null;
        }

        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (info.Length > MaxBytes)
            {
                problem = $"'{path}' is {info.Length:N0} bytes; files over {MaxBytes:N0} bytes are not read";
                return null;
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = $"'{path}' could not be read: {ex.Message}";
            return null;
        }

        string text;
        try
        {
            text = s_strictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            problem = $"'{path}' is not a UTF-8 text file (binary content?)";
            return null;
        }

        if (text.IndexOf('\0') >= 0)
        {
            problem = $"'{path}' contains NUL characters: a binary file, not text";
            return null;
        }

        return text.Length > 0 && text[0] == '\uFEFF' ? text.Substring(1) : text;
    }

    /// <summary>The spec files under the given files and directories (*.yaml, *.yml, recursively), in path order.</summary>
    public static List<string> SpecFiles(IEnumerable<string> paths, List<string> problems)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*.*", SearchOption.AllDirectories)
                    .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
                    .OrderBy(f => f, StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                problems.Add($"'{path}' does not exist");
            }
        }

        return files.Distinct(StringComparer.Ordinal).ToList();
    }
}
