using System.Text.Json.Nodes;
using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Testing.OpenAi;

namespace Orchestrator.Bot.Tests.Sessions.Commands;

/// <summary>/persona, /model and /reset start a new session (a new Codex thread); the user is told.</summary>
public sealed class SessionResetTests
{
    [Fact]
    public async Task After_persona_the_next_request_is_a_new_thread_carrying_the_persona()
    {
        await using var codex = await CodexBot.StartAsync();
        var (first, _) = await codex.TurnAsync("remember the word lantern", "Noted.");
        var firstSession = (await codex.CurrentAgentAsync()).SessionId;
        Assert.DoesNotContain("Speak like a pirate", first.RawBody, StringComparison.Ordinal);

        var set = await codex.AskAsync("/persona Speak like a pirate.");
        Assert.Contains("Persona of 🤖 default set. A new session starts with your next message.", set.Text, StringComparison.Ordinal);

        var (request, _) = await codex.TurnAsync("hello", "Arr.");
        Assert.False(request.HasUserText("remember the word lantern"), "a new thread has no earlier history");
        Assert.Contains(DeveloperTexts(request), t => t.Contains("Speak like a pirate.", StringComparison.Ordinal));
        Assert.NotEqual(firstSession, (await codex.CurrentAgentAsync()).SessionId);

        var shown = await codex.AskAsync("/persona");
        Assert.Contains("Speak like a pirate.", shown.Text, StringComparison.Ordinal);
        Assert.Contains("removed", (await codex.AskAsync("/persona clear")).Text, StringComparison.Ordinal);
        var (cleared, _) = await codex.TurnAsync("and now?", "Plain again.");
        Assert.DoesNotContain("Speak like a pirate", cleared.RawBody, StringComparison.Ordinal);
        Assert.False(cleared.HasUserText("hello"));
    }

    [Fact]
    public async Task After_reset_the_next_request_has_no_earlier_history()
    {
        await using var codex = await CodexBot.StartAsync();
        await codex.TurnAsync("remember the word lantern", "Noted.");
        var (same, _) = await codex.TurnAsync("still the same session?", "Yes.");
        Assert.True(same.HasUserText("remember the word lantern"));

        var reset = await codex.AskAsync("/reset");
        Assert.StartsWith("🆕 New session", reset.Text, StringComparison.Ordinal);
        Assert.Null((await codex.CurrentAgentAsync()).SessionId);

        var (fresh, _) = await codex.TurnAsync("what was the word?", "I do not know.");
        Assert.False(fresh.HasUserText("remember the word lantern"), "/reset must start a fresh conversation");
        Assert.False(fresh.HasUserText("still the same session?"));
    }

    [Fact]
    public async Task Model_lists_the_app_server_models_and_a_button_sets_the_model_of_a_new_thread()
    {
        await using var codex = await CodexBot.StartAsync();
        await codex.TurnAsync("remember the word lantern", "Noted.");

        var keyboard = await codex.AskAsync("/model");

        Assert.Contains("Model of 🤖 default (codex): engine default", keyboard.Text, StringComparison.Ordinal);
        var engine = (Orchestrator.Agents.Codex.CodexEngine)codex.Bot.Service<Orchestrator.Bot.Engines.EngineRegistry>().Get("codex");
        var offered = await engine.ListModelsAsync().WaitAsync(CodexBot.Timeout);
        Assert.True(offered.Count >= 2, "the real app-server lists several models");
        var labels = keyboard.AllButtons.Select(b => b.Text).ToList();
        foreach (var model in offered)
        {
            Assert.Contains(labels, l => l.Contains(model.DisplayName ?? model.Model, StringComparison.Ordinal));
        }

        Assert.Contains("✅ Engine default", labels);
        Assert.All(keyboard.AllButtons, b => Assert.True(System.Text.Encoding.UTF8.GetByteCount(b.CallbackData!) <= 64));

        var chosen = offered.First(m => !m.IsDefault);
        var answer = await codex.PressAsync(keyboard, chosen.DisplayName ?? chosen.Model);
        Assert.Contains($"Model of 🤖 default: {chosen.Model}. A new session starts", answer.Text, StringComparison.Ordinal);

        var (request, _) = await codex.TurnAsync("which model?", "This one.");
        Assert.Equal(chosen.Model, (string?)request.Body?["model"]);
        Assert.False(request.HasUserText("remember the word lantern"), "a model change starts a new thread");

        var again = await codex.AskAsync("/model");
        Assert.Contains(again.AllButtons, b => b.Text.StartsWith("✅ ", StringComparison.Ordinal) && b.Text.Contains(chosen.DisplayName ?? chosen.Model, StringComparison.Ordinal));
        Assert.Contains("engine default. A new session", (await codex.AskAsync("/model default")).Text, StringComparison.Ordinal);
        Assert.Contains("is not a model name", (await codex.AskAsync("/model rm -rf")).Text, StringComparison.Ordinal);

        // The keyboard belongs to the default agent: once another agent is current, its buttons are stale.
        await codex.AskAsync("/agent new fox");
        var stale = again.AllButtons.First(b => !b.Text.StartsWith("✅ ", StringComparison.Ordinal)).CallbackData!;
        Assert.Equal("This button is no longer active.", await codex.PressForAnswerAsync(again.MessageId, stale));
        Assert.Null((await codex.CurrentAgentAsync()).Model);
    }

    [Fact]
    public async Task Settings_cannot_change_while_a_turn_runs_and_status_shows_the_running_turn()
    {
        await using var codex = await CodexBot.StartAsync();
        var release = new TaskCompletionSource();
        codex.Model.Enqueue(FakeResponse.Streamed("Working. ", "Done.").WithGateBefore(1, release.Task));
        var asked = codex.Say("long work");
        await codex.ReplyToAsync(asked, m => m.Text.Contains("Working.", StringComparison.Ordinal));
        var session = (await codex.CurrentAgentAsync()).SessionId;

        var status = await codex.AskAsync("/status");
        Assert.Matches(@"Running: turn \d+ for \d+ s", status.Text);

        foreach (var command in new[] { "/persona Be terse.", "/reset", "/model gpt-5.5", "/agent new fox" })
        {
            Assert.StartsWith("⏳ A turn is running", (await codex.AskAsync(command)).Text, StringComparison.Ordinal);
        }

        release.SetResult();
        await codex.ReplyToAsync(asked, m => m.Text == "Working. Done." && m.Buttons.Count == 0);
        var agent = await codex.CurrentAgentAsync();
        Assert.Equal(session, agent.SessionId);
        Assert.Null(agent.Persona);
        Assert.Null(agent.Model);
        Assert.EndsWith("Running: nothing", (await codex.AskAsync("/status")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_shows_the_session_and_its_tokens()
    {
        await using var codex = await CodexBot.StartAsync();
        var empty = await codex.AskAsync("/status");
        Assert.Contains("Session: none yet", empty.Text, StringComparison.Ordinal);

        await codex.TurnAsync("one", "1");
        await codex.TurnAsync("two", "2");
        var agent = await codex.CurrentAgentAsync();

        var status = await codex.AskAsync("/status");

        Assert.StartsWith("🤖 default (codex)\nModel: engine default\nFolder: " + codex.Workspace, status.Text, StringComparison.Ordinal);
        Assert.Contains($"Session: {agent.SessionId} · started ", status.Text, StringComparison.Ordinal);
        Assert.Contains(" · 2 turns", status.Text, StringComparison.Ordinal);

        // The fake model reports 10 input and 5 output tokens per response; Codex reports thread totals.
        Assert.Contains("Tokens (this session): 20 in · 10 out", status.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Cost", status.Text, StringComparison.Ordinal); // Codex reports no cost: no made-up line
    }

    private static IEnumerable<string> DeveloperTexts(RecordedRequest request) =>
        request.Input.OfType<JsonObject>()
            .Where(item => (string?)item["role"] == "developer")
            .SelectMany(item => item["content"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(part => (string?)part["text"])
            .OfType<string>();
}
