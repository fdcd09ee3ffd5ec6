using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Core.CodingSessions;
using Orchestrator.Core.Events;
using Orchestrator.Testing.OpenAi;
using Orchestrator.Testing.Telegram;

namespace Orchestrator.Bot.Tests.CodingSessions;

/// <summary>
/// Coding sessions from Telegram with the REAL git and the REAL codex against the fake model, which asks for a shell
/// command (run in the session's folder) that writes the file.
/// </summary>
public sealed class CodingSessionTests
{
    /// <summary>Writes the session's folder name (its id) into shared.txt, in whatever folder the turn runs in.</summary>
    private static FunctionCallResponse WriteSessionIdIntoSharedFile() =>
        FakeResponse.ExecCommand("basename \"$PWD\" > shared.txt", workdir: null, justification: "to write the file");

    [Fact]
    public async Task Two_implement_sessions_at_once_each_branch_holds_only_its_own_change_and_the_checkout_is_untouched()
    {
        await using var codex = await CodexBot.StartAsync();
        var repository = GitRepository.Create(codex.Workspace, "app");
        await AddProjectAsync(codex, repository);
        codex.Model.DefaultResponse = FakeResponse.Text("Done.");
        codex.Model.Enqueue(WriteSessionIdIntoSharedFile(), WriteSessionIdIntoSharedFile());

        codex.Say("/implement app write your id into shared.txt");
        codex.Say("/implement app write your id into shared.txt");
        // Both turns wait at their approval at the same time; then both go on.
        var prompts = await codex.Telegram.WaitForAsync(
            t => t.BotMessages(codex.Chat).Where(m => m.AllButtons.Any(b => b.Text == "✅ Approve")).ToList() is { Count: 2 } both ? both : null,
            CodexBot.Timeout, "two approval prompts");
        foreach (var prompt in prompts)
        {
            codex.Telegram.PressButton(codex.Chat, BotHarness.OwnerId, prompt.MessageId, prompt.AllButtons.Single(b => b.Text == "✅ Approve").CallbackData!);
        }

        var sessions = await codex.Bot.Service<CodingSessionService>().ListAsync("app", all: false, 10);
        Assert.Equal(2, sessions.Count);
        foreach (var session in sessions)
        {
            await SessionWaits.StateAsync(codex.Bot, session.Id, SessionStates.WaitingForUser);
        }

        foreach (var session in sessions)
        {
            Assert.Equal($"orch/default/app/{session.Id}", session.Branch);
            Assert.Equal(session.Id + "\n", GitRepository.Run(repository, "show", $"{session.Branch}:shared.txt"));
            Assert.Equal("shared.txt\n", GitRepository.Run(repository, "diff", "--name-only", "main", session.Branch!));
            var diff = Assert.Single(codex.Telegram.Documents, d => d.Caption?.Contains($"Session {session.Id}, turn 1", StringComparison.Ordinal) == true);
            Assert.Equal("turn-1.diff", diff.FileName);
            Assert.Contains("1 file changed, +1 −1", diff.Caption, StringComparison.Ordinal);
            Assert.Contains("+" + session.Id, diff.Text, StringComparison.Ordinal);
        }

        Assert.Equal("base\n", File.ReadAllText(Path.Combine(repository, "shared.txt")));
        Assert.Equal("", GitRepository.Run(repository, "status", "--porcelain"));
        Assert.Equal("main\n", GitRepository.Run(repository, "branch", "--show-current"));
    }

    [Fact]
    public async Task Follow_up_by_reply_stop_resume_after_a_crash_archive_and_delete_with_its_preview()
    {
        await using var codex = await CodexBot.StartAsync();
        var repository = GitRepository.Create(codex.Workspace, "app");
        await AddProjectAsync(codex, repository);
        codex.Model.DefaultResponse = FakeResponse.Text("Done.");
        codex.Model.Enqueue(WriteSessionIdIntoSharedFile());

        var asked = codex.Say("/implement app write your id into shared.txt");
        var prompt = await codex.Telegram.WaitForBotMessageAsync(codex.Chat, m => m.AllButtons.Any(b => b.Text == "✅ Approve"), CodexBot.Timeout, "the approval");
        codex.Telegram.PressButton(codex.Chat, BotHarness.OwnerId, prompt.MessageId, prompt.AllButtons.Single(b => b.Text == "✅ Approve").CallbackData!);
        var card = await codex.ReplyToAsync(asked, m => m.Text.StartsWith("🚀 Session", StringComparison.Ordinal), "the session card");
        var id = card.Text.Split(' ', 3)[2].TrimEnd(':')[..6];
        await SessionWaits.StateAsync(codex.Bot, id, SessionStates.WaitingForUser);
        Assert.Contains(card.AllButtons, b => b.Text == "🧩 Diff");

        // A reply to the card is a follow-up; a stranger to the session (not its requester, not an admin) is refused.
        var gate = new TaskCompletionSource();
        codex.Model.Enqueue(FakeResponse.Text("Thinking hard about it", 3).WithGateBefore(1, gate.Task));
        codex.Telegram.SendText(codex.Chat, BotHarness.OwnerId, "and explain it", replyToMessageId: card.MessageId);
        await SessionWaits.EventAsync(codex.Bot, id, EventKinds.TurnStarted, "turn 2 started");
        // The model's answer has begun (so the scripted answer is taken by this turn, not a later one).
        await codex.Telegram.WaitForBotMessageAsync(codex.Chat, m => m.Text.StartsWith("Thinking", StringComparison.Ordinal), CodexBot.Timeout, "turn 2 streaming");
        codex.Say("/stop " + id);
        var stopped = await SessionWaits.StateAsync(codex.Bot, id, SessionStates.Stopped, turns: 2);
        Assert.Equal(2, stopped.Turns);

        // Resume, then the bot dies mid-turn: the session comes back failed, and resumes in the same thread.
        codex.Model.Enqueue(FakeResponse.Text("Still going", 3).WithGateBefore(1, new TaskCompletionSource().Task));
        codex.Say("/resume " + id);
        await SessionWaits.EventAsync(codex.Bot, id, EventKinds.TurnStarted, "turn 3 started");
        await codex.Telegram.WaitForBotMessageAsync(codex.Chat, m => m.Text.StartsWith("Stil", StringComparison.Ordinal), CodexBot.Timeout, "turn 3 streaming");
        var thread = (await codex.Bot.Service<CodingSessionService>().GetAsync(id)).ThreadId;
        await codex.Bot.CrashAndRestartAsync();
        var failed = await codex.Bot.Service<CodingSessionService>().GetAsync(id);
        Assert.Equal((SessionStates.Failed, "the bot restarted"), (failed.State, failed.Reason));
        codex.Say("/resume " + id + " finish up");
        var resumed = await SessionWaits.StateAsync(codex.Bot, id, SessionStates.WaitingForUser, turns: 4);
        Assert.Equal((thread, 4), (resumed.ThreadId, resumed.Turns));

        var archivedReply = codex.Say("/archive " + id);
        await codex.ReplyToAsync(archivedReply, m => m.Text.StartsWith($"🗄 Session {id} archived", StringComparison.Ordinal));
        var deleteAsked = codex.Say($"/delete {id} --delete-branch");
        var preview = await codex.ReplyToAsync(deleteAsked, m => m.Text.StartsWith("🗑 Delete session", StringComparison.Ordinal), "the preview");
        Assert.Contains(resumed.WorktreePath!, preview.Text, StringComparison.Ordinal);
        Assert.Contains("commit(s) not merged", preview.Text, StringComparison.Ordinal);
        Assert.Contains("turn-1.diff", preview.Text, StringComparison.Ordinal);
        var keep = preview.AllButtons.Single(b => b.Text == "✅ Delete, keep the branch");
        var withBranch = preview.AllButtons.Single(b => b.Text.StartsWith("⚠️ Delete, and the branch", StringComparison.Ordinal));
        Assert.NotNull(keep);
        codex.Telegram.PressButton(codex.Chat, BotHarness.OwnerId, preview.MessageId, withBranch.CallbackData!);
        await codex.Telegram.WaitForBotMessageAsync(codex.Chat, m => m.Text == $"🗑 Session {id} deleted; branch {resumed.Branch} deleted.", CodexBot.Timeout, "the deletion");

        Assert.False(Directory.Exists(resumed.WorktreePath));
        Assert.Equal("", GitRepository.Run(repository, "branch", "--list", resumed.Branch!));
        Assert.Equal(SessionStates.Deleted, (await codex.Bot.Service<CodingSessionService>().GetAsync(id)).State);
        Assert.Equal("base\n", File.ReadAllText(Path.Combine(repository, "shared.txt")));
    }

    [Fact]
    public async Task Project_commands_add_list_and_refuse_what_they_must()
    {
        await using var codex = await CodexBot.StartAsync();
        var repository = GitRepository.Create(codex.Workspace, "My App");
        Directory.CreateDirectory(Path.Combine(codex.Workspace, "plain"));

        var notAdmin = codex.Say($"/project add \"{repository}\"");
        await codex.ReplyToAsync(notAdmin, m => m.Text == "⛔ Only an admin of the bot can add projects.");
        Admin(codex, $"/project add \"{repository}\" --name Shop Front --default-branch main");
        await codex.Telegram.WaitForBotMessageAsync(BotHarness.AdminId, m => m.Text.StartsWith("📦 Project shop-front added", StringComparison.Ordinal), CodexBot.Timeout);
        Admin(codex, "/project add plain");
        await codex.Telegram.WaitForBotMessageAsync(BotHarness.AdminId, m => m.Text.Contains("is not inside a git repository", StringComparison.Ordinal), CodexBot.Timeout);
        Admin(codex, "/project add /etc");
        await codex.Telegram.WaitForBotMessageAsync(BotHarness.AdminId, m => m.Text.Contains("outside the allowed folders", StringComparison.Ordinal), CodexBot.Timeout);

        var listed = codex.Say("/projects");
        var list = await codex.ReplyToAsync(listed, m => m.Text.StartsWith("Projects:", StringComparison.Ordinal));
        Assert.Contains($"• shop-front — Shop Front: {repository} (main) · 0 active session(s)", list.Text, StringComparison.Ordinal);
        var unknown = codex.Say("/implement nope do it");
        await codex.ReplyToAsync(unknown, m => m.Text == "⛔ There is no project “nope”. /projects lists them.");
        var bad = codex.Say("/send codex deploy shop-front now");
        await codex.ReplyToAsync(bad, m => m.Text.StartsWith("⛔ Unknown action “deploy”", StringComparison.Ordinal));
    }

    internal static void Admin(CodexBot codex, string text) => codex.Telegram.SendText(BotHarness.AdminId, BotHarness.AdminId, text);

    internal static async Task AddProjectAsync(CodexBot codex, string repository)
    {
        Admin(codex, "/project add " + repository);
        await codex.Telegram.WaitForBotMessageAsync(BotHarness.AdminId, m => m.Text.StartsWith("📦 Project app added", StringComparison.Ordinal), CodexBot.Timeout, "the project");
    }
}
