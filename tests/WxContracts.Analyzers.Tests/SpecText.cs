namespace WxContracts.Analyzers.Tests;

/// <summary>In-test specs for what the repository's specs do not cover.</summary>
internal static class SpecText
{
    /// <summary>
    /// Comment list, shortened from the doc notes: "count" over 50 is rejected (88010 "count range error. cout &lt;= 0
    /// or count &gt; 50"). Named Sample* so that it does not clash with the real specs/comment/listcomment.yaml.
    /// </summary>
    public const string ListComment = """
        name: SampleListComment
        interface: listComment
        title: View comment data for a specified article
        group: Sample
        operation: List
        call:
          method: POST
          url: https://api.weixin.qq.com/cgi-bin/comment/list
          idempotent: true
        request:
          - name: msg_data_id
            type: number
            format: int64
            required: true
          - name: begin
            type: number
            required: true
            minimum: 0
          - name: count
            type: number
            required: true
            minimum: 1
            maximum: 50
          - name: type
            type: number
            required: true
        response:
          - name: total
            type: number
        errors:
          - code: 88010
            errmsg: count range error. cout <= 0 or count > 50
            name: CountRangeError
        scope:
          official_account: certified_only
          service_account: certified_only
        """;
}
