using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using NJ = Newtonsoft.Json;

namespace WxContracts.Benchmarks.Json;

// Hand-written twins of the generated types, as a careful developer would write them without the generator: the
// same wire names, the same member types (64-bit ids as long, the 0/1 switches as int?, enumeration values as
// strings, nested lists), unknown members kept ([JsonExtensionData]), required members enforced, numeric strings
// accepted where the spec says so, errcode left out when 0. The System.Text.Json attributes serve (b) and (c), the Newtonsoft ones (d).

/// <summary>Twin of GetCurrentAutoReplyInfoResponse.</summary>
public sealed class TwinAutoReplyResponse
{
    [JsonPropertyName("errcode"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault), NJ.JsonProperty("errcode", DefaultValueHandling = NJ.DefaultValueHandling.Ignore)]
    public int ErrCode { get; set; }

    [JsonPropertyName("errmsg"), NJ.JsonProperty("errmsg")]
    public string? ErrMsg { get; set; }

    [JsonPropertyName("is_add_friend_reply_open"), NJ.JsonProperty("is_add_friend_reply_open")]
    public int? IsAddFriendReplyOpen { get; set; }

    [JsonPropertyName("is_autoreply_open"), NJ.JsonProperty("is_autoreply_open")]
    public int? IsAutoreplyOpen { get; set; }

    [JsonPropertyName("add_friend_autoreply_info"), NJ.JsonProperty("add_friend_autoreply_info")]
    public TwinTypedContent? AddFriendAutoreplyInfo { get; set; }

    [JsonPropertyName("message_default_autoreply_info"), NJ.JsonProperty("message_default_autoreply_info")]
    public TwinTypedContent? MessageDefaultAutoreplyInfo { get; set; }

    [JsonPropertyName("keyword_autoreply_info"), NJ.JsonProperty("keyword_autoreply_info")]
    public TwinKeywordReplyInfo? KeywordAutoreplyInfo { get; set; }

    [JsonExtensionData, NJ.JsonIgnore]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>Twin of AddFriendReply / MessageDefaultReply (type + content).</summary>
public sealed class TwinTypedContent
{
    [JsonPropertyName("type"), NJ.JsonProperty("type")]
    public string? Type { get; set; }

    [JsonPropertyName("content"), NJ.JsonProperty("content")]
    public string? Content { get; set; }

    [JsonExtensionData, NJ.JsonIgnore]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>Twin of KeywordReplyInfo.</summary>
public sealed class TwinKeywordReplyInfo
{
    [JsonPropertyName("list"), NJ.JsonProperty("list")]
    public List<TwinKeywordRule>? List { get; set; }

    [JsonExtensionData, NJ.JsonIgnore]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>Twin of KeywordRule.</summary>
public sealed class TwinKeywordRule
{
    [JsonPropertyName("rule_name"), NJ.JsonProperty("rule_name")]
    public string? RuleName { get; set; }

    [JsonPropertyName("create_time"), NJ.JsonProperty("create_time")]
    public long? CreateTime { get; set; }

    [JsonPropertyName("reply_mode"), NJ.JsonProperty("reply_mode")]
    public string? ReplyMode { get; set; }

    [JsonPropertyName("keyword_list_info"), NJ.JsonProperty("keyword_list_info")]
    public List<TwinKeyword>? KeywordListInfo { get; set; }

    [JsonPropertyName("reply_list_info"), NJ.JsonProperty("reply_list_info")]
    public List<TwinReply>? ReplyListInfo { get; set; }

    [JsonExtensionData, NJ.JsonIgnore]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>Twin of Keyword.</summary>
public sealed class TwinKeyword
{
    [JsonPropertyName("type"), NJ.JsonProperty("type")]
    public string? Type { get; set; }

    [JsonPropertyName("content"), NJ.JsonProperty("content")]
    public string? Content { get; set; }

    [JsonPropertyName("match_mode"), NJ.JsonProperty("match_mode")]
    public string? MatchMode { get; set; }

    [JsonExtensionData, NJ.JsonIgnore]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>Twin of Reply.</summary>
public sealed class TwinReply
{
    [JsonPropertyName("type"), NJ.JsonProperty("type")]
    public string? Type { get; set; }

    [JsonPropertyName("content"), NJ.JsonProperty("content")]
    public string? Content { get; set; }

    [JsonPropertyName("news_info"), NJ.JsonProperty("news_info")]
    public TwinNews? NewsInfo { get; set; }

    [JsonExtensionData, NJ.JsonIgnore]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>Twin of News.</summary>
public sealed class TwinNews
{
    [JsonPropertyName("list"), NJ.JsonProperty("list")]
    public List<TwinNewsArticle>? List { get; set; }

    [JsonExtensionData, NJ.JsonIgnore]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>Twin of NewsArticle.</summary>
public sealed class TwinNewsArticle
{
    [JsonPropertyName("title"), NJ.JsonProperty("title")]
    public string? Title { get; set; }

    [JsonPropertyName("digest"), NJ.JsonProperty("digest")]
    public string? Digest { get; set; }

    [JsonPropertyName("author"), NJ.JsonProperty("author")]
    public string? Author { get; set; }

    [JsonPropertyName("show_cover"), NJ.JsonProperty("show_cover")]
    public int? ShowCover { get; set; }

    [JsonPropertyName("cover_url"), NJ.JsonProperty("cover_url")]
    public string? CoverUrl { get; set; }

    [JsonPropertyName("content_url"), NJ.JsonProperty("content_url")]
    public string? ContentUrl { get; set; }

    [JsonPropertyName("source_url"), NJ.JsonProperty("source_url")]
    public string? SourceUrl { get; set; }

    [JsonExtensionData, NJ.JsonIgnore]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>Twin of ReplyCommentRequest: the two ids are 64-bit and may arrive as strings; three members are required.</summary>
public sealed class TwinReplyCommentRequest
{
    [JsonPropertyName("msg_data_id"), JsonNumberHandling(JsonNumberHandling.AllowReadingFromString), NJ.JsonProperty("msg_data_id", Required = NJ.Required.Always)]
    public required long MsgDataId { get; set; }

    [JsonPropertyName("index"), NJ.JsonProperty("index")]
    public int? Index { get; set; }

    [JsonPropertyName("user_comment_id"), JsonNumberHandling(JsonNumberHandling.AllowReadingFromString), NJ.JsonProperty("user_comment_id", Required = NJ.Required.Always)]
    public required long UserCommentId { get; set; }

    [JsonPropertyName("content"), NJ.JsonProperty("content", Required = NJ.Required.Always)]
    public required string Content { get; set; }

    [JsonExtensionData, NJ.JsonIgnore]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>Twin of ReplyCommentResponse.</summary>
public sealed class TwinReplyCommentResponse
{
    [JsonPropertyName("errcode"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault), NJ.JsonProperty("errcode", DefaultValueHandling = NJ.DefaultValueHandling.Ignore)]
    public int ErrCode { get; set; }

    [JsonPropertyName("errmsg"), NJ.JsonProperty("errmsg")]
    public string? ErrMsg { get; set; }

    [JsonExtensionData, NJ.JsonIgnore]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>(b): System.Text.Json's own source generator over the twins. Null members are not written, as the
/// generated converters do; the encoder is set where the context is created (see <see cref="JsonSetups"/>).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TwinAutoReplyResponse))]
[JsonSerializable(typeof(TwinReplyCommentRequest))]
[JsonSerializable(typeof(TwinReplyCommentResponse))]
public sealed partial class TwinJsonContext : JsonSerializerContext
{
}
