using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Orchestrator.Api.Tests.Harness;
using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Testing.OpenAi;

namespace Orchestrator.Api.Tests.Agents;

/// <summary>What the live stream and the history show of a turn: deltas redacted as a whole, the images a prompt carried.</summary>
public sealed class LiveStreamTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    private ApiBot _api = null!;

    public async Task InitializeAsync() => _api = await ApiBot.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task A_secret_split_across_two_deltas_never_reaches_the_stream()
    {
        var token = _api.Telegram.Token;
        var half = token.Length / 2;
        _api.Codex.Model.Enqueue(FakeResponse.Streamed("The token is ", token[..half], token[half..] + " and", " that is all."));
        await _api.OpenTelegramChatAsync(BotHarness.OwnerId);
        var owner = _api.Client(await _api.TokenAsync(BotHarness.OwnerId));
        var agentId = (await ApiAssert.JsonAsync(await owner.PostAsJsonAsync("/api/v1/agents", new { name = "leaky" }), HttpStatusCode.Created)).GetProperty("id").GetString()!;

        await using var stream = await SseReader.OpenAsync(owner);
        var turnId = (await ApiAssert.JsonAsync(await owner.PostAsJsonAsync($"/api/v1/agents/{agentId}/messages", new { text = "tell me" }), HttpStatusCode.Accepted)).GetProperty("turn_id").GetInt64();
        var events = await stream.UntilAsync(e => e.IsTurnEnd(turnId), Timeout);

        var deltas = events.Where(e => e.Event == "turn.delta").Select(e => e.Json.GetProperty("text").GetString()!).ToList();
        Assert.Equal("The token is [redacted] and that is all.", string.Concat(deltas));
        Assert.All(deltas, d => Assert.DoesNotContain(token[..half], d, StringComparison.Ordinal));
        Assert.All(deltas, d => Assert.DoesNotContain(token[half..], d, StringComparison.Ordinal));
        Assert.DoesNotContain(token[..half], string.Concat(events.Select(e => e.Data)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_history_lists_the_images_each_prompt_carried()
    {
        _api.Codex.Model.Enqueue(FakeResponse.Text("A pixel."), FakeResponse.Text("No image here."));
        await _api.OpenTelegramChatAsync(BotHarness.OwnerId);
        var owner = _api.Client(await _api.TokenAsync(BotHarness.OwnerId));
        var agentId = (await ApiAssert.JsonAsync(await owner.PostAsJsonAsync("/api/v1/agents", new { name = "viewer" }), HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var file = new ByteArrayContent(Png);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        var upload = await ApiAssert.JsonAsync(
            await owner.PostAsync("/api/v1/images", new MultipartFormDataContent { { new StringContent(agentId), "agent_id" }, { file, "file", "dot.png" } }),
            HttpStatusCode.Created);
        var imageId = upload.GetProperty("id").GetInt64();

        await using var stream = await SseReader.OpenAsync(owner);
        var withImage = await TurnAsync(owner, stream, agentId, new { text = "what is this?", image_ids = new[] { imageId } });
        var without = await TurnAsync(owner, stream, agentId, new { text = "and now?" });

        var history = await ApiAssert.JsonAsync(await owner.GetAsync($"/api/v1/agents/{agentId}/messages"));
        var turn = history.EnumerateArray().Single(t => t.GetProperty("turn_id").GetInt64() == withImage);
        var image = Assert.Single(turn.GetProperty("images").EnumerateArray());
        Assert.Equal(imageId, image.GetProperty("id").GetInt64());
        Assert.Equal("image/png", image.GetProperty("mime_type").GetString());
        Assert.Equal(0, history.EnumerateArray().Single(t => t.GetProperty("turn_id").GetInt64() == without).GetProperty("images").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/v1/images/{imageId}")).StatusCode);
    }

    private static async Task<long> TurnAsync(HttpClient client, SseReader stream, string agentId, object body)
    {
        var turnId = (await ApiAssert.JsonAsync(await client.PostAsJsonAsync($"/api/v1/agents/{agentId}/messages", body), HttpStatusCode.Accepted)).GetProperty("turn_id").GetInt64();
        var ended = await stream.NextAsync(e => e.IsTurnEnd(turnId), Timeout);
        Assert.Contains("completed", ended.Json.GetProperty("data").GetString(), StringComparison.Ordinal);
        return turnId;
    }
}
