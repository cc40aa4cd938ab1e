// Each statement below draws one WXC1xxx warning when this project is built (see docs/analyzers.md).
using System;
using System.Net.Http;
using System.Threading.Tasks;
using WxContracts;
using WxContracts.Api;

internal static class Program
{
    private static async Task Main()
    {
        using var http = new HttpClient();

        // WXC1003: a hard-coded access token.
        var client = new WxApiClient(new WxHttpTransport(http, new StaticAccessTokenProvider("8_hard-coded-token")));

        try
        {
            // WXC1001: comment replies need a certified account; the project says it is not certified.
            // WXC1004: the docs reject empty reply content (88007).
            await client.Comment.ReplyAsync(new ReplyCommentRequest { MsgDataId = 2247483664, UserCommentId = 1, Content = "" });
        }
        catch (WxApiException ex) when (ex.ErrorCode == 88005) // WXC1002: use ReplyCommentError.AlreadyReply
        {
            Console.WriteLine("Already replied.");
        }

        // WXC1006: the generated client already covers this endpoint.
        var raw = await http.GetStringAsync("https://api.weixin.qq.com/cgi-bin/get_current_autoreply_info?access_token=" + Environment.GetEnvironmentVariable("WX_TOKEN"));
        Console.WriteLine(raw.Length);
    }
}
