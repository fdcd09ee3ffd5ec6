using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orchestrator.Api.Tests.Harness;
using Orchestrator.Bot.Audit;
using Orchestrator.Bot.Tests.CodingSessions;
using Orchestrator.Bot.Tests.Harness;
using Orchestrator.Core.CodingSessions;
using Orchestrator.Core.Events;
using Orchestrator.Testing.OpenAi;

namespace Orchestrator.Api.Tests.ControlPlane;

/// <summary>
/// Coding sessions over the API with the REAL git and the REAL codex against the fake model (which asks for a shell
/// command that writes the file): the same sessions, announcements, buttons and cleanup as /send in Telegram.
/// </summary>
public sealed class SessionsApiTests : IAsyncLifetime
{
    private const long OtherUserId = 1002;
    private ApiBot _api = null!;
    private string _repository = null!;
    private HttpClient _owner = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _api = await ApiBot.StartAsync(s => s["Access:AllowedUserIds:1"] = OtherUserId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _repository = GitRepository.Create(_api.Codex.Workspace, "app");
        _owner = _api.Client(await _api.TokenAsync(BotHarness.OwnerId));
        _admin = _api.Client(await _api.TokenAsync(BotHarness.AdminId));
        await ApiAssert.JsonAsync(await _admin.PostAsJsonAsync("/api/v1/projects", new { path = _repository }), HttpStatusCode.Created);
        _api.Codex.Model.DefaultResponse = FakeResponse.Text("Done.");

        // The owner has talked to the bot (the bot can only write to a chat its user opened: else POST /sessions is a 409).
        _api.Telegram.SendText(BotHarness.OwnerId, BotHarness.OwnerId, "/projects");
        await _api.Telegram.WaitForBotMessageAsync(BotHarness.OwnerId, m => m.Text.StartsWith("Projects:", StringComparison.Ordinal), CodexBot.Timeout, "/projects");
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    /// <summary>Writes the session's folder name (its id) into shared.txt, in whatever folder the turn runs in.</summary>
    private static FunctionCallResponse WriteSessionIdIntoSharedFile() =>
        FakeResponse.ExecCommand("basename \"$PWD\" > shared.txt", workdir: null, justification: "to write the file");

    [Fact]
    public async Task A_session_from_the_CLI_is_announced_shows_its_diff_artifacts_and_log_and_goes_through_its_whole_lifecycle()
    {
        var codex = _api.Codex;
        codex.Model.Enqueue(WriteSessionIdIntoSharedFile());
        var started = await ApiAssert.JsonAsync(
            await _owner.PostAsJsonAsync("/api/v1/sessions", new { agent = "codex", action = "implement", project = "app", task = "write your id into shared.txt" }),
            HttpStatusCode.Created);
        var id = started.GetProperty("id").GetString()!;
        Assert.Equal(("app", "implement", "running", BotHarness.OwnerId), (started.GetProperty("project").GetString(), started.GetProperty("action").GetString(),
            started.GetProperty("state").GetString(), started.GetProperty("requester_id").GetInt64()));

        // In Telegram: the [CLI] echo, the session card answering it, and the approval, which works as for /send.
        var echo = await codex.Telegram.WaitForBotMessageAsync(
            BotHarness.OwnerId, m => m.Text == "[CLI] /send codex implement app write your id into shared.txt", CodexBot.Timeout, "the [CLI] echo");
        var card = await codex.Telegram.WaitForBotMessageAsync(
            BotHarness.OwnerId, m => m.ReplyToMessageId == echo.MessageId && m.Text.StartsWith($"🚀 Session {id}: codex implement app", StringComparison.Ordinal), CodexBot.Timeout, "the card");
        Assert.Contains(card.AllButtons, b => b.Text == "🧩 Diff");
        var prompt = await codex.Telegram.WaitForBotMessageAsync(BotHarness.OwnerId, m => m.AllButtons.Any(b => b.Text == "✅ Approve"), CodexBot.Timeout, "the approval");
        codex.Telegram.PressButton(BotHarness.OwnerId, BotHarness.OwnerId, prompt.MessageId, prompt.AllButtons.Single(b => b.Text == "✅ Approve").CallbackData!);
        await SessionWaits.StateAsync(codex.Bot, id, SessionStates.WaitingForUser);

        var shown = await ApiAssert.JsonAsync(await _owner.GetAsync($"/api/v1/sessions/{id}"));
        Assert.Equal(("waiting_for_user", $"orch/codex/app/{id}", 1), (shown.GetProperty("state").GetString(), shown.GetProperty("branch").GetString(), shown.GetProperty("turns").GetInt32()));
        Assert.Contains((await ApiAssert.JsonAsync(await _owner.GetAsync("/api/v1/sessions?project=app"))).EnumerateArray(), s => s.GetProperty("id").GetString() == id);

        // One event per approval, naming the session, whichever face showed the prompt (it was decided in Telegram).
        var requested = JsonDocument.Parse(Assert.Single((await ApiAssert.JsonAsync(
            await _owner.GetAsync($"/api/v1/events?session={id}&kind=approval.requested"))).EnumerateArray()).GetProperty("data").GetString()!).RootElement;
        var resolved = JsonDocument.Parse(Assert.Single((await ApiAssert.JsonAsync(
            await _owner.GetAsync($"/api/v1/events?session={id}&kind=approval.resolved"))).EnumerateArray()).GetProperty("data").GetString()!).RootElement;
        Assert.Equal((requested.GetProperty("approval_id").GetString(), "approved", "Telegram"),
            (resolved.GetProperty("approval_id").GetString(), resolved.GetProperty("decision").GetString(), resolved.GetProperty("origin").GetString()));

        // The diff, the turn's artifact (the same change), the log.
        var diff = await ApiAssert.JsonAsync(await _owner.GetAsync($"/api/v1/sessions/{id}/diff"));
        Assert.Contains("+" + id, diff.GetProperty("diff").GetString(), StringComparison.Ordinal);
        Assert.False(diff.GetProperty("truncated").GetBoolean());
        var file = Assert.Single(diff.GetProperty("files").EnumerateArray());
        Assert.Equal(("shared.txt", 1, 1), (file.GetProperty("path").GetString(), file.GetProperty("added").GetInt32(), file.GetProperty("removed").GetInt32()));
        var artifacts = await ApiAssert.JsonAsync(await _owner.GetAsync($"/api/v1/artifacts?session={id}"));
        var turnDiff = artifacts.EnumerateArray().Single(a => a.GetProperty("name").GetString() == "turn-1.diff");
        Assert.Equal(id + ".turn-1.diff", turnDiff.GetProperty("id").GetString());
        var content = await _owner.GetAsync($"/api/v1/artifacts/{turnDiff.GetProperty("id").GetString()}/content");
        Assert.Equal("text/plain", content.Content.Headers.ContentType?.MediaType);
        var text = await content.Content.ReadAsStringAsync();
        Assert.Contains("+" + id, text, StringComparison.Ordinal);
        Assert.Equal(turnDiff.GetProperty("size_bytes").GetInt64(), System.Text.Encoding.UTF8.GetByteCount(text));
        Assert.Contains((await ApiAssert.JsonAsync(await _owner.GetAsync("/api/v1/artifacts?project=app"))).EnumerateArray(), a => a.GetProperty("session_id").GetString() == id);
        await ApiAssert.ProblemAsync(await _owner.GetAsync($"/api/v1/artifacts/{Uri.EscapeDataString(id + "../../../shared.txt")}/content"), HttpStatusCode.NotFound);
        var log = await ApiAssert.JsonAsync(await _owner.GetAsync($"/api/v1/sessions/{id}/log-tail?lines=3"));
        Assert.InRange(log.GetProperty("lines").GetArrayLength(), 1, 3);

        // Another allowed user does not see it (404 like an unknown session); an admin does. The project cannot go.
        var other = _api.Client(await _api.TokenAsync(OtherUserId));
        await ApiAssert.ProblemAsync(await other.GetAsync($"/api/v1/sessions/{id}"), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await other.GetAsync($"/api/v1/sessions/{id}/diff"), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await other.PostAsJsonAsync($"/api/v1/sessions/{id}/followup", new { text = "hijack" }), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await other.GetAsync($"/api/v1/artifacts/{id}.turn-1.diff/content"), HttpStatusCode.NotFound);
        Assert.DoesNotContain((await ApiAssert.JsonAsync(await other.GetAsync("/api/v1/sessions"))).EnumerateArray(), s => s.GetProperty("id").GetString() == id);
        Assert.Equal(id, (await ApiAssert.JsonAsync(await _admin.GetAsync($"/api/v1/sessions/{id}"))).GetProperty("id").GetString());
        var busy = await ApiAssert.ProblemAsync(await _admin.DeleteAsync("/api/v1/projects/app"), HttpStatusCode.Conflict);
        Assert.Contains("still has 1 session(s)", busy, StringComparison.Ordinal);

        // Follow up, stop it while it answers, resume.
        var gate = new TaskCompletionSource();
        codex.Model.Enqueue(FakeResponse.Text("Thinking hard about it", 3).WithGateBefore(1, gate.Task));
        var followed = await ApiAssert.JsonAsync(await _owner.PostAsJsonAsync($"/api/v1/sessions/{id}/followup", new { text = "and explain it" }), HttpStatusCode.Accepted);
        Assert.Equal("running", followed.GetProperty("state").GetString());
        await SessionWaits.EventAsync(codex.Bot, id, EventKinds.TurnStarted, "turn 2 started");
        await codex.Telegram.WaitForBotMessageAsync(BotHarness.OwnerId, m => m.Text.StartsWith("Thinking", StringComparison.Ordinal), CodexBot.Timeout, "turn 2 streaming");
        await ApiAssert.ProblemAsync(await _owner.PostAsJsonAsync($"/api/v1/sessions/{id}/followup", new { text = "too soon" }), HttpStatusCode.Conflict);
        await ApiAssert.JsonAsync(await _owner.PostAsync($"/api/v1/sessions/{id}/stop", null));
        await SessionWaits.StateAsync(codex.Bot, id, SessionStates.Stopped, turns: 2);
        await codex.Telegram.WaitForBotMessageAsync(BotHarness.OwnerId, m => m.Text == $"[CLI] /stop {id}", CodexBot.Timeout, "the /stop echo");
        await ApiAssert.JsonAsync(await _owner.PostAsJsonAsync($"/api/v1/sessions/{id}/resume", new { text = "finish up" }), HttpStatusCode.Accepted);
        await SessionWaits.StateAsync(codex.Bot, id, SessionStates.WaitingForUser, turns: 3);

        // A delete confirmed on a preview that no longer holds is refused with the current preview.
        var preview = await ApiAssert.JsonAsync(await _owner.GetAsync($"/api/v1/sessions/{id}/cleanup-preview"));
        var stale = preview.GetProperty("confirm").GetString()!;
        Assert.True(preview.GetProperty("worktree_exists").GetBoolean());
        Assert.True(preview.GetProperty("branch_has_unmerged_work").GetBoolean());
        Assert.Contains(preview.GetProperty("artifacts").EnumerateArray(), a => a.GetProperty("name").GetString() == "turn-1.diff");
        await ApiAssert.JsonAsync(await _owner.PostAsJsonAsync($"/api/v1/sessions/{id}/followup", new { text = "one more thing" }), HttpStatusCode.Accepted);
        await SessionWaits.StateAsync(codex.Bot, id, SessionStates.WaitingForUser, turns: 4);
        var archived = await ApiAssert.JsonAsync(await _owner.PostAsync($"/api/v1/sessions/{id}/archive", null));
        Assert.Equal("archived", archived.GetProperty("state").GetString());
        Assert.DoesNotContain((await ApiAssert.JsonAsync(await _owner.GetAsync("/api/v1/sessions"))).EnumerateArray(), s => s.GetProperty("id").GetString() == id);
        Assert.Contains((await ApiAssert.JsonAsync(await _owner.GetAsync("/api/v1/sessions?archived=true"))).EnumerateArray(), s => s.GetProperty("id").GetString() == id);

        var refused = await _owner.PostAsJsonAsync($"/api/v1/sessions/{id}/delete", new { confirm = stale, delete_branch = true });
        await ApiAssert.ProblemAsync(refused, HttpStatusCode.Conflict);
        var current = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("preview");
        Assert.Equal("archived", current.GetProperty("state").GetString());
        Assert.NotEqual(stale, current.GetProperty("confirm").GetString());
        await ApiAssert.ProblemAsync(await _owner.PostAsJsonAsync($"/api/v1/sessions/{id}/delete", new { delete_branch = true }), HttpStatusCode.Conflict);
        Assert.True(Directory.Exists(shown.GetProperty("worktree_path").GetString()));

        var deleted = await ApiAssert.JsonAsync(
            await _owner.PostAsJsonAsync($"/api/v1/sessions/{id}/delete", new { confirm = current.GetProperty("confirm").GetString(), delete_branch = true }));
        Assert.Equal("deleted", deleted.GetProperty("state").GetString());
        Assert.False(Directory.Exists(shown.GetProperty("worktree_path").GetString()));
        Assert.Equal("", GitRepository.Run(_repository, "branch", "--list", $"orch/codex/app/{id}"));
        Assert.Equal("base\n", File.ReadAllText(Path.Combine(_repository, "shared.txt")));

        // What was asked, newest first.
        var commands = await ApiAssert.JsonAsync(await _owner.GetAsync($"/api/v1/commands?session={id}"));
        var texts = commands.EnumerateArray().Select(c => c.GetProperty("text").GetString()!).ToList();
        Assert.StartsWith($"/delete {id} --delete-branch", texts[0], StringComparison.Ordinal);
        Assert.Equal("/send codex implement app write your id into shared.txt", texts[^1]);
        Assert.Contains($"/followup {id} and explain it", texts);
        Assert.Equal("implement", commands.EnumerateArray().Last().GetProperty("parsed").GetProperty("action").GetString());
        await ApiAssert.ProblemAsync(await other.GetAsync($"/api/v1/commands?session={id}"), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync("/api/v1/projects/app")).StatusCode);
    }

    [Fact]
    public async Task A_command_line_starts_a_read_only_session_and_bad_commands_get_a_clear_400()
    {
        var posted = await ApiAssert.JsonAsync(await _owner.PostAsJsonAsync("/api/v1/commands", new { text = "codex analyze app the README --model gpt-test" }), HttpStatusCode.Created);
        var session = posted.GetProperty("session");
        var id = session.GetProperty("id").GetString()!;
        Assert.Equal(("analyze", "gpt-test"), (session.GetProperty("action").GetString(), session.GetProperty("model").GetString()));
        Assert.False(session.TryGetProperty("branch", out _)); // read-only: no worktree, no branch
        var command = posted.GetProperty("command");
        Assert.Equal((id, "/send codex analyze app the README --model gpt-test"), (command.GetProperty("session_id").GetString(), command.GetProperty("text").GetString()));
        Assert.Equal(("codex", "app", "the README"), (command.GetProperty("parsed").GetProperty("agent").GetString(),
            command.GetProperty("parsed").GetProperty("project").GetString(), command.GetProperty("parsed").GetProperty("task").GetString()));
        await _api.Telegram.WaitForBotMessageAsync(BotHarness.OwnerId, m => m.Text == "[CLI] /send codex analyze app the README --model gpt-test", CodexBot.Timeout, "the echo");
        await SessionWaits.StateAsync(_api.Bot, id, SessionStates.WaitingForUser);
        var audit = await _api.Bot.Service<AuditLog>().LatestAsync(BotHarness.OwnerId, 20);
        Assert.Contains(audit, e => e.UserId == BotHarness.OwnerId && e.Detail == "CLI: /send codex analyze app the README --model gpt-test");

        var diff = await ApiAssert.JsonAsync(await _owner.GetAsync($"/api/v1/sessions/{id}/diff"));
        Assert.Equal("", diff.GetProperty("diff").GetString());
        Assert.Equal(0, diff.GetProperty("files").GetArrayLength());
        var mine = await ApiAssert.JsonAsync(await _owner.GetAsync("/api/v1/commands"));
        Assert.Equal(command.GetProperty("id").GetInt64(), mine.EnumerateArray().First().GetProperty("id").GetInt64());
        var other = _api.Client(await _api.TokenAsync(OtherUserId));
        Assert.Equal(0, (await ApiAssert.JsonAsync(await other.GetAsync("/api/v1/commands"))).GetArrayLength());
        Assert.Equal(0, (await ApiAssert.JsonAsync(await other.GetAsync("/api/v1/artifacts"))).GetArrayLength());
        Assert.NotEqual(0, (await ApiAssert.JsonAsync(await _admin.GetAsync("/api/v1/commands"))).GetArrayLength());
        Assert.Single((await ApiAssert.JsonAsync(await _owner.GetAsync("/api/v1/sessions?state=waiting_for_user"))).EnumerateArray());

        Assert.Contains("Usage", await ApiAssert.ProblemAsync(await _owner.PostAsJsonAsync("/api/v1/commands", new { text = "codex" }), HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("Unknown action", await ApiAssert.ProblemAsync(await _owner.PostAsJsonAsync("/api/v1/commands", new { text = "codex deploy app now" }), HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("no project", await ApiAssert.ProblemAsync(await _owner.PostAsJsonAsync("/api/v1/sessions", new { agent = "codex", action = "analyze", project = "nope" }), HttpStatusCode.BadRequest), StringComparison.Ordinal);
        await ApiAssert.ProblemAsync(await _owner.PostAsJsonAsync("/api/v1/sessions", new { agent = "codex", action = "implement", project = "app" }), HttpStatusCode.BadRequest);
        await ApiAssert.ProblemAsync(await _owner.PostAsJsonAsync("/api/v1/sessions", new { agent = "codex", action = "analyze", project = "app", chat_id = BotHarness.AdminId }), HttpStatusCode.Forbidden);
        await ApiAssert.ProblemAsync(await _owner.GetAsync("/api/v1/sessions?state=sleeping"), HttpStatusCode.BadRequest);
        await ApiAssert.ProblemAsync(await _owner.GetAsync("/api/v1/sessions/zzzzzz"), HttpStatusCode.NotFound);
    }
}
