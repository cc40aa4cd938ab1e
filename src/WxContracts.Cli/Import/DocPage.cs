using System;
using System.Collections.Generic;
using System.Linq;

namespace WxContracts.Cli.Import;

/// <summary>A doc page cut into headed sections. Line numbers are 1-based, as an editor shows them.</summary>
internal sealed class DocPage
{
    private DocPage(string? title, int titleLine, List<PageLine> preamble, List<DocSection> sections)
    {
        Title = title;
        TitleLine = titleLine;
        Preamble = preamble;
        Sections = sections;
    }

    /// <summary>The first "# " heading.</summary>
    public string? Title { get; }

    public int TitleLine { get; }

    /// <summary>The lines between the title and the first section.</summary>
    public List<PageLine> Preamble { get; }

    public List<DocSection> Sections { get; }

    public static DocPage Parse(string text)
    {
        var lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        string? title = null;
        var titleLine = 0;
        var preamble = new List<PageLine>();
        var sections = new List<DocSection>();
        DocSection? current = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = new PageLine(i + 1, lines[i].TrimEnd());
            if (line.Text.StartsWith("# ", StringComparison.Ordinal))
            {
                var heading = line.Text.Substring(2).Trim();
                if (title is null)
                {
                    title = heading;
                    titleLine = line.Number;
                    continue;
                }

                current = new DocSection(heading, line.Number);
                sections.Add(current);
                continue;
            }

            if (title is null && line.Text.Length == 0)
            {
                continue;
            }

            (current?.Lines ?? preamble).Add(line);
        }

        return new DocPage(title, titleLine, preamble, sections);
    }

    public DocSection? Find(Func<string, bool> heading) => Sections.FirstOrDefault(s => heading(s.Heading));

    public DocSection? FindStarting(string prefix) =>
        Find(h => h.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
}

internal sealed record PageLine(int Number, string Text);

internal sealed class DocSection
{
    public DocSection(string heading, int line)
    {
        Heading = heading;
        Line = line;
    }

    public string Heading { get; }

    public int Line { get; }

    public List<PageLine> Lines { get; } = new();

    /// <summary>Lines that are neither table rows nor blank.</summary>
    public IEnumerable<PageLine> TextLines => Lines.Where(l => l.Text.Length > 0 && !l.Text.Contains('|'));

    /// <summary>The first pipe table of the section, if any.</summary>
    public PipeTable? Table(List<ImportProblem> problems)
    {
        var start = Lines.FindIndex(l => l.Text.Contains('|'));
        if (start < 0)
        {
            return null;
        }

        var header = PipeTable.Cells(Lines[start].Text);
        var rows = new List<(int, string[])>();
        var i = start + 1;
        if (i < Lines.Count && PipeTable.IsSeparator(Lines[i].Text))
        {
            i++;
        }
        else
        {
            problems.Add(new ImportProblem(Lines[start].Number + 1, $"expected the separator row '---|---|' under the table header in section '{Heading}'"));
        }

        for (; i < Lines.Count && Lines[i].Text.Contains('|'); i++)
        {
            var cells = PipeTable.Cells(Lines[i].Text);
            if (cells.Length != header.Length)
            {
                problems.Add(new ImportProblem(Lines[i].Number, $"table row has {cells.Length} cell(s), the header has {header.Length}; expected one cell per column ({string.Join(" | ", header)})"));
                if (cells.Length < header.Length)
                {
                    cells = cells.Concat(Enumerable.Repeat(string.Empty, header.Length - cells.Length)).ToArray();
                }
            }

            rows.Add((Lines[i].Number, cells));
        }

        return new PipeTable(Lines[start].Number, header, rows);
    }
}

/// <summary>A Markdown pipe table: header cells and rows with their page lines.</summary>
internal sealed class PipeTable
{
    public PipeTable(int line, string[] header, List<(int Line, string[] Cells)> rows)
    {
        Line = line;
        Header = header;
        Rows = rows;
    }

    public int Line { get; }

    public string[] Header { get; }

    public List<(int Line, string[] Cells)> Rows { get; }

    /// <summary>Index of the first column whose header is one of <paramref name="names"/> (case-insensitive), or -1.</summary>
    public int Column(params string[] names) =>
        Array.FindIndex(Header, h => names.Any(n => string.Equals(h, n, StringComparison.OrdinalIgnoreCase)));

    public static string[] Cells(string line)
    {
        var t = line.Trim();
        if (t.StartsWith("|", StringComparison.Ordinal))
        {
            t = t.Substring(1);
        }

        if (t.EndsWith("|", StringComparison.Ordinal))
        {
            t = t.Substring(0, t.Length - 1);
        }

        return t.Split('|').Select(c => c.Trim()).ToArray();
    }

    public static bool IsSeparator(string line) =>
        Cells(line).All(c => c.Length > 0 && c.All(ch => ch is '-' or ':' or ' '));
}
