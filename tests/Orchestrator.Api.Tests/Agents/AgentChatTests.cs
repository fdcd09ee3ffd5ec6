using System.Net;
using System.Net.Http.Json;
using System.Text;
using Orchestrator.Api.Auth;
using Orchestrator.Api.Tests.Harness;
using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Testing.OpenAi;

namespace Orchestrator.Api.Tests.Agents;

/// <summary>Agents and chat through the API, with the real codex: the answer streams as events and reaches Telegram.</summary>
public sealed class AgentChatTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private ApiBot _api = null!;

    public async Task InitializeAsync() => _api = await ApiBot.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Agents_are_listed_created_and_seen_only_by_their_chat_owner_or_an_admin()
    {
        var owner = _api.Client(await _api.TokenAsync(BotHarness.OwnerId));
        var admin = _api.Client(await _api.TokenAsync(BotHarness.AdminId));

        var created = await ApiAssert.JsonAsync(await owner.PostAsJsonAsync("/api/v1/agents", new { name = "helper" }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal(BotHarness.OwnerId, created.GetProperty("chat_id").GetInt64());
        Assert.True(created.GetProperty("current").GetBoolean());
        Assert.Equal("codex", created.GetProperty("engine").GetString());

        var mine = await ApiAssert.JsonAsync(await owner.GetAsync("/api/v1/agents"));
        Assert.Contains(mine.EnumerateArray(), a => a.GetProperty("id").GetString() == id);
        var all = await ApiAssert.JsonAsync(await admin.GetAsync("/api/v1/agents"));
        Assert.Contains(all.EnumerateArray(), a => a.GetProperty("id").GetString() == id);

        var adminsOwn = await ApiAssert.JsonAsync(await admin.PostAsJsonAsync("/api/v1/agents", new { name = "ops" }), HttpStatusCode.Created);
        await ApiAssert.ProblemAsync(await owner.GetAsync($"/api/v1/agents/{adminsOwn.GetProperty("id").GetString()}"), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await owner.PostAsJsonAsync("/api/v1/agents", new { name = "intruder", chat_id = BotHarness.AdminId }), HttpStatusCode.Forbidden);
        await ApiAssert.ProblemAsync(await owner.PostAsJsonAsync("/api/v1/agents", new { name = "helper" }), HttpStatusCode.Conflict);
        await ApiAssert.ProblemAsync(await owner.PostAsJsonAsync("/api/v1/agents", new { name = "no spaces" }), HttpStatusCode.BadRequest);
        var openApi = await owner.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/v1/agents/{id}/messages", openApi, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_prompt_from_the_web_is_echoed_to_Telegram_its_deltas_stream_in_order_and_a_reconnect_misses_nothing()
    {
        _api.Codex.Model.Enqueue(FakeResponse.Streamed("Hel", "lo ", "from ", "the ", "API."));
        var session = await _api.SignInAsync(BotHarness.OwnerId);
        var agents = await ApiAssert.JsonAsync(await session.Client.GetAsync("/api/v1/agents"));
        Assert.Equal(0, agents.GetArrayLength()); // the chat has not been used yet
        var agent = await ApiAssert.JsonAsync(await Send(session, HttpMethod.Post, "/api/v1/agents", new { name = "web" }), HttpStatusCode.Created);
        var agentId = agent.GetProperty("id").GetString()!;

        await using var stream = await SseReader.OpenAsync(session.Client);
        var accepted = await ApiAssert.JsonAsync(await Send(session, HttpMethod.Post, $"/api/v1/agents/{agentId}/messages", new { text = "Say hello" }), HttpStatusCode.Accepted);
        var turnId = accepted.GetProperty("turn_id").GetInt64();
        Assert.False(accepted.GetProperty("steered").GetBoolean());

        // The echo and the answer in the agent's Telegram chat.
        var echo = await _api.Telegram.WaitForBotMessageAsync(BotHarness.OwnerId, m => m.Text == "[Web] Say hello", Timeout, "the [Web] echo");
        await _api.Telegram.WaitForBotMessageAsync(
            BotHarness.OwnerId, m => m.ReplyToMessageId == echo.MessageId && m.Text.Contains("Hello from the API.", StringComparison.Ordinal), Timeout, "the answer in Telegram");

        // The stream: turn.started, the deltas in order, turn.ended with the answer.
        var events = new List<SseEvent>();
        var started = await stream.NextAsync(e => e.Event == "turn.started", Timeout);
        Assert.Contains($"\"turn_id\":{turnId}", started.Json.GetProperty("data").GetString(), StringComparison.Ordinal);
        var text = new StringBuilder();
        SseEvent ended;
        while (true)
        {
            var next = await stream.NextAsync(e => e.Event is "turn.delta" or "turn.ended", Timeout);
            events.Add(next);
            if (next.Event == "turn.ended")
            {
                ended = next;
                break;
            }

            Assert.Equal(turnId, next.Json.GetProperty("turn_id").GetInt64());
            text.Append(next.Json.GetProperty("text").GetString());
        }

        Assert.Equal("Hello from the API.", text.ToString());
        Assert.Contains("completed", ended.Json.GetProperty("data").GetString(), StringComparison.Ordinal);
        Assert.Contains("Hello from the API.", ended.Json.GetProperty("data").GetString(), StringComparison.Ordinal);

        // A reconnect with the id of the first delta gets every later event: the same deltas in the same order, and
        // the end (stored and transient events each keep their order; how the two interleave may differ on replay).
        await using (var resumed = await SseReader.OpenAsync(session.Client, events[0].Id))
        {
            var again = new List<SseEvent>();
            while (again.Count < events.Count - 1)
            {
                again.Add(await resumed.NextAsync(e => e.Event is "turn.delta" or "turn.ended", Timeout));
            }

            Assert.Equal(
                events.Skip(1).Where(e => e.Event == "turn.delta").Select(e => e.Data),
                again.Where(e => e.Event == "turn.delta").Select(e => e.Data));
            Assert.Equal(ended.Data, Assert.Single(again, e => e.Event == "turn.ended").Data);
        }

        // The history and the stored events.
        var history = await ApiAssert.JsonAsync(await session.Client.GetAsync($"/api/v1/agents/{agentId}/messages"));
        var turn = history.EnumerateArray().Single(t => t.GetProperty("turn_id").GetInt64() == turnId);
        Assert.Equal("Say hello", turn.GetProperty("prompt").GetString());
        Assert.Equal("Hello from the API.", turn.GetProperty("answer").GetString());
        var stored = await ApiAssert.JsonAsync(await session.Client.GetAsync("/api/v1/events?kind=turn.ended"));
        Assert.Contains(stored.EnumerateArray(), e => e.GetProperty("data").GetString()!.Contains($"\"turn_id\":{turnId}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_agent_is_404_and_an_empty_prompt_400()
    {
        var owner = _api.Client(await _api.TokenAsync(BotHarness.OwnerId));

        await ApiAssert.ProblemAsync(await owner.PostAsJsonAsync("/api/v1/agents/nope/messages", new { text = "hi" }), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await owner.GetAsync("/api/v1/agents/nope/messages"), HttpStatusCode.NotFound);
        var created = await ApiAssert.JsonAsync(await owner.PostAsJsonAsync("/api/v1/agents", new { name = "quiet" }), HttpStatusCode.Created);
        await ApiAssert.ProblemAsync(await owner.PostAsJsonAsync($"/api/v1/agents/{created.GetProperty("id").GetString()}/messages", new { text = " " }), HttpStatusCode.BadRequest);
        var stop = await ApiAssert.JsonAsync(await owner.PostAsync($"/api/v1/agents/{created.GetProperty("id").GetString()}/stop", null));
        Assert.False(stop.GetProperty("stopped").GetBoolean());
    }

    private static Task<HttpResponseMessage> Send(CookieSession session, HttpMethod method, string path, object body)
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Add(CookieNames.CsrfHeader, session.CsrfToken);
        return session.Client.SendAsync(request);
    }
}
