using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orchestrator.Api.Tests.Harness;
using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Cli.Tests.Harness;
using Orchestrator.Testing.OpenAi;

namespace Orchestrator.Cli.Tests;

/// <summary>The real orch against the real bot (fake Bot API, real codex against the fake model).</summary>
public sealed class OrchTests : IAsyncLifetime
{
    private ApiBot _api = null!;
    private Orch _orch = null!;
    private string _agentId = "";

    public async Task InitializeAsync()
    {
        _api = await ApiBot.StartAsync();
        _api.Telegram.SendText(BotHarness.OwnerId, BotHarness.OwnerId, "/start"); // the owner has opened the chat with the bot
        await _api.Telegram.WaitForBotMessageAsync(BotHarness.OwnerId, _ => true, TimeSpan.FromSeconds(30), "the answer to /start");
        var token = await _api.TokenAsync(BotHarness.OwnerId);
        _orch = new Orch(_api.BaseUrl, token);
        var created = await ApiAssert.JsonAsync(await _api.Client(token).PostAsJsonAsync("/api/v1/agents", new { name = "helper" }), HttpStatusCode.Created);
        _agentId = created.GetProperty("id").GetString()!;
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Health_and_agents_list_answer_for_people_and_for_scripts()
    {
        var health = await _orch.RunAsync("health");
        Assert.Equal(0, health.ExitCode);
        Assert.StartsWith("ok", health.Output, StringComparison.Ordinal);

        var table = await _orch.RunAsync("agents", "list");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("helper", table.Output, StringComparison.Ordinal);
        Assert.Contains(_agentId, table.Output, StringComparison.Ordinal);

        var json = await _orch.RunAsync("agents", "list", "--json");
        Assert.Equal(0, json.ExitCode);
        var agents = JsonDocument.Parse(json.Output).RootElement;
        Assert.Equal("helper", agents.EnumerateArray().Single(a => a.GetProperty("id").GetString() == _agentId).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Exit_codes_tell_refusals_from_usage_errors()
    {
        var anonymous = await new Orch(_api.BaseUrl, null).RunAsync("agents", "list");
        Assert.Equal(1, anonymous.ExitCode);
        Assert.Contains("401", anonymous.Error, StringComparison.Ordinal);
        Assert.Contains("ORCH_TOKEN", anonymous.Error, StringComparison.Ordinal);

        var unknown = await _orch.RunAsync("chat", "nobody", "hello");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("nobody", unknown.Error, StringComparison.Ordinal);

        var usage = await _orch.RunAsync("chat", "helper");
        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("prompt", usage.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_prompt_for_a_chat_the_bot_cannot_write_to_is_refused_with_a_clear_reason()
    {
        var admin = _api.Client(await _api.TokenAsync(BotHarness.AdminId)); // the admin never wrote to the bot
        var theirs = await ApiAssert.JsonAsync(await admin.PostAsJsonAsync("/api/v1/agents", new { name = "ops" }), HttpStatusCode.Created);

        var response = await admin.PostAsJsonAsync($"/api/v1/agents/{theirs.GetProperty("id").GetString()}/messages", new { text = "hi" });

        var detail = await ApiAssert.ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("/start", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_streams_the_answer_and_the_prompt_is_echoed_to_Telegram_as_CLI()
    {
        _api.Codex.Model.Enqueue(FakeResponse.Streamed("Hello ", "from ", "the ", "CLI."));

        var chat = await _orch.RunAsync("chat", "helper", "Say hello");

        Assert.True(chat.ExitCode == 0, chat.Error);
        Assert.Equal("Hello from the CLI.", chat.Output.Trim());
        await _api.Telegram.WaitForBotMessageAsync(BotHarness.OwnerId, m => m.Text == "[CLI] Say hello", TimeSpan.FromSeconds(30), "the [CLI] echo");
        await _api.Telegram.WaitForBotMessageAsync(BotHarness.OwnerId, m => m.Text.Contains("Hello from the CLI.", StringComparison.Ordinal), TimeSpan.FromSeconds(60), "the answer in Telegram");
    }

    [Fact]
    public async Task Events_follow_prints_a_turn_as_it_happens()
    {
        _api.Codex.Model.Enqueue(FakeResponse.Streamed("Followed ", "answer."));
        using var follow = _orch.Start("events", "--follow", "--json");
        try
        {
            var connected = await follow.StandardError.ReadLineAsync().WaitAsync(Orch.Timeout);
            Assert.StartsWith("Following events from", connected, StringComparison.Ordinal);

            var owner = _api.Client(await _api.TokenAsync(BotHarness.OwnerId));
            var accepted = await ApiAssert.JsonAsync(await owner.PostAsJsonAsync($"/api/v1/agents/{_agentId}/messages", new { text = "Go" }), HttpStatusCode.Accepted);
            var turnId = accepted.GetProperty("turn_id").GetInt64();

            var kinds = new List<string>();
            var text = "";
            while (!kinds.Contains("turn.ended"))
            {
                var line = await follow.StandardOutput.ReadLineAsync().WaitAsync(Orch.Timeout);
                Assert.NotNull(line);
                var e = JsonDocument.Parse(line).RootElement;
                kinds.Add(e.GetProperty("event").GetString()!);
                if (e.GetProperty("event").GetString() == "turn.delta" && e.GetProperty("data").GetProperty("turn_id").GetInt64() == turnId)
                {
                    text += e.GetProperty("data").GetProperty("text").GetString();
                }
            }

            Assert.Contains("turn.started", kinds);
            Assert.Equal("Followed answer.", text);
        }
        finally
        {
            follow.Kill(entireProcessTree: true);
        }
    }
}
