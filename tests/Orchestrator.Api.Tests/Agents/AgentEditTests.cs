using System.Net;
using System.Net.Http.Json;
using Orchestrator.Api.Tests.Harness;
using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Testing.OpenAi;

namespace Orchestrator.Api.Tests.Agents;

/// <summary>Editing an agent over the API: the checks and the state-aware resets of the Telegram commands, with the real codex.</summary>
public sealed class AgentEditTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private ApiBot _api = null!;

    public async Task InitializeAsync() => _api = await ApiBot.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task A_model_change_starts_a_new_session_that_the_next_turn_uses_and_a_rename_does_not()
    {
        await _api.OpenTelegramChatAsync(BotHarness.OwnerId);
        var owner = _api.Client(await _api.TokenAsync(BotHarness.OwnerId));
        var agentId = (await ApiAssert.JsonAsync(await owner.PostAsJsonAsync("/api/v1/agents", new { name = "editor" }), HttpStatusCode.Created)).GetProperty("id").GetString()!;
        _api.Codex.Model.Enqueue(FakeResponse.Text("First."), FakeResponse.Text("Second."));
        await using var stream = await SseReader.OpenAsync(owner);

        var first = await TurnAsync(owner, stream, agentId, "one");
        var sessionBefore = Optional(await ApiAssert.JsonAsync(await owner.GetAsync($"/api/v1/agents/{agentId}")), "session_id");
        Assert.NotNull(sessionBefore);

        // A rename and a new avatar keep the session.
        var renamed = await ApiAssert.JsonAsync(await owner.PutAsJsonAsync($"/api/v1/agents/{agentId}", new { name = "writer", emoji = "🦊" }));
        Assert.False(renamed.GetProperty("new_session").GetBoolean());
        Assert.Equal("writer", renamed.GetProperty("agent").GetProperty("name").GetString());
        Assert.Equal("🦊", renamed.GetProperty("agent").GetProperty("emoji").GetString());
        Assert.Equal(sessionBefore, Optional(renamed.GetProperty("agent"), "session_id"));

        var changed = await ApiAssert.JsonAsync(await owner.PutAsJsonAsync($"/api/v1/agents/{agentId}", new { model = "gpt-edit-test", persona = "Answer briefly." }));
        Assert.True(changed.GetProperty("new_session").GetBoolean());
        Assert.Contains("new session", changed.GetProperty("notice").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("gpt-edit-test", changed.GetProperty("agent").GetProperty("model").GetString());
        Assert.Equal("Answer briefly.", changed.GetProperty("agent").GetProperty("persona").GetString());
        Assert.Null(Optional(changed.GetProperty("agent"), "session_id")); // absent values are left out

        var second = await TurnAsync(owner, stream, agentId, "two");
        var history = await ApiAssert.JsonAsync(await owner.GetAsync($"/api/v1/agents/{agentId}/messages"));
        string? SessionOf(long turn) => Optional(history.EnumerateArray().Single(t => t.GetProperty("turn_id").GetInt64() == turn), "session_id");
        Assert.Equal(sessionBefore, SessionOf(first));
        Assert.NotNull(SessionOf(second));
        Assert.NotEqual(sessionBefore, SessionOf(second));
        Assert.Equal("gpt-edit-test", _api.Codex.Model.Requests[^1].Body?["model"]?.GetValue<string>());
    }

    [Fact]
    public async Task Bad_changes_are_refused_with_a_reason_and_change_nothing()
    {
        var owner = _api.Client(await _api.TokenAsync(BotHarness.OwnerId));
        var admin = _api.Client(await _api.TokenAsync(BotHarness.AdminId));
        var agent = await ApiAssert.JsonAsync(await owner.PostAsJsonAsync("/api/v1/agents", new { name = "strict" }), HttpStatusCode.Created);
        var agentId = agent.GetProperty("id").GetString()!;
        await ApiAssert.JsonAsync(await owner.PostAsJsonAsync("/api/v1/agents", new { name = "taken" }), HttpStatusCode.Created);

        Assert.Contains("folder", await ApiAssert.ProblemAsync(await owner.PutAsJsonAsync($"/api/v1/agents/{agentId}", new { folder = "/etc" }), HttpStatusCode.BadRequest), StringComparison.OrdinalIgnoreCase);
        await ApiAssert.ProblemAsync(await owner.PutAsJsonAsync($"/api/v1/agents/{agentId}", new { engine = "cobol" }), HttpStatusCode.BadRequest);
        await ApiAssert.ProblemAsync(await owner.PutAsJsonAsync($"/api/v1/agents/{agentId}", new { model = "no spaces please" }), HttpStatusCode.BadRequest);
        await ApiAssert.ProblemAsync(await owner.PutAsJsonAsync($"/api/v1/agents/{agentId}", new { emoji = "abc" }), HttpStatusCode.BadRequest);
        await ApiAssert.ProblemAsync(await owner.PutAsJsonAsync($"/api/v1/agents/{agentId}", new { persona = new string('p', 4001) }), HttpStatusCode.BadRequest);
        await ApiAssert.ProblemAsync(await owner.PutAsJsonAsync($"/api/v1/agents/{agentId}", new { name = "taken" }), HttpStatusCode.Conflict);
        await ApiAssert.ProblemAsync(await owner.PutAsJsonAsync($"/api/v1/agents/{agentId}", new { }), HttpStatusCode.BadRequest);

        var adminsAgent = (await ApiAssert.JsonAsync(await admin.PostAsJsonAsync("/api/v1/agents", new { name = "ops" }), HttpStatusCode.Created)).GetProperty("id").GetString()!;
        await ApiAssert.ProblemAsync(await owner.PutAsJsonAsync($"/api/v1/agents/{adminsAgent}", new { name = "mine" }), HttpStatusCode.NotFound);

        var after = await ApiAssert.JsonAsync(await owner.GetAsync($"/api/v1/agents/{agentId}"));
        Assert.Equal(agent.GetProperty("name").GetString(), after.GetProperty("name").GetString());
        Assert.Equal(agent.GetProperty("working_directory").GetString(), after.GetProperty("working_directory").GetString());
        Assert.Equal(agent.GetProperty("emoji").GetString(), after.GetProperty("emoji").GetString());

        var engines = await ApiAssert.JsonAsync(await owner.GetAsync("/api/v1/engines"));
        Assert.Contains(engines.EnumerateArray(), e => e.GetProperty("name").GetString() == "codex");
        var claude = engines.EnumerateArray().Single(e => e.GetProperty("name").GetString() == "claude");
        Assert.Contains(claude.GetProperty("models").EnumerateArray(), m => m.GetString() == "sonnet");
    }

    private static string? Optional(System.Text.Json.JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) ? value.GetString() : null;

    private async Task<long> TurnAsync(HttpClient client, SseReader stream, string agentId, string text)
    {
        var turnId = (await ApiAssert.JsonAsync(await client.PostAsJsonAsync($"/api/v1/agents/{agentId}/messages", new { text }), HttpStatusCode.Accepted)).GetProperty("turn_id").GetInt64();
        var ended = await stream.NextAsync(e => e.IsTurnEnd(turnId), Timeout);
        Assert.Contains("completed", ended.Json.GetProperty("data").GetString(), StringComparison.Ordinal);
        return turnId;
    }
}
