using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Bot.Tests.Sessions.Commands;
using Orchestrator.Testing.Anthropic;
using Orchestrator.Testing.Clis;

namespace Orchestrator.Bot.Tests.CodingSessions;

/// <summary>
/// A coding session with the REAL Claude Code CLI and the REAL git against a fake Anthropic server, and what the
/// control plane's events look like from Telegram: <c>/events</c> and the events chat (<c>Events:ChatId</c>).
/// </summary>
public sealed class ClaudeCodingSessionTests : IAsyncLifetime
{
    private FakeAnthropicServer _anthropic = null!;
    private ClaudeHome _home = null!;
    private CodexBot _bot = null!;

    public async Task InitializeAsync()
    {
        _anthropic = await FakeAnthropicServer.StartAsync();
        _home = ClaudeHome.Create(_anthropic.BaseUrl);
        _bot = await CodexBot.StartAsync(s =>
        {
            s["Claude:Command"] = AgentClis.Claude;
            foreach (var (key, value) in _home.EnvironmentVariables)
            {
                s[$"Claude:Environment:{key}"] = value ?? "";
            }

            // The admin's private chat doubles as the events chat.
            s["Events:ChatId"] = BotHarness.AdminId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        });
    }

    [Fact]
    public async Task Send_claude_implement_commits_to_its_branch_and_the_events_reach_events_and_the_events_chat()
    {
        var repository = GitRepository.Create(_bot.Workspace, "app");
        _bot.Telegram.SendText(BotHarness.AdminId, BotHarness.AdminId, "/project add " + repository);
        await _bot.Telegram.WaitForBotMessageAsync(BotHarness.AdminId, m => m.Text.StartsWith("📦 Project app added", StringComparison.Ordinal), CodexBot.Timeout, "the project");
        // A relative path: the command runs in the session's folder, which must be the worktree, not the checkout.
        _anthropic.Enqueue(FakeAnthropicResponse.Bash("echo claude > shared.txt", "Write the file"), FakeAnthropicResponse.Text("Written."));

        var asked = _bot.Say("/send claude implement app write claude into shared.txt");
        var prompt = await _bot.Telegram.WaitForBotMessageAsync(_bot.Chat, m => m.AllButtons.Any(b => b.Text == "✅ Approve"), CodexBot.Timeout, "the approval");
        _bot.Telegram.PressButton(_bot.Chat, BotHarness.OwnerId, prompt.MessageId, prompt.AllButtons.Single(b => b.Text == "✅ Approve").CallbackData!);
        var card = await _bot.ReplyToAsync(asked, m => m.Text.StartsWith("🚀 Session", StringComparison.Ordinal), "the session card");
        var id = card.Text.Split(' ', 3)[2].TrimEnd(':')[..6];
        var diff = await _bot.Telegram.WaitForAsync(
            t => t.Documents.FirstOrDefault(d => d.Caption?.Contains($"Session {id}, turn 1", StringComparison.Ordinal) == true),
            CodexBot.Timeout, "the turn's diff");

        Assert.Contains("+claude", diff.Text, StringComparison.Ordinal);
        Assert.Equal("claude\n", GitRepository.Run(repository, "show", $"orch/claude/app/{id}:shared.txt"));
        Assert.Equal("base\n", File.ReadAllText(Path.Combine(repository, "shared.txt")));
        Assert.Equal("", GitRepository.Run(repository, "status", "--porcelain"));

        // The events chat got the session's life as it happened (batched, so look across its messages).
        await _bot.Telegram.WaitForAsync(
            t => t.BotMessages(BotHarness.AdminId).Any(m => m.Text.Contains($"session {id} created", StringComparison.Ordinal))
                 && t.BotMessages(BotHarness.AdminId).Any(m => m.Text.Contains("turn.ended", StringComparison.Ordinal)),
            CodexBot.Timeout, "the session's events in the events chat");

        var events = await _bot.AskAsync("/events 50");
        Assert.Contains($"session.state: session {id} created: claude implement app", events.Text, StringComparison.Ordinal);
        Assert.Contains($"worktree.created: worktree created: ", events.Text, StringComparison.Ordinal);
        Assert.Contains($"orch/claude/app/{id}", events.Text, StringComparison.Ordinal);
        Assert.Contains("turn.ended: turn 1 ended", events.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Claude_analyze_is_read_only_the_command_is_not_run_and_the_session_ends_with_the_answer()
    {
        var repository = GitRepository.Create(_bot.Workspace, "app");
        _bot.Telegram.SendText(BotHarness.AdminId, BotHarness.AdminId, "/project add " + repository);
        await _bot.Telegram.WaitForBotMessageAsync(BotHarness.AdminId, m => m.Text.StartsWith("📦 Project app added", StringComparison.Ordinal), CodexBot.Timeout, "the project");
        _anthropic.Enqueue(FakeAnthropicResponse.Bash("echo claude > written.txt", "Write the file"), FakeAnthropicResponse.Text("The repository holds one file."));

        var asked = _bot.Say("/send claude analyze app");
        var card = await _bot.ReplyToAsync(asked, m => m.Text.StartsWith("🚀 Session", StringComparison.Ordinal), "the session card");
        var id = card.Text.Split(' ', 3)[2].TrimEnd(':')[..6];
        await _bot.Telegram.WaitForBotMessageAsync(_bot.Chat, m => m.Text.Contains("The repository holds one file.", StringComparison.Ordinal), CodexBot.Timeout, "the answer");
        var session = await SessionWaits.StateAsync(_bot.Bot, id, Orchestrator.Core.CodingSessions.SessionStates.WaitingForUser);

        Assert.DoesNotContain(_bot.Telegram.BotMessages(_bot.Chat), m => m.AllButtons.Any(b => b.Text == "✅ Approve"));
        Assert.False(File.Exists(Path.Combine(repository, "written.txt")));
        Assert.Equal("", GitRepository.Run(repository, "status", "--porcelain", "--untracked-files=all"));
        Assert.Null(session.WorktreePath);
        Assert.Equal("main\n", GitRepository.Run(repository, "branch", "--list", "--format=%(refname:short)"));
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _anthropic.DisposeAsync();
        _home.Dispose();
    }
}
