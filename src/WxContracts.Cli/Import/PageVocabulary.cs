using System;
using System.Linq;
using System.Text.RegularExpressions;

namespace WxContracts.Cli.Import;

/// <summary>
/// The words of an official API doc page, in English and in Chinese: section headings, table headers, the
/// Required column's yes/no, scope marks and the phrases of the call sections. The page layout is the same in
/// both languages; only these words differ.
/// </summary>
internal static class PageVocabulary
{
    /// <summary>Section heading prefixes by kind, after any "N. " numbering is removed (case-insensitive).</summary>
    private static readonly (string Kind, string[] Prefixes)[] s_sections =
    {
        ("heading", new[] { "how to call", "调用方式", "request param", "请求参数", "return param", "返回参数" }),
        ("https", new[] { "https call", "https 调用", "https调用" }),
        ("cloud", new[] { "cloud call", "云调用" }),
        ("third", new[] { "third party", "third-party", "第三方调用" }),
        ("query", new[] { "query param", "查询参数" }),
        ("body", new[] { "request body", "request payload", "请求体" }),
        ("response", new[] { "response payload", "返回体", "响应体" }),
        ("note", new[] { "note", "注意事项" }),
        ("examples", new[] { "code example", "代码示例" }),
        ("errors", new[] { "error code", "错误码" }),
        ("scope", new[] { "scope of application", "scope", "适用范围" }),
    };

    private static readonly Regex s_numbering = new(@"^\d+\s*[.、．]\s*");

    /// <summary>The kind of a section heading, or null when it is not one of the page's sections.</summary>
    public static string? SectionKind(string heading)
    {
        var h = s_numbering.Replace(heading.Trim(), string.Empty).ToLowerInvariant();
        foreach (var (kind, prefixes) in s_sections)
        {
            if (prefixes.Any(p => h.StartsWith(p, StringComparison.Ordinal)))
            {
                return kind;
            }
        }

        return null;
    }

    // Table headers.
    public static readonly string[] NameColumn = { "Parameter Name", "name", "参数名", "属性", "参数", "字段" };
    public static readonly string[] TypeColumn = { "type", "类型" };
    public static readonly string[] RequiredColumn = { "Required to fill in", "Required", "必填", "是否必填" };
    public static readonly string[] DescriptionColumn = { "Introductions", "description", "说明", "描述" };
    public static readonly string[] ExampleColumn = { "Example", "示例" };
    public static readonly string[] EnumColumn = { "to enumerate", "enum", "枚举" };
    public static readonly string[] ErrorCodeColumn = { "Error code", "errcode", "错误码" };
    public static readonly string[] ErrorMessageColumn = { "Error Description", "errmsg", "错误描述" };
    public static readonly string[] SolutionColumn = { "Solutions", "solution", "解决方案" };
    public static readonly string[] OfficialAccountColumn = { "Official Account", "公众号" };
    public static readonly string[] ServiceAccountColumn = { "Service Account", "服务号" };

    /// <summary>The Required column: true for yes, false for no, null for anything else.</summary>
    public static bool? Required(string cell)
    {
        var c = Mark(cell);
        if (c is "yes" or "是" or "true" or "required" or "y" or "必填" or "✔" or "✓" or "√" or "✅" or "☑")
        {
            return true;
        }

        if (c is "no" or "否" or "false" or "" or "-" or "n" or "optional" or "非必填" or "选填" or "✘" or "✗" or "×" or "❌")
        {
            return false;
        }

        return null;
    }

    /// <summary>A scope cell: "allowed", "certified_only", "not_allowed", or null for a mark it does not know.</summary>
    public static string? Scope(string cell)
    {
        var c = Mark(cell);
        if (c is "✔" or "✓" or "√" or "✅" or "☑" or "yes" or "是" or "支持")
        {
            return "allowed";
        }

        if (c.StartsWith("certification only", StringComparison.Ordinal) || c.StartsWith("authentication only", StringComparison.Ordinal)
            || c.StartsWith("certified only", StringComparison.Ordinal) || c.StartsWith("仅认证", StringComparison.Ordinal) || c.StartsWith("仅已认证", StringComparison.Ordinal))
        {
            return "certified_only";
        }

        if (c is "" or "-" or "✘" or "✗" or "×" or "❌" or "no" or "否" or "不支持")
        {
            return "not_allowed";
        }

        return null;
    }

    /// <summary>Trimmed, lower-case, without the emoji variation selector (✔️ is ✔ + U+FE0F).</summary>
    private static string Mark(string cell) => cell.Replace("\uFE0F", string.Empty).Trim().ToLowerInvariant();

    /// <summary>The preamble line saying the interface must be called from a server.</summary>
    public static bool IsServerSideLine(string line) =>
        line.StartsWith("Interface should be called on the server side", StringComparison.OrdinalIgnoreCase)
        || line.StartsWith("接口应在服务器端调用", StringComparison.Ordinal);

    public static readonly Regex InterfaceName = new(@"^(?:Interface (?:English )?name|接口英文名|接口名称)\s*[:：]\s*(\S+)", RegexOptions.IgnoreCase);

    public static readonly Regex PermissionSets = new(@"(?:permission[s]? set.*?(?:is|are)|权限集.*?为)\s*[:：]\s*([\d,，、\s]+)[。.]?$", RegexOptions.IgnoreCase);

    public static readonly char[] ListSeparators = { ',', '，', '、', ' ' };

    /// <summary>"does not support" in either language.</summary>
    public static bool SaysNotSupported(string line) =>
        line.IndexOf("not support", StringComparison.OrdinalIgnoreCase) >= 0 || line.Contains("不支持");

    /// <summary>The cloud call method after "Call method:" / "调用方法：", or null.</summary>
    public static string? CloudMethod(string line)
    {
        var m = Regex.Match(line, @"^(?:Call method|调用方法)\s*[:：]\s*(\S+)", RegexOptions.IgnoreCase);
        return m.Success ? m.Groups[1].Value.TrimEnd('。', '.') : null;
    }

    /// <summary>The request body section saying there is none.</summary>
    public static bool IsNothing(string line) => line.Trim().TrimEnd('。', '.').ToLowerInvariant() is "nothing" or "none" or "无" or "空";

    public static bool IsRequestExampleLabel(string line)
    {
        var t = line.Trim();
        return t.StartsWith("Example Request", StringComparison.OrdinalIgnoreCase) || t.StartsWith("Request example", StringComparison.OrdinalIgnoreCase) || t.StartsWith("请求示例", StringComparison.Ordinal);
    }

    public static bool IsResponseExampleLabel(string line)
    {
        var t = line.Trim();
        return t.StartsWith("Return an example", StringComparison.OrdinalIgnoreCase) || t.StartsWith("Response example", StringComparison.OrdinalIgnoreCase)
               || t.StartsWith("Example Response", StringComparison.OrdinalIgnoreCase) || t.StartsWith("返回示例", StringComparison.Ordinal) || t.StartsWith("响应示例", StringComparison.Ordinal);
    }
}
