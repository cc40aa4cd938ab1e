using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using WxContracts.MockServer.Pipeline;
using Xunit;

namespace WxContracts.MockServer.Tests;

public class MultipartTests
{
    [Fact]
    public async Task A_form_written_by_HttpClient_is_read_back_with_its_file_and_text_parts()
    {
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(new byte[] { 1, 2, 3, 250 });
        file.Headers.ContentType = MediaTypeHeaderValue.Parse("image/png");
        content.Add(file, "media", "a.png");
        content.Add(new StringContent("视频说明"), "description");
        var bytes = await content.ReadAsByteArrayAsync();

        var (form, problem) = await MockForm.ReadAsync(content.Headers.ContentType!.ToString(), bytes);

        Assert.Null(problem);
        Assert.Equal(new byte[] { 1, 2, 3, 250 }, form!.Files["media"].Content);
        Assert.Equal("a.png", form.Files["media"].FileName);
        Assert.Equal("image/png", form.Files["media"].ContentType);
        Assert.Equal("视频说明", form.Fields["description"]);
    }

    [Theory]
    [InlineData("application/json", "must be multipart/form-data")]
    [InlineData("multipart/form-data", "has no boundary")]
    [InlineData(null, "not nothing")]
    public async Task A_body_that_is_not_a_form_is_refused_with_a_reason(string? contentType, string reason)
    {
        var (form, problem) = await MockForm.ReadAsync(contentType, new byte[] { 1 });
        Assert.Null(form);
        Assert.Contains(reason, problem);
    }
}
