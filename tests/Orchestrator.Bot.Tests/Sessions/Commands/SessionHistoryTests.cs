using Orchestrator.Bot.Sessions.Commands;
using Orchestrator.Bot.Sessions.History;
using Orchestrator.Bot.Tests.Harness;

namespace Orchestrator.Bot.Tests.Sessions.Commands;

/// <summary>/threads lists an agent's sessions and resumes an older one; every session has a memory file.</summary>
public sealed class SessionHistoryTests
{
    [Fact]
    public async Task Sessions_lists_them_and_a_button_resumes_an_older_session_with_its_history()
    {
        await using var codex = await CodexBot.StartAsync();
        await codex.TurnAsync("remember the word lantern", "Noted.");
        await codex.TurnAsync("and the number seven", "Noted too.");
        var older = (await codex.CurrentAgentAsync()).SessionId;
        await codex.AskAsync("/reset");
        await codex.TurnAsync("remember the word anchor", "Noted.");
        var newer = (await codex.CurrentAgentAsync()).SessionId;

        var list = await codex.AskAsync("/threads");

        var lines = list.Text.Split('\n');
        Assert.StartsWith("Conversation threads of 🤖 default, most recent first:", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("▶️ 1. started ", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(" UTC · 1 turn · “remember the word anchor” (current)", lines[1], StringComparison.Ordinal);
        Assert.Contains(" UTC · last used ", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("2. started ", lines[2], StringComparison.Ordinal);
        Assert.EndsWith(" UTC · 2 turns · “remember the word lantern”", lines[2], StringComparison.Ordinal);
        var button = Assert.Single(list.AllButtons);
        Assert.StartsWith("↩️ 2. remember the word", button.Text, StringComparison.Ordinal);

        var resumed = await codex.PressAsync(list, "↩️ 2.");
        Assert.Contains("Resumed the session of", resumed.Text, StringComparison.Ordinal);
        Assert.Contains("your next message continues it", resumed.Text, StringComparison.Ordinal);
        Assert.Equal(older, (await codex.CurrentAgentAsync()).SessionId);

        var (request, _) = await codex.TurnAsync("what was the word?", "lantern");
        Assert.True(request.HasUserText("remember the word lantern"), "the resumed session's history");
        Assert.True(request.HasUserText("and the number seven"));
        Assert.False(request.HasUserText("remember the word anchor"), "not the other session's history");

        // The list now has the resumed session on top, and the other one can be resumed in turn.
        list = await codex.AskAsync("/threads");
        Assert.Contains("3 turns · “remember the word lantern” (current)", list.Text, StringComparison.Ordinal);
        await codex.PressAsync(list, "↩️ 2.");
        Assert.Equal(newer, (await codex.CurrentAgentAsync()).SessionId);
    }

    [Fact]
    public async Task A_session_button_of_an_agent_that_is_no_longer_current_is_no_longer_active()
    {
        await using var codex = await CodexBot.StartAsync();
        await codex.TurnAsync("first", "1");
        await codex.AskAsync("/reset");
        await codex.TurnAsync("second", "2");
        var list = await codex.AskAsync("/threads");
        await codex.AskAsync("/agent new fox");

        var answer = await codex.PressForAnswerAsync(list.MessageId, list.AllButtons.Single().CallbackData!);

        Assert.Equal("This button is no longer active.", answer);
        Assert.Null((await codex.CurrentAgentAsync()).SessionId);
        Assert.Equal("This button is no longer active.", await codex.PressForAnswerAsync(list.MessageId, AgentButtons.Session(987654)));
    }

    [Fact]
    public async Task Sessions_without_any_says_so()
    {
        await using var codex = await CodexBot.StartAsync();

        var answer = await codex.AskAsync("/threads");

        Assert.Equal("🤖 default has no conversation threads yet: send a message to start one.", answer.Text);
    }

    [Fact]
    public async Task Every_session_has_a_memory_file_with_its_settings_and_a_line_per_turn()
    {
        await using var codex = await CodexBot.StartAsync();
        var book = codex.Bot.Service<SessionBook>();
        var recorded = 0;
        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        book.TurnRecorded += (_, _) =>
        {
            if (Interlocked.Increment(ref recorded) == 2)
            {
                second.TrySetResult();
            }
        };
        await codex.AskAsync("/persona Be brief.\nAlways cite files.");

        await codex.TurnAsync("list the files\nin the folder", "There are two files.\nREADME and main.c");
        await codex.TurnAsync("thanks", "You are welcome.");
        await second.Task.WaitAsync(CodexBot.Timeout);

        var agent = await codex.CurrentAgentAsync();
        var path = Path.Combine(codex.Bot.DataDirectory, "memory", agent.Id, agent.SessionId + ".md");
        var lines = await File.ReadAllLinesAsync(path);
        Assert.Equal($"# Session {agent.SessionId}", lines[0]);
        Assert.Contains($"- Agent: 🤖 default ({agent.Id})", lines);
        Assert.Contains("- Engine: codex", lines);
        Assert.Contains("- Model: (engine default)", lines);
        Assert.Contains($"- Folder: {codex.Workspace}", lines);
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^- Started: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$"));
        Assert.Contains("  > Be brief.", lines);
        Assert.Contains("  > Always cite files.", lines);
        var turns = lines.SkipWhile(l => l != "## Turns").Where(l => l.StartsWith("- ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, turns.Count);
        Assert.Matches(@"^- \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ · completed · “list the files” → “There are two files\.” · tokens 10 in / 5 out$", turns[0]);
        Assert.EndsWith("completed · “thanks” → “You are welcome.” · tokens 20 in / 10 out", turns[1], StringComparison.Ordinal);

        // A new session gets its own file.
        await codex.AskAsync("/reset");
        await codex.TurnAsync("again", "Again.");
        var next = await codex.CurrentAgentAsync();
        Assert.NotEqual(agent.SessionId, next.SessionId);
        Assert.True(File.Exists(Path.Combine(codex.Bot.DataDirectory, "memory", agent.Id, next.SessionId + ".md")));
    }
}
