using Orchestrator.Bot.Sessions;
using Orchestrator.Bot.Sessions.Commands;
using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Testing.OpenAi;
using Telegram.Bot.Types.Enums;

namespace Orchestrator.Bot.Tests.Sessions.Commands;

/// <summary>/agents, /agent new, /use and the switch buttons; agents per chat and per forum topic.</summary>
public sealed class AgentCommandsTests
{
    [Fact]
    public async Task A_new_chat_has_the_default_agent_and_agent_new_creates_and_switches_to_another()
    {
        await using var codex = await CodexBot.StartAsync();

        var list = await codex.AskAsync("/agents");
        Assert.Contains("▶️ 🤖 default — codex", list.Text, StringComparison.Ordinal);
        Assert.Empty(list.Buttons);

        var created = await codex.AskAsync("/agent new fox codex");
        Assert.Contains("Created 🦊 fox — codex", created.Text, StringComparison.Ordinal);
        Assert.Contains(codex.Workspace, created.Text, StringComparison.Ordinal);

        list = await codex.AskAsync("/agents");
        Assert.Contains("▶️ 🦊 fox", list.Text, StringComparison.Ordinal);
        Assert.Contains("• 🤖 default", list.Text, StringComparison.Ordinal);
        var button = Assert.Single(list.AllButtons);
        Assert.Equal("Use 🤖 default", button.Text);
        Assert.Equal("fox", (await codex.CurrentAgentAsync()).Name);
    }

    [Fact]
    public async Task The_agents_buttons_switch_and_a_turn_then_goes_to_the_chosen_agent()
    {
        await using var codex = await CodexBot.StartAsync();
        await codex.TurnAsync("hello default", "Hi from default.");
        await codex.AskAsync("/agent new fox");
        var list = await codex.AskAsync("/agents");

        var switched = await codex.PressAsync(list, "default");

        Assert.Contains("Now talking to 🤖 default", switched.Text, StringComparison.Ordinal);
        Assert.Contains("continues its session", switched.Text, StringComparison.Ordinal);
        Assert.Equal("default", (await codex.CurrentAgentAsync()).Name);
        var (request, _) = await codex.TurnAsync("still there?", "Yes.");
        Assert.True(request.HasUserText("hello default"), "switching back must continue the default agent's session");

        // The same button again: the agent is already current.
        var again = await codex.PressForAnswerAsync(list.MessageId, list.AllButtons.Single().CallbackData!);
        Assert.Contains("already the current agent", again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_use_while_the_previous_agent_works_the_next_message_goes_to_the_chosen_agent()
    {
        await using var codex = await CodexBot.StartAsync();
        await codex.AskAsync("/agent new fox");
        var release = new TaskCompletionSource();
        codex.Model.Enqueue(FakeResponse.Streamed("Working. ", "Done.").WithGateBefore(1, release.Task));
        var asked = codex.Say("long work for fox");
        await codex.ReplyToAsync(asked, m => m.Text.Contains("Working.", StringComparison.Ordinal), "fox working");

        var switched = await codex.AskAsync("/use default");
        Assert.Contains("Now talking to 🤖 default", switched.Text, StringComparison.Ordinal);
        Assert.Contains("🦊 fox is still working on its turn", switched.Text, StringComparison.Ordinal);

        // The next message is a turn of the default agent, not steered into fox's running turn.
        var (request, reply) = await codex.TurnAsync("hello default", "Hi from default.");
        Assert.False(request.HasUserText("long work for fox"), "the default agent's turn must not carry fox's conversation");
        Assert.DoesNotContain(codex.Telegram.BotMessages(codex.Chat), m => m.Text.Contains("Added to the running turn", StringComparison.Ordinal));
        Assert.Equal("Hi from default.", reply.Text);

        // Fox's turn goes on and delivers its answer.
        release.SetResult();
        await codex.ReplyToAsync(asked, m => m.Text == "Working. Done." && m.Buttons.Count == 0, "fox's answer");
        Assert.Equal("default", (await codex.CurrentAgentAsync()).Name);
    }

    [Fact]
    public async Task Use_switches_by_name_and_refuses_unknown_names_invalid_names_and_duplicates()
    {
        await using var codex = await CodexBot.StartAsync();
        await codex.AskAsync("/agent new fox");

        Assert.Contains("Now talking to 🤖 default", (await codex.AskAsync("/use DEFAULT")).Text, StringComparison.Ordinal);
        Assert.Equal("default", (await codex.CurrentAgentAsync()).Name);
        Assert.Contains("no agent named “wolf”", (await codex.AskAsync("/use wolf")).Text, StringComparison.Ordinal);
        Assert.Contains("already an agent named fox", (await codex.AskAsync("/agent new fox")).Text, StringComparison.Ordinal);
        Assert.Contains("cannot be an agent name", (await codex.AskAsync("/agent new ../etc")).Text, StringComparison.Ordinal);
        Assert.Contains("Unknown engine", (await codex.AskAsync("/agent new owl gpt")).Text, StringComparison.Ordinal);
        Assert.StartsWith("Usage: /agent new", (await codex.AskAsync("/agent")).Text, StringComparison.Ordinal);
        Assert.Equal("default", (await codex.CurrentAgentAsync()).Name);
        Assert.Equal(2, (await codex.Bot.Service<AgentStore>().ListAsync(new ChatKey(codex.Chat, 0))).Count);
    }

    [Fact]
    public async Task A_switch_button_of_another_chat_or_a_deleted_agent_is_no_longer_active()
    {
        await using var codex = await CodexBot.StartAsync();
        var list = await codex.AskAsync("/agents");

        var answer = await codex.PressForAnswerAsync(list.MessageId, AgentButtons.Use("0123456789ab"));

        Assert.Equal("This button is no longer active.", answer);
    }

    [Fact]
    public async Task Each_forum_topic_has_its_own_agents()
    {
        await using var codex = await CodexBot.StartAsync();
        const long group = -100500;
        codex.Telegram.SendText(group, BotHarness.OwnerId, "/agent new fox", ChatType.Supergroup, messageThreadId: 5);
        await codex.Telegram.WaitForBotMessageAsync(group, m => m.Text.Contains("Created 🦊 fox", StringComparison.Ordinal), CodexBot.Timeout);

        codex.Telegram.SendText(group, BotHarness.OwnerId, "/agents", ChatType.Supergroup, messageThreadId: 7);
        var other = await codex.Telegram.WaitForBotMessageAsync(group, m => m.Text.StartsWith("Agents here", StringComparison.Ordinal), CodexBot.Timeout);

        Assert.Equal(7, other.MessageThreadId);
        Assert.DoesNotContain("fox", other.Text, StringComparison.Ordinal);
        Assert.Equal("fox", (await codex.Bot.Service<AgentStore>().GetCurrentAsync(new ChatKey(group, 5)))!.Name);
        Assert.Equal("default", (await codex.Bot.Service<AgentStore>().GetCurrentAsync(new ChatKey(group, 7)))!.Name);
    }

    [Fact]
    public async Task Agents_settings_and_sessions_survive_a_restart()
    {
        await using var codex = await CodexBot.StartAsync();
        await codex.AskAsync("/agent new fox");
        await codex.AskAsync("/persona Answer like a fox.");
        await codex.TurnAsync("remember the word lantern", "Noted.");
        var before = await codex.CurrentAgentAsync();

        await codex.Bot.RestartAsync();

        var status = await codex.AskAsync("/status");
        Assert.StartsWith("🦊 fox (codex)", status.Text, StringComparison.Ordinal);
        Assert.Contains("Persona: Answer like a fox.", status.Text, StringComparison.Ordinal);
        Assert.Contains($"Session: {before.SessionId}", status.Text, StringComparison.Ordinal);
        var (request, _) = await codex.TurnAsync("what was the word?", "lantern");
        Assert.True(request.HasUserText("remember the word lantern"), "the fox's session continues after the restart");
        Assert.Equal(before.SessionId, (await codex.CurrentAgentAsync()).SessionId);
    }

    [Fact]
    public async Task Agent_new_beyond_the_chats_maximum_is_refused_with_a_clear_message()
    {
        await using var codex = await CodexBot.StartAsync(s => s["Agents:MaxAgentsPerChat"] = "2");
        Assert.Contains("Created 🦊 fox", (await codex.AskAsync("/agent new fox")).Text, StringComparison.Ordinal);

        var refused = await codex.AskAsync("/agent new owl");

        Assert.Contains("already has 2 agents", refused.Text, StringComparison.Ordinal);
        Assert.Contains("Agents:MaxAgentsPerChat", refused.Text, StringComparison.Ordinal);
        Assert.Equal("fox", (await codex.CurrentAgentAsync()).Name);
        Assert.Equal(2, (await codex.Bot.Service<AgentStore>().ListAsync(new ChatKey(codex.Chat, 0))).Count);
    }
}
