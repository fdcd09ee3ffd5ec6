using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Orchestrator.Api.Tests.Harness;
using Orchestrator.Bot.Tests.Harness;

namespace Orchestrator.Api.Tests.Images;

/// <summary>POST /images: bounded, recognised by its bytes, stored under the agent's web/ folder.</summary>
public sealed class ImageUploadTests : IAsyncLifetime
{
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    private ApiBot _api = null!;
    private HttpClient _owner = null!;
    private string _agentId = "";

    public async Task InitializeAsync()
    {
        _api = await ApiBot.StartAsync();
        _owner = _api.Client(await _api.TokenAsync(BotHarness.OwnerId));
        var agent = await ApiAssert.JsonAsync(await _owner.PostAsJsonAsync("/api/v1/agents", new { name = "eyes" }), HttpStatusCode.Created);
        _agentId = agent.GetProperty("id").GetString()!;
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task A_valid_PNG_is_stored_where_it_belongs_and_served_back()
    {
        var response = await _owner.PostAsync("/api/v1/images", Form(_agentId, Png, "shot.png", "image/png"));

        var image = await ApiAssert.JsonAsync(response, HttpStatusCode.Created);
        var path = image.GetProperty("path").GetString()!;
        var folder = Path.Combine(_api.Bot.DataDirectory, "images", _agentId, "web");
        Assert.Equal(Path.GetFullPath(folder), Path.GetDirectoryName(path));
        Assert.Matches(@"^\d{8}T\d{6}Z-[0-9a-f]{32}\.png$", Path.GetFileName(path));
        Assert.Equal(Png, await File.ReadAllBytesAsync(path));
        Assert.Equal($"[Image attached: {path}]", image.GetProperty("marker").GetString());
        Assert.Equal("image/png", image.GetProperty("mime_type").GetString());

        var served = await _owner.GetAsync($"/api/v1/images/{image.GetProperty("id").GetInt64()}");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/png", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Png, await served.Content.ReadAsByteArrayAsync());

        var admin = _api.Client(await _api.TokenAsync(BotHarness.AdminId));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/v1/images/{image.GetProperty("id").GetInt64()}")).StatusCode);
    }

    [Fact]
    public async Task A_file_that_is_not_an_image_is_refused_whatever_it_claims()
    {
        var response = await _owner.PostAsync("/api/v1/images", Form(_agentId, "#!/bin/sh\nrm -rf /\n"u8.ToArray(), "cat.png", "image/png"));

        var detail = await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("not a PNG, JPEG, GIF or WebP", detail, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_api.Bot.DataDirectory, "images", _agentId, "web"))
            && Directory.EnumerateFiles(Path.Combine(_api.Bot.DataDirectory, "images", _agentId, "web")).Any());
    }

    [Fact]
    public async Task An_image_over_8_MB_is_refused_with_413()
    {
        var big = new byte[(8 * 1024 * 1024) + 1];
        Png.CopyTo(big, 0);

        var response = await _owner.PostAsync("/api/v1/images", Form(_agentId, big, "big.png", "image/png"));

        var detail = await ApiAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("8388608", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_image_for_an_agent_of_another_user_is_refused()
    {
        var admin = _api.Client(await _api.TokenAsync(BotHarness.AdminId));
        var theirs = await ApiAssert.JsonAsync(await admin.PostAsJsonAsync("/api/v1/agents", new { name = "admins" }), HttpStatusCode.Created);

        var response = await _owner.PostAsync("/api/v1/images", Form(theirs.GetProperty("id").GetString()!, Png, "shot.png", "image/png"));

        await ApiAssert.ProblemAsync(response, HttpStatusCode.NotFound);
    }

    private static MultipartFormDataContent Form(string agentId, byte[] bytes, string name, string type)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(type);
        return new MultipartFormDataContent { { new StringContent(agentId), "agent_id" }, { file, "file", name } };
    }
}
