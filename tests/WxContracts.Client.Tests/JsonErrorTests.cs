using System;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using WxContracts.Api;
using Xunit;

namespace WxContracts.Client.Tests;

/// <summary>
/// Every read failure of a generated converter points at the spot: the JSON path of the failing value, the wire field,
/// what was expected and found, and the zero-based line and byte position (as System.Text.Json's own converters do).
/// </summary>
public class JsonErrorTests
{
    public static TheoryData<string, string, string, int, int, string> Broken() => new()
    {
        {
            // An object where a number belongs.
            "ListComment",
            """
            {
              "errcode": 0,
              "total": {"n": 1},
              "comment": []
            }
            """,
            "$.total", 2, 11,
            "'total' at $.total: expected a 32-bit integer (as a number or a numeric string), found an object."
        },
        {
            // Deep inside: the third keyword rule's first reply has an array as its type.
            "GetCurrentAutoReplyInfo",
            """
            {
              "is_add_friend_reply_open": 1,
              "keyword_autoreply_info": {
                "list": [
                  {"rule_name": "a", "reply_list_info": []},
                  {"rule_name": "b", "reply_list_info": []},
                  {"rule_name": "c", "reply_list_info": [
                    {"type": ["text"], "content": "hi"}
                  ]}
                ]
              }
            }
            """,
            "$.keyword_autoreply_info.list[2].reply_list_info[0].type", 7, 17,
            "'type' at $.keyword_autoreply_info.list[2].reply_list_info[0].type: expected a string, found an array."
        },
        {
            // A number beyond the field's width: the message gives the range.
            "GetFans",
            """{"total": 1, "count": 99999999999, "next_openid": ""}""",
            "$.count", 0, 22,
            "'count' at $.count: expected a 32-bit integer (-2147483648 to 2147483647), found the number 99999999999."
        },
        {
            // An object where a list belongs.
            "ListComment",
            """{"total": 1, "comment": {"user_comment_id": 1}}""",
            "$.comment", 0, 24,
            "'comment' at $.comment: expected an array, found an object."
        },
        {
            // A list item that is not an object.
            "ListComment",
            """
            {"total": 2, "comment": [
              {"user_comment_id": 1},
              "oops"
            ]}
            """,
            "$.comment[1]", 2, 2,
            "$.comment[1]: expected an object, found a string."
        },
        {
            // A required field absent: the path is the object that lacks it, the position its end.
            "ReplyCommentRequest",
            """
            {
              "msg_data_id": 2247483664,
              "user_comment_id": 1
            }
            """,
            "$", 3, 0,
            "$: the required field 'content' is missing."
        },
        {
            // A numeric string that is not a number.
            "ReplyCommentRequest",
            """{"msg_data_id": "22474836x4", "user_comment_id": 1, "content": "x"}""",
            "$.msg_data_id", 0, 16,
            "'msg_data_id' at $.msg_data_id: expected a 64-bit integer (-9223372036854775808 to 9223372036854775807) as a number or a numeric string, found the string \"22474836x4\"."
        },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void A_broken_value_is_reported_at_its_path_line_and_byte(string type, string json, string path, int line, int bytePosition, string message)
    {
        var ex = Assert.Throws<JsonException>(() => Deserialize(type, json));

        Assert.Equal(path, ex.Path);
        Assert.Equal(line, ex.LineNumber);
        Assert.Equal(bytePosition, ex.BytePositionInLine);
        Assert.StartsWith(message, ex.Message, StringComparison.Ordinal);
        Assert.EndsWith($"Path: {path} | LineNumber: {line} | BytePositionInLine: {bytePosition}.", ex.Message, StringComparison.Ordinal);

        // Wire names only: no generated type name leaks into the message.
        Assert.DoesNotContain("Response", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Request", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Item", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_json_keeps_the_readers_own_position()
    {
        var ex = Assert.Throws<JsonException>(() => Deserialize("GetFans", "{\"total\": 1,\n \"count\": }"));
        Assert.Equal(1, ex.LineNumber);
        Assert.NotNull(ex.Path);
    }

    private static object? Deserialize(string type, string json)
    {
        var context = WxApiJsonContext.Default;
        JsonTypeInfo info = type switch
        {
            "ListComment" => context.ListCommentResponse,
            "GetCurrentAutoReplyInfo" => context.GetCurrentAutoReplyInfoResponse,
            "GetFans" => context.GetFansResponse,
            "ReplyCommentRequest" => context.ReplyCommentRequest,
            _ => throw new ArgumentOutOfRangeException(nameof(type)),
        };
        return JsonSerializer.Deserialize(json, info);
    }
}
