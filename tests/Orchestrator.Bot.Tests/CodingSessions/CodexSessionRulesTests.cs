using Orchestrator.Agents.Codex;
using Orchestrator.Bot.Engines;
using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Core.CodingSessions;
using Orchestrator.Testing.OpenAi;
using Orchestrator.Testing.Telegram;
using static Orchestrator.Bot.Tests.CodingSessions.CodingSessionTests;

namespace Orchestrator.Bot.Tests.CodingSessions;

/// <summary>
/// What a coding session promises beyond its lifecycle, with the REAL codex and git against the fake model: each turn's
/// diff is that turn's, the Codex thread follows the session (name, archive, delete), analyze is really read-only, a
/// failed turn says how to go on, and another chat neither sees nor drives the session.
/// </summary>
public sealed class CodexSessionRulesTests
{
    private const long OtherUserId = 1002;

    private static FunctionCallResponse Shell(string command, bool escalated = true) =>
        FakeResponse.ExecCommand(command, workdir: null, escalated ? "require_escalated" : "use_default", "to write the file");

    [Fact]
    public async Task Each_turn_diff_holds_only_its_own_change_and_the_codex_thread_is_named_archived_and_deleted_with_the_session()
    {
        await using var codex = await CodexBot.StartAsync();
        var repository = GitRepository.Create(codex.Workspace, "app");
        await AddProjectAsync(codex, repository);
        codex.Model.DefaultResponse = FakeResponse.Text("Done.");
        codex.Model.Enqueue(Shell("echo one > first.txt"));

        var pressed = new HashSet<int>();
        codex.Say("/implement app write first.txt");
        await ApproveNextAsync(codex, 1, pressed);
        var id = (await codex.Bot.Service<CodingSessionService>().ListAsync("app", all: false, 10)).Single().Id;
        await SessionWaits.StateAsync(codex.Bot, id, SessionStates.WaitingForUser);
        codex.Model.Enqueue(Shell("echo two > second.txt"));
        codex.Say($"/followup {id} now write second.txt");
        await ApproveNextAsync(codex, 2, pressed);
        var session = await SessionWaits.StateAsync(codex.Bot, id, SessionStates.WaitingForUser, turns: 2);

        var second = await codex.Telegram.WaitForAsync(
            t => t.Documents.FirstOrDefault(d => d.FileName == "turn-2.diff"), CodexBot.Timeout, "turn 2's diff");
        Assert.Contains("second.txt", second.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("first.txt", second.Text, StringComparison.Ordinal);
        Assert.Contains("1 file changed, +1 −0", second.Caption, StringComparison.Ordinal);
        Assert.Contains("first.txt", codex.Telegram.Documents.Single(d => d.FileName == "turn-1.diff").Text, StringComparison.Ordinal);
        // The whole session's diff against its base still has both.
        var whole = await codex.Bot.Service<Orchestrator.Core.Git.IWorktrees>().DiffAsync(session.WorktreePath!, session.BaseCommit!);
        Assert.Equal(["first.txt", "second.txt"], whole.Files.Select(f => f.Path).Order(StringComparer.Ordinal));

        // Codex's own thread list shows the session's thread by the session's name; archived, then deleted, with it.
        var engine = (CodexEngine)codex.Bot.Service<EngineRegistry>().Get("codex");
        var thread = Assert.Single(await engine.ListThreadsAsync(), t => t.Id == session.ThreadId);
        Assert.Equal($"{id} implement app: write first.txt", thread.Name);
        await codex.ReplyToAsync(codex.Say("/archive " + id), m => m.Text.StartsWith($"🗄 Session {id} archived", StringComparison.Ordinal));
        Assert.DoesNotContain(await engine.ListThreadsAsync(), t => t.Id == session.ThreadId);
        Assert.Contains(await engine.ListThreadsAsync(archived: true), t => t.Id == session.ThreadId);
        var preview = await codex.ReplyToAsync(codex.Say("/delete " + id), m => m.Text.StartsWith("🗑 Delete session", StringComparison.Ordinal), "the preview");
        codex.Telegram.PressButton(codex.Chat, BotHarness.OwnerId, preview.MessageId, preview.AllButtons.Single(b => b.Text == "✅ Delete").CallbackData!);
        await codex.Telegram.WaitForBotMessageAsync(codex.Chat, m => m.Text.StartsWith($"🗑 Session {id} deleted", StringComparison.Ordinal), CodexBot.Timeout, "the deletion");
        Assert.DoesNotContain(await engine.ListThreadsAsync(archived: true), t => t.Id == session.ThreadId);
    }

    [Fact]
    public async Task Analyze_is_read_only_nothing_is_written_not_even_with_an_escalation_and_the_session_ends_with_the_answer()
    {
        await using var codex = await CodexBot.StartAsync();
        var repository = GitRepository.Create(codex.Workspace, "app");
        await AddProjectAsync(codex, repository);
        codex.Model.DefaultResponse = FakeResponse.Text("The repository holds one file.");
        codex.Model.Enqueue(Shell("echo x > sandboxed.txt", escalated: false), Shell("echo x > escalated.txt"));

        var asked = codex.Say("/send codex analyze app");
        var card = await codex.ReplyToAsync(asked, m => m.Text.StartsWith("🚀 Session", StringComparison.Ordinal), "the session card");
        var id = card.Text.Split(' ', 3)[2].TrimEnd(':')[..6];
        var session = await SessionWaits.StateAsync(codex.Bot, id, SessionStates.WaitingForUser);

        await codex.Telegram.WaitForBotMessageAsync(codex.Chat, m => m.Text.Contains("The repository holds one file.", StringComparison.Ordinal), CodexBot.Timeout, "the answer");
        Assert.DoesNotContain(codex.Telegram.BotMessages(codex.Chat), m => m.AllButtons.Any(b => b.Text == "✅ Approve"));
        Assert.False(File.Exists(Path.Combine(repository, "sandboxed.txt")));
        Assert.False(File.Exists(Path.Combine(repository, "escalated.txt")));
        Assert.Equal("", GitRepository.Run(repository, "status", "--porcelain", "--untracked-files=all"));
        Assert.Null(session.WorktreePath);
        Assert.False(Directory.Exists(Path.Combine(repository, ".orchestrator", "worktrees")));
        Assert.Equal("main\n", GitRepository.Run(repository, "branch", "--list", "--format=%(refname:short)"));
    }

    [Fact]
    public async Task Another_chats_user_neither_sees_nor_drives_a_session_an_admin_sees_all_and_a_failed_turn_says_resume()
    {
        await using var codex = await CodexBot.StartAsync(s => s["Access:AllowedUserIds:1"] = OtherUserId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var repository = GitRepository.Create(codex.Workspace, "app");
        await AddProjectAsync(codex, repository);
        codex.Model.Enqueue(FakeResponse.HttpError(400, "The model refused the request."));

        var asked = codex.Say("/send codex review app");
        var card = await codex.ReplyToAsync(asked, m => m.Text.StartsWith("🚀 Session", StringComparison.Ordinal), "the session card");
        var id = card.Text.Split(' ', 3)[2].TrimEnd(':')[..6];
        await SessionWaits.StateAsync(codex.Bot, id, SessionStates.Failed);
        await codex.Telegram.WaitForBotMessageAsync(codex.Chat, m => m.Text.Contains("❌ Failed:", StringComparison.Ordinal) && m.Text.EndsWith($"— /resume {id} to go on.", StringComparison.Ordinal), CodexBot.Timeout, "the failed footer");

        // The other user, in their own chat: the session is not there, and cannot be driven from there.
        var list = await AskAsync(codex, OtherUserId, "/sessions --all");
        Assert.DoesNotContain(id, list.Text, StringComparison.Ordinal);
        Assert.StartsWith("No coding sessions in this chat", list.Text, StringComparison.Ordinal);
        foreach (var command in new[] { $"/session {id}", $"/resume {id}", $"/archive {id}", $"/delete {id}", $"/followup {id} hi" })
        {
            var refused = await AskAsync(codex, OtherUserId, command);
            Assert.Equal($"⛔ There is no session “{id}” here. /sessions lists this chat's.", refused.Text);
        }

        var events = await AskAsync(codex, OtherUserId, "/events");
        Assert.Equal("No events in this chat yet.", events.Text);
        var notAdmin = await AskAsync(codex, OtherUserId, "/events --all");
        Assert.StartsWith("⛔ Only an admin of the bot", notAdmin.Text, StringComparison.Ordinal);

        // The owner's chat lists it; an admin, from their own chat, sees every chat's with --all.
        Assert.Contains(id, (await AskAsync(codex, BotHarness.OwnerId, "/sessions")).Text, StringComparison.Ordinal);
        Assert.Contains($"session {id} created", (await AskAsync(codex, BotHarness.OwnerId, "/events 50")).Text, StringComparison.Ordinal);
        Assert.DoesNotContain(id, (await AskAsync(codex, BotHarness.AdminId, "/sessions")).Text, StringComparison.Ordinal);
        var all = await AskAsync(codex, BotHarness.AdminId, "/sessions --all");
        Assert.Contains($"{id} · codex review app", all.Text, StringComparison.Ordinal);
        Assert.Contains($"chat {BotHarness.OwnerId}", all.Text, StringComparison.Ordinal);
        Assert.Contains($"session {id} created", (await AskAsync(codex, BotHarness.AdminId, "/events 50 --all")).Text, StringComparison.Ordinal);
        Assert.Equal(SessionStates.Failed, (await codex.Bot.Service<CodingSessionService>().GetAsync(id)).State);
    }

    /// <summary><paramref name="user"/> writes <paramref name="text"/> in their private chat; returns the bot's reply.</summary>
    private static async Task<FakeBotMessage> AskAsync(CodexBot codex, long user, string text)
    {
        codex.Telegram.SendText(user, user, text);
        var sent = codex.Telegram.LastUserMessageId;
        return await codex.Telegram.WaitForBotMessageAsync(user, m => m.ReplyToMessageId == sent, CodexBot.Timeout, "the reply to " + text);
    }

    /// <summary>Waits for the <paramref name="nth"/> approval prompt (the first not pressed yet) in the owner's chat and approves it.</summary>
    private static async Task ApproveNextAsync(CodexBot codex, int nth, HashSet<int> pressed)
    {
        var prompt = await codex.Telegram.WaitForAsync(
            t => t.BotMessages(codex.Chat).FirstOrDefault(m => !pressed.Contains(m.MessageId) && m.AllButtons.Any(b => b.Text == "✅ Approve")),
            CodexBot.Timeout, $"approval prompt {nth}");
        pressed.Add(prompt.MessageId);
        codex.Telegram.PressButton(codex.Chat, BotHarness.OwnerId, prompt.MessageId, prompt.AllButtons.Single(b => b.Text == "✅ Approve").CallbackData!);
    }
}
