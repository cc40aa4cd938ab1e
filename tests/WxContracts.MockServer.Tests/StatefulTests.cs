using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using WxContracts.Api;
using Xunit;

namespace WxContracts.MockServer.Tests;

/// <summary>The sequences the mock keeps state for, driven through the generated client.</summary>
public class StatefulTests
{
    [Fact]
    public async Task Menu_create_then_get_then_delete()
    {
        await using var mock = await Mock.StartAsync();
        using var http = new HttpClient();
        var client = Mock.Client(mock, http, mock.IssueAccessToken());

        var none = await Assert.ThrowsAnyAsync<WxApiException>(() => client.Menu.GetAsync());
        Assert.Equal(46003, none.ErrorCode);
        Assert.Equal(0, (await client.Menu.GetCurrentSelfMenuInfoAsync()).IsMenuOpen!.Value.Value);

        var request = JsonSerializer.Deserialize(EveryEndpointTests.Specs()["CreateCustomMenu"].Examples.Request!, WxApiJsonContext.Default.CreateCustomMenuRequest)!;
        await client.Menu.CreateAsync(request);

        var menu = await client.Menu.GetAsync();
        Assert.Equal(request.Button.Select(b => b.Name), menu.Menu!.Button!.Select(b => b.Name));
        Assert.Equal(request.Button[1].SubButton!.Select(b => b.Name), menu.Menu.Button![1].SubButton!.Select(b => b.Name));
        Assert.True(menu.Menu.Menuid > 0);
        var self = await client.Menu.GetCurrentSelfMenuInfoAsync();
        Assert.Equal(1, self.IsMenuOpen!.Value.Value);
        Assert.Equal(request.Button[1].SubButton!.Select(b => b.Name), self.SelfmenuInfo!.Button![1].SubButton!.List!.Select(b => b.Name));

        await client.Menu.DeleteAsync();
        Assert.Equal(46003, (await Assert.ThrowsAnyAsync<WxApiException>(() => client.Menu.GetAsync())).ErrorCode);
    }

    [Fact]
    public async Task A_menu_with_four_buttons_is_refused_with_40016_and_the_old_menu_stays()
    {
        await using var mock = await Mock.StartAsync();
        using var http = new HttpClient();
        var token = mock.IssueAccessToken();
        var one = await Mock.PostAsync(http, mock, "/cgi-bin/menu/create?access_token=" + token, """{"button":[{"type":"click","name":"A","key":"a"}]}""");
        Assert.Equal(0, one.ErrCode);
        var four = await Mock.PostAsync(http, mock, "/cgi-bin/menu/create?access_token=" + token, """{"button":[{"type":"click","name":"A","key":"a"},{"type":"click","name":"B","key":"b"},{"type":"click","name":"C","key":"c"},{"type":"click","name":"D","key":"d"}]}""");
        Assert.Equal(40016, four.ErrCode);
        var menu = await Mock.GetAsync(http, mock, "/cgi-bin/menu/get?access_token=" + token);
        Assert.Equal("A", menu.Json["menu"]!["button"]![0]!["name"]!.GetValue<string>());
        Assert.Single(menu.Json["menu"]!["button"]!.AsArray());
    }

    [Fact]
    public async Task Tags_create_then_batch_tag_users_then_tags_of_a_user_and_users_of_a_tag()
    {
        await using var mock = await Mock.StartAsync();
        using var http = new HttpClient();
        var client = Mock.Client(mock, http, mock.IssueAccessToken());
        const string Alice = "ocYxcuAEy30bX0NXmGn4ypqx3tI0";
        const string Bob = "ocYxcuBt0mRugKZ7tGAHPnUaOW7Y";

        var created = await client.Tag.CreateAsync(new CreateTagRequest { Tag = new CreateTagRequest.NewTag { Name = "广东" } });
        var id = created.Tag!.Id!.Value;
        Assert.Equal("广东", created.Tag.Name);
        Assert.Equal(45157, (await Assert.ThrowsAnyAsync<WxApiException>(() => client.Tag.CreateAsync(new CreateTagRequest { Tag = new CreateTagRequest.NewTag { Name = "广东" } }))).ErrorCode);

        await client.Tag.BatchTagAsync(new BatchTagUsersRequest { OpenidList = new List<string> { Alice, Bob }, Tagid = id });
        Assert.Contains(id, (await client.Tag.GetUserTagIdsAsync(new GetUserTagIdsRequest { Openid = Bob })).TagidList!);
        var fans = await client.User.GetTagFansAsync(new GetTagFansRequest { Tagid = id, NextOpenid = "" });
        Assert.Equal(2, fans.Count);
        Assert.Equal(new[] { Alice, Bob }, fans.Data!.Openid!);
        Assert.Equal(2, (await client.Tag.ListAsync()).Tags!.Single(t => t.Id == id).Count);

        var unknown = await Assert.ThrowsAnyAsync<WxApiException>(() => client.Tag.BatchTagAsync(new BatchTagUsersRequest { OpenidList = new List<string> { Alice }, Tagid = id + 1000 }));
        Assert.Equal(45159, unknown.ErrorCode);

        await client.Tag.DeleteAsync(new DeleteTagRequest { Tag = new DeleteTagRequest.TagToDelete { Id = id } });
        Assert.DoesNotContain(id, (await client.Tag.GetUserTagIdsAsync(new GetUserTagIdsRequest { Openid = Bob })).TagidList ?? Array.Empty<int>());
        Assert.Equal(45058, (await Assert.ThrowsAnyAsync<WxApiException>(() => client.Tag.DeleteAsync(new DeleteTagRequest { Tag = new DeleteTagRequest.TagToDelete { Id = 2 } }))).ErrorCode);
    }

    [Fact]
    public async Task Draft_add_then_free_publish_submit_then_status_moves_from_publishing_to_published()
    {
        var clock = new ManualClock();
        await using var mock = await Mock.StartAsync(o =>
        {
            o.TimeProvider = clock;
            o.PublishTime = TimeSpan.FromSeconds(30);
        });
        using var http = new HttpClient();
        var client = Mock.Client(mock, http, mock.IssueAccessToken());

        var add = JsonSerializer.Deserialize(EveryEndpointTests.Specs()["AddDraft"].Examples.Request!, WxApiJsonContext.Default.AddDraftRequest)!;
        var draft = await client.Draft.AddAsync(add);
        Assert.False(string.IsNullOrEmpty(draft.MediaId));
        Assert.Equal(add.Articles[0].Title, (await client.Draft.GetAsync(new GetDraftRequest { MediaId = draft.MediaId! })).NewsItem!.Single().Title);

        var submitted = await client.FreePublish.SubmitAsync(new SubmitFreePublishRequest { MediaId = draft.MediaId! });
        var status = await client.FreePublish.GetStatusAsync(new GetFreePublishStatusRequest { PublishId = submitted.PublishId!.Value });
        Assert.Equal(1, status.PublishStatus!.Value.Value);
        Assert.Null(status.ArticleId);

        clock.Advance(TimeSpan.FromSeconds(31));
        status = await client.FreePublish.GetStatusAsync(new GetFreePublishStatusRequest { PublishId = submitted.PublishId!.Value });
        Assert.Equal(0, status.PublishStatus!.Value.Value);
        Assert.False(string.IsNullOrEmpty(status.ArticleId));
        Assert.Equal(1, status.ArticleDetail!.Count);

        var unknown = await Assert.ThrowsAnyAsync<WxApiException>(() => client.FreePublish.SubmitAsync(new SubmitFreePublishRequest { MediaId = "no-such-draft" }));
        Assert.Equal(40007, unknown.ErrorCode);
    }

    [Fact]
    public async Task Without_a_publish_time_the_first_status_query_sees_publishing_and_the_next_published()
    {
        await using var mock = await Mock.StartAsync();
        using var http = new HttpClient();
        var client = Mock.Client(mock, http, mock.IssueAccessToken());
        var add = JsonSerializer.Deserialize(EveryEndpointTests.Specs()["AddDraft"].Examples.Request!, WxApiJsonContext.Default.AddDraftRequest)!;
        var draft = await client.Draft.AddAsync(add);
        var submitted = await client.FreePublish.SubmitAsync(new SubmitFreePublishRequest { MediaId = draft.MediaId! });
        var query = new GetFreePublishStatusRequest { PublishId = submitted.PublishId!.Value };
        Assert.Equal(1, (await client.FreePublish.GetStatusAsync(query)).PublishStatus!.Value.Value);
        Assert.Equal(0, (await client.FreePublish.GetStatusAsync(query)).PublishStatus!.Value.Value);
    }

    [Fact]
    public async Task Media_upload_keeps_the_bytes_under_the_returned_media_id()
    {
        await using var mock = await Mock.StartAsync();
        using var http = new HttpClient();
        var client = Mock.Client(mock, http, mock.IssueAccessToken());
        var bytes = Enumerable.Range(0, 70_000).Select(i => (byte)(i * 7)).ToArray();

        var uploaded = await client.Media.UploadTempAsync(new UploadTempMediaRequest { Type = MediaType.Image, Media = new WxFile("cat.jpg", "image/jpeg", bytes) });

        var media = mock.FindMedia(uploaded.MediaId!);
        Assert.NotNull(media);
        Assert.Equal(bytes, media!.Content.ToArray());
        Assert.Equal("image/jpeg", media.ContentType);
        Assert.Equal("image", media.Type);
        Assert.Null(mock.FindMedia("unknown"));
        Assert.Contains("media=<file cat.jpg, image/jpeg, 70000 bytes>", mock.Journal.Entries.Last().Body);
    }

    [Fact]
    public async Task Media_get_downloads_the_uploaded_bytes_and_errors_stay_typed()
    {
        await using var mock = await Mock.StartAsync();
        using var http = new HttpClient();
        var client = Mock.Client(mock, http, mock.IssueAccessToken());
        var bytes = Enumerable.Range(0, 200_000).Select(i => (byte)(i * 13)).ToArray();
        var uploaded = await client.Media.UploadTempAsync(new UploadTempMediaRequest { Type = MediaType.Image, Media = new WxFile("dog.jpg", "image/jpeg", bytes) });

        // media/get answers with the file itself: the generated response carries it in File.
        var download = await client.Media.GetTempAsync(new GetTempMediaRequest { MediaId = uploaded.MediaId! });
        Assert.NotNull(download.File);
        Assert.Equal(bytes, download.File!.Content.ToArray());
        Assert.Equal("image/jpeg", download.File.ContentType);
        Assert.Null(download.VideoUrl);

        // An unknown media_id answers JSON with 40007: a typed error, not a "file".
        var ex = await Assert.ThrowsAsync<WxApiException<GetTempMediaError>>(() => client.Media.GetTempAsync(new GetTempMediaRequest { MediaId = "nope" }));
        Assert.Equal(GetTempMediaError.InvalidMediaId, ex.Error);
    }

    [Fact]
    public async Task A_binary_body_is_sent_as_the_files_bytes()
    {
        await using var mock = await Mock.StartAsync();
        using var http = new HttpClient();
        var client = Mock.Client(mock, http, mock.IssueAccessToken());
        var text = System.Text.Encoding.UTF8.GetBytes("hello");

        var translated = await client.Ai.TranslateAsync(new TranslateContentRequest
        {
            Lfrom = TranslateContentRequestLfrom.EnUS,
            Lto = TranslateContentRequestLto.ZhCN,
            Content = new WxFile("content.txt", "text/plain; charset=utf-8", text),
        });

        Assert.Equal("你好", translated.ToContent);
        var entry = mock.Journal.Entries.Last();
        Assert.Equal("/cgi-bin/media/voice/translatecontent", entry.Path);
        Assert.Equal("<5 bytes of text/plain; charset=utf-8>", entry.Body);
    }
}
