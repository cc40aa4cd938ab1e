using System;
using System.Collections.Generic;

namespace WxContracts.MockServer;

/// <summary>A comment the comment endpoints can address: article, article index and the user's comment.</summary>
/// <param name="MsgDataId">The msg_data_id of the mass send.</param>
/// <param name="Index">The article within the mass send (0 for the first).</param>
/// <param name="UserCommentId">The user's comment.</param>
public readonly record struct WxMockComment(long MsgDataId, int Index, long UserCommentId);

/// <summary>Settings of <see cref="WxMockServer"/>. Every setting has a default that works.</summary>
public sealed class WxMockOptions
{
    /// <summary>The AppID the token endpoints accept (others get 40013).</summary>
    public string AppId { get; set; } = "wxmock0000000000";

    /// <summary>The AppSecret the token endpoints accept (others get 40125). Never written to the journal or logs.</summary>
    public string AppSecret { get; set; } = "mock-app-secret";

    /// <summary>The port on 127.0.0.1; 0 (the default) picks a free port.</summary>
    public int Port { get; set; }

    /// <summary>
    /// A folder of specs (<c>**/*.yaml</c>) to serve instead of the specs built into the assembly. The global
    /// error table comes from the folder when it has one, from the built-in specs otherwise.
    /// </summary>
    public string? SpecsDirectory { get; set; }

    /// <summary>How long an issued access token is valid (WeChat: 7200 s).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromSeconds(7200);

    /// <summary>The clock of token expiry and daily quotas. Tests pass a clock they can advance.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Calls a day each endpoint accepts before it answers 45009 (days start at 00:00 Beijing time).</summary>
    public int DailyQuota { get; set; } = 1000;

    /// <summary>Per-path overrides of <see cref="DailyQuota"/>, e.g. <c>["/cgi-bin/comment/reply/add"] = 5</c>.</summary>
    public IDictionary<string, int> DailyQuotaByPath { get; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>
    /// Which comments exist for the comment endpoints (others get 88008). Default: user_comment_id 1 to 100
    /// under any msg_data_id and index.
    /// </summary>
    public Func<WxMockComment, bool> CommentExists { get; set; } = static c => c.UserCommentId is >= 1 and <= 100;

    /// <summary>
    /// Whether endpoints with a sequence keep state (menu, tags, drafts and publishing, media uploads, template
    /// sends, comment replies; see docs/mock-server.md). Off, every endpoint but the token endpoints answers its
    /// spec's response example after validation, e.g. to call every spec once with its own examples. On by default.
    /// </summary>
    public bool Stateful { get; set; } = true;

    /// <summary>
    /// How long a free-publish job stays "publishing" (publish_status 1) on <see cref="TimeProvider"/>. Null (the
    /// default): the first freepublish/get of a job sees it publishing, the next ones see it published (0).
    /// </summary>
    public TimeSpan? PublishTime { get; set; }

    /// <summary>Seed of the random numbers that decide whether a fault with a rate below 1 fires.</summary>
    public int FaultSeed { get; set; } = 4242;

    /// <summary>Lets the admin routes (<c>/__mock/*</c>) answer callers that are not on loopback. Off by default.</summary>
    public bool AllowRemoteAdmin { get; set; }

    /// <summary>How many requests the journal keeps; older ones are dropped first.</summary>
    public int JournalCapacity { get; set; } = 100_000;

    /// <summary>Called after every API request with its (redacted) journal entry, e.g. to print it.</summary>
    public Action<WxMockJournalEntry>? OnRequest { get; set; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"WxMockOptions(AppId: {AppId}, AppSecret: ***, Port: {Port}, Specs: {SpecsDirectory ?? "built in"}, TokenLifetime: {TokenLifetime}, DailyQuota: {DailyQuota})";
}
