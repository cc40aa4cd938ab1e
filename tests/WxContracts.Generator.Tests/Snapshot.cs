using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using Xunit.Sdk;

namespace WxContracts.Generator.Tests;

/// <summary>
/// Compares text with a committed <c>Snapshots/NAME.verified.cs</c>. On a mismatch it writes
/// <c>NAME.received.cs</c> beside it and fails with a line diff. Set <c>WXC_ACCEPT_SNAPSHOTS=1</c> to accept the
/// new output (the verified file is overwritten).
/// </summary>
internal static class Snapshot
{
    public const string AcceptVariable = "WXC_ACCEPT_SNAPSHOTS";

    public static void Match(string actual, string name, [CallerFilePath] string callerFile = "") =>
        MatchIn(Path.Combine(Path.GetDirectoryName(callerFile)!, "Snapshots"), actual, name);

    public static void MatchIn(string dir, string actual, string name)
    {
        Directory.CreateDirectory(dir);
        var verified = Path.Combine(dir, name + ".verified.cs");
        var received = Path.Combine(dir, name + ".received.cs");
        actual = Normalize(actual);

        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            File.WriteAllText(verified, actual, new UTF8Encoding(false));
            File.Delete(received);
            return;
        }

        if (!File.Exists(verified))
        {
            File.WriteAllText(received, actual, new UTF8Encoding(false));
            throw new XunitException($"No snapshot {verified}. The output was written to {received}; review it and run with {AcceptVariable}=1 to accept.");
        }

        var expected = Normalize(File.ReadAllText(verified));
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, actual, new UTF8Encoding(false));
        throw new XunitException($"Snapshot {name} differs (- verified, + received; received written to {received}; accept with {AcceptVariable}=1):\n{Diff(expected, actual)}");
    }

    public static string Diff(string expected, string actual)
    {
        var model = new InlineDiffBuilder(new DiffPlex.Differ()).BuildDiffModel(expected, actual, ignoreWhitespace: false);
        var sb = new StringBuilder();
        var lines = model.Lines;
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Type == ChangeType.Unchanged)
            {
                // Show two lines of context around each change.
                var near = Enumerable.Range(Math.Max(0, i - 2), Math.Min(lines.Count, i + 3) - Math.Max(0, i - 2))
                    .Any(j => lines[j].Type != ChangeType.Unchanged);
                if (!near)
                {
                    continue;
                }
            }

            var prefix = lines[i].Type switch
            {
                ChangeType.Inserted => "+ ",
                ChangeType.Deleted => "- ",
                _ => "  ",
            };
            sb.Append(prefix).AppendLine(lines[i].Text);
            if (sb.Length > 8000)
            {
                sb.AppendLine("… (diff truncated)");
                break;
            }
        }

        return sb.ToString();
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n");
}
