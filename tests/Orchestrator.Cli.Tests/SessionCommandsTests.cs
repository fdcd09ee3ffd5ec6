using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orchestrator.Api.Tests.Harness;
using Orchestrator.Bot.Tests.CodingSessions;
using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Cli.Tests.Harness;
using Orchestrator.Core.CodingSessions;
using Orchestrator.Testing.OpenAi;

namespace Orchestrator.Cli.Tests;

/// <summary>
/// The real orch against the real bot for projects and coding sessions: the REAL git and the REAL codex against the
/// fake model, which asks to run a shell command (approved in Telegram, as a user would) that writes the file.
/// </summary>
public sealed class SessionCommandsTests : IAsyncLifetime
{
    /// <summary>The approval prompts already answered (a prompt keeps its message after the press).</summary>
    private readonly HashSet<int> _pressed = [];

    private ApiBot _api = null!;
    private Orch _owner = null!;
    private Orch _admin = null!;
    private string _repository = "";

    public async Task InitializeAsync()
    {
        _api = await ApiBot.StartAsync();
        _api.Telegram.SendText(BotHarness.OwnerId, BotHarness.OwnerId, "/start"); // the owner has opened the chat with the bot
        await _api.Telegram.WaitForBotMessageAsync(BotHarness.OwnerId, _ => true, TimeSpan.FromSeconds(30), "the answer to /start");
        _owner = new Orch(_api.BaseUrl, await _api.TokenAsync(BotHarness.OwnerId));
        _admin = new Orch(_api.BaseUrl, await _api.TokenAsync(BotHarness.AdminId));
        _repository = GitRepository.Create(_api.Codex.Workspace, "app");
        _api.Codex.Model.DefaultResponse = FakeResponse.Text("Done.");
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Projects_add_and_list_as_a_table_and_as_json_and_only_an_admin_may_add()
    {
        var refused = await _owner.RunAsync("projects", "add", _repository);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("403", refused.Error, StringComparison.Ordinal);

        var added = await _admin.RunAsync("projects", "add", _repository, "--name", "Shop Front", "--default-branch", "main");
        Assert.True(added.ExitCode == 0, added.Error);
        Assert.Contains("Project shop-front added", added.Output, StringComparison.Ordinal);

        var table = await _owner.RunAsync("projects", "list");
        Assert.Equal(0, table.ExitCode);
        var row = Assert.Single(table.Output.Split('\n'), l => l.Contains("shop-front", StringComparison.Ordinal));
        Assert.Contains("Shop Front", row, StringComparison.Ordinal);
        Assert.Contains(_repository, row, StringComparison.Ordinal);
        Assert.Contains("main", row, StringComparison.Ordinal);

        var json = await _owner.RunAsync("projects", "list", "--json");
        Assert.Equal(0, json.ExitCode);
        var project = Assert.Single(JsonDocument.Parse(json.Output).RootElement.EnumerateArray());
        Assert.Equal(("shop-front", _repository, "main"), (project.GetProperty("slug").GetString(), project.GetProperty("path").GetString(), project.GetProperty("default_branch").GetString()));

        var shown = await _owner.RunAsync("projects", "show", "shop-front");
        Assert.Equal(0, shown.ExitCode);
        Assert.Contains(_repository, shown.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usage_errors_exit_2_and_refusals_exit_1_with_the_reason()
    {
        var missing = await _owner.RunAsync("send", "codex", "implement");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("project", missing.Error, StringComparison.Ordinal);

        var badAction = await _owner.RunAsync("send", "codex", "deploy", "app");
        Assert.Equal(2, badAction.ExitCode);
        Assert.Contains("deploy", badAction.Error, StringComparison.Ordinal);

        var noTask = await _owner.RunAsync("send", "codex", "implement", "app");
        Assert.Equal(2, noTask.ExitCode);
        Assert.Contains("Say what to implement", noTask.Error, StringComparison.Ordinal);

        var unknownCommand = await _owner.RunAsync("sessions", "explode", "abc123");
        Assert.Equal(2, unknownCommand.ExitCode);

        var noProject = await _owner.RunAsync("send", "codex", "implement", "nope", "do", "it");
        Assert.Equal(1, noProject.ExitCode);
        Assert.Contains("nope", noProject.Error, StringComparison.Ordinal);

        var noSession = await _owner.RunAsync("sessions", "show", "zzzzzz");
        Assert.Equal(1, noSession.ExitCode);
        Assert.Contains("404", noSession.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_implement_then_list_show_diff_log_archive_and_both_follows_print_the_session_until_it_waits()
    {
        await AddProjectAsync();
        using var events = _owner.Start("events", "--follow");
        var eventLines = new Screen();
        try
        {
            Assert.StartsWith("Following events from", await events.StandardError.ReadLineAsync().WaitAsync(Orch.Timeout), StringComparison.Ordinal);
            var collecting = CollectAsync(events.StandardOutput, eventLines);

            _api.Codex.Model.Enqueue(WriteSessionIdIntoSharedFile());
            using var send = _owner.Start("send", "codex", "implement", "app", "write", "your", "id", "into", "shared.txt", "--follow");
            var output = new Screen();
            var sending = CollectAsync(send.StandardOutput, output);
            await ApproveInTelegramAsync();
            await send.WaitForExitAsync(new CancellationTokenSource(Orch.Timeout).Token);
            await sending;
            Assert.True(send.ExitCode == 0, output + await send.StandardError.ReadToEndAsync());
            var text = output.ToString();
            var id = text.Split(' ', 3)[1].TrimEnd(':');
            Assert.Matches("^[a-z0-9]{6}$", id);
            Assert.Contains($"Session {id}: codex implement app", text, StringComparison.Ordinal);
            Assert.Contains($"branch   orch/codex/app/{id}", text, StringComparison.Ordinal);
            Assert.Contains($"worktree {Path.Combine(_repository, ".orchestrator", "worktrees", id)}", text, StringComparison.Ordinal);
            Assert.Contains("approval.requested", text, StringComparison.Ordinal);
            Assert.Contains($"{id}  session {id}: running → waiting_for_user", text, StringComparison.Ordinal);
            Assert.Contains($"Session {id} waits for you", text, StringComparison.Ordinal);

            var list = await _owner.RunAsync("sessions", "list");
            Assert.Equal(0, list.ExitCode);
            var row = Assert.Single(list.Output.Split('\n'), l => l.Contains(id, StringComparison.Ordinal));
            Assert.Contains("waiting for user", row, StringComparison.Ordinal);
            Assert.Contains("implement", row, StringComparison.Ordinal);
            var listJson = await _owner.RunAsync("sessions", "list", "--project", "app", "--json");
            Assert.Equal(id, Assert.Single(JsonDocument.Parse(listJson.Output).RootElement.EnumerateArray()).GetProperty("id").GetString());

            var show = await _owner.RunAsync("sessions", "show", id);
            Assert.Equal(0, show.ExitCode);
            Assert.Contains($"orch/codex/app/{id}", show.Output, StringComparison.Ordinal);
            Assert.Contains("waiting for user", show.Output, StringComparison.Ordinal);
            Assert.Contains("write your id into shared.txt", show.Output, StringComparison.Ordinal);

            var diff = await _owner.RunAsync("sessions", "diff", id);
            Assert.Equal(0, diff.ExitCode);
            Assert.Contains("+++ b/shared.txt", diff.Output, StringComparison.Ordinal);
            Assert.Contains("-base", diff.Output, StringComparison.Ordinal);
            Assert.Contains("+" + id, diff.Output, StringComparison.Ordinal);
            Assert.Contains("1 file(s) changed, +1 −1", diff.Error, StringComparison.Ordinal);

            var artifacts = await _owner.RunAsync("artifacts", "list", "--session", id);
            Assert.Contains("turn-1.diff", artifacts.Output, StringComparison.Ordinal);
            var artifact = await _owner.RunAsync("artifacts", "show", $"{id}.turn-1.diff");
            Assert.Equal(0, artifact.ExitCode);
            Assert.Contains("+" + id, artifact.Output, StringComparison.Ordinal);

            var log = await _owner.RunAsync("sessions", "log", id, "--lines", "3");
            Assert.Equal(0, log.ExitCode);
            var logLines = log.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(3, logLines.Length);
            Assert.Contains(logLines, l => l.Contains($"[session.state] session {id}: running → waiting_for_user", StringComparison.Ordinal));

            // Archive, then what an archived session cannot do is refused with the bot's reason (exit 1).
            var archived = await _owner.RunAsync("sessions", "archive", id);
            Assert.True(archived.ExitCode == 0, archived.Error);
            Assert.Contains($"Session {id}: codex implement app — archived", archived.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(id, (await _owner.RunAsync("sessions", "list")).Output, StringComparison.Ordinal);
            Assert.Contains(id, (await _owner.RunAsync("sessions", "list", "--archived")).Output, StringComparison.Ordinal);
            var followup = await _owner.RunAsync("sessions", "followup", id, "and", "more");
            Assert.Equal(1, followup.ExitCode);
            Assert.Contains("archived", followup.Error, StringComparison.Ordinal);

            // The events --follow started before the session printed it, readably: the kind, the session, the summary.
            await eventLines.WaitForAsync($"{id}  session {id}: running → waiting_for_user");
            var lines = eventLines.ToString().Split('\n');
            Assert.Contains(lines, l => l.Contains("session.state", StringComparison.Ordinal) && l.Contains($"{id}  session {id}: created → running", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.Contains("turn.started", StringComparison.Ordinal) && l.Contains(id, StringComparison.Ordinal));
            _ = collecting;
        }
        finally
        {
            events.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task Delete_shows_the_preview_refuses_without_a_terminal_and_deletes_when_answered_y_or_given_yes()
    {
        await AddProjectAsync();
        var id = await ImplementAsync();
        var worktree = Path.Combine(_repository, ".orchestrator", "worktrees", id);

        // Piped input cannot answer: the preview is shown, nothing is deleted, exit 1 says to add --yes.
        var piped = await _owner.RunWithInputAsync("y\n", "sessions", "delete", id, "--delete-branch");
        Assert.Equal(1, piped.ExitCode);
        Assert.Contains($"Delete session {id}", piped.Output, StringComparison.Ordinal);
        Assert.Contains(worktree, piped.Output, StringComparison.Ordinal);
        Assert.Contains("turn-1.diff", piped.Output, StringComparison.Ordinal);
        Assert.Contains($"the branch orch/codex/app/{id}, 1 commit(s) not merged", piped.Output, StringComparison.Ordinal);
        Assert.Contains("--yes", piped.Error, StringComparison.Ordinal);
        Assert.True(Directory.Exists(worktree));

        // At a terminal: the preview, the question. The session changes before the answer (a new file in the worktree):
        // the bot refuses the stale preview, orch shows the new one with the file that would be lost, and asks again.
        using var terminal = _owner.StartInTerminal("sessions", "delete", id, "--delete-branch");
        var screen = new Screen();
        var reading = CollectAsync(terminal.StandardOutput, screen);
        var question = $"Delete session {id} and its branch?";
        await screen.WaitForAsync(question);
        Assert.Contains(worktree, screen.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("notes.txt", screen.ToString(), StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(worktree, "notes.txt"), "mine\n");
        await terminal.StandardInput.WriteAsync("y\r");
        await terminal.StandardInput.FlushAsync();
        await screen.WaitForAsync(question, times: 2);
        Assert.Contains("The session changed since that preview", screen.ToString(), StringComparison.Ordinal);
        Assert.Contains("1 untracked file(s), lost: notes.txt", screen.ToString(), StringComparison.Ordinal);
        Assert.True(Directory.Exists(worktree));
        await terminal.StandardInput.WriteAsync("y\r");
        await terminal.StandardInput.FlushAsync();
        await terminal.WaitForExitAsync(new CancellationTokenSource(Orch.Timeout).Token);
        await reading;
        Assert.True(terminal.ExitCode == 0, screen.ToString());
        Assert.Contains($"Session {id} deleted; branch orch/codex/app/{id} deleted.", screen.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(worktree));
        Assert.Equal("", GitRepository.Run(_repository, "branch", "--list", $"orch/codex/app/{id}"));
        Assert.Equal(SessionStates.Deleted, (await _api.Bot.Service<CodingSessionService>().GetAsync(id)).State);

        // --yes: no question; the branch is kept without --delete-branch; --json prints the deleted session.
        var second = await ImplementAsync();
        var yes = await _owner.RunWithInputAsync("", "sessions", "delete", second, "--yes", "--json");
        Assert.True(yes.ExitCode == 0, yes.Error);
        Assert.Equal("deleted", JsonDocument.Parse(yes.Output).RootElement.GetProperty("state").GetString());
        Assert.Contains($"Delete session {second}", yes.Error, StringComparison.Ordinal); // the preview, beside the JSON
        Assert.False(Directory.Exists(Path.Combine(_repository, ".orchestrator", "worktrees", second)));
        Assert.NotEqual("", GitRepository.Run(_repository, "branch", "--list", $"orch/codex/app/{second}"));
    }

    /// <summary>Writes the session's folder name (its id) into shared.txt, in whatever folder the turn runs in.</summary>
    private static FunctionCallResponse WriteSessionIdIntoSharedFile() =>
        FakeResponse.ExecCommand("basename \"$PWD\" > shared.txt", workdir: null, justification: "to write the file");

    private async Task AddProjectAsync()
    {
        var admin = _api.Client(await _api.TokenAsync(BotHarness.AdminId));
        await ApiAssert.JsonAsync(await admin.PostAsJsonAsync("/api/v1/projects", new { path = _repository }), HttpStatusCode.Created);
    }

    /// <summary>orch send codex implement (no --follow), the approval pressed in Telegram; returns once the session waits.</summary>
    private async Task<string> ImplementAsync()
    {
        _api.Codex.Model.Enqueue(WriteSessionIdIntoSharedFile());
        var sent = await _owner.RunAsync("send", "codex", "implement", "app", "write your id into shared.txt", "--json");
        Assert.True(sent.ExitCode == 0, sent.Error);
        var id = JsonDocument.Parse(sent.Output).RootElement.GetProperty("id").GetString()!;
        await ApproveInTelegramAsync();
        await SessionWaits.StateAsync(_api.Bot, id, SessionStates.WaitingForUser, within: Orch.Timeout);
        return id;
    }

    /// <summary>The owner presses Approve on the newest approval prompt in their private chat.</summary>
    private async Task ApproveInTelegramAsync()
    {
        var prompt = await _api.Telegram.WaitForBotMessageAsync(
            BotHarness.OwnerId, m => !_pressed.Contains(m.MessageId) && m.AllButtons.Any(b => b.Text == "✅ Approve"), Orch.Timeout, "the approval prompt");
        _pressed.Add(prompt.MessageId);
        _api.Telegram.PressButton(BotHarness.OwnerId, BotHarness.OwnerId, prompt.MessageId, prompt.AllButtons.Single(b => b.Text == "✅ Approve").CallbackData!);
    }

    /// <summary>Copies what a process prints into <paramref name="into"/> as it comes (not by lines: a question has no line end).</summary>
    private static async Task CollectAsync(StreamReader reader, Screen into)
    {
        var buffer = new char[1024];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            into.Append(buffer.AsSpan(0, read));
        }
    }
}
