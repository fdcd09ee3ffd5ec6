using Orchestrator.Core.CodingSessions;
using Orchestrator.Core.Events;
using Orchestrator.Core.Operations;

namespace Orchestrator.Core.Tests.CodingSessions;

public sealed class CodingSessionServiceTests : IDisposable
{
    private readonly ControlPlane _plane = new();

    public void Dispose() => _plane.Dispose();

    [Fact]
    public async Task An_implement_session_runs_in_its_own_worktree_and_branch_and_its_diff_becomes_an_artifact()
    {
        var project = await _plane.AddProjectAsync("app");

        var session = await _plane.SendAsync("codex implement app write hello.txt --model gpt-5");
        var request = Assert.Single(_plane.Runner.Requests);
        File.WriteAllText(Path.Combine(request.WorkingDirectory, "hello.txt"), "hi\n");
        _plane.Runner.End(session.Id, new SessionTurnResult(SessionTurnOutcome.Completed, null, "wrote it", 10, 5));
        var ended = await _plane.WaitForStateAsync(session.Id, SessionStates.WaitingForUser);

        Assert.Equal(SessionStates.Running, session.State);
        Assert.Equal(Path.Combine(project.Path, ".orchestrator", "worktrees", session.Id), request.WorkingDirectory);
        Assert.False(request.ReadOnly);
        Assert.Equal($"orch/codex/app/{session.Id}", ended.Branch);
        Assert.Equal(("gpt-5", "thread-" + session.Id, 10L, 5L, 1), (ended.Model, ended.ThreadId, ended.InputTokens, ended.OutputTokens, ended.Turns));
        var files = await _plane.Sessions.FilesAsync(ended);
        Assert.Equal(["turn-1.diff", "transcript.jsonl"], files.List().Select(a => a.Name));
        Assert.Contains("hello.txt", File.ReadAllText(Path.Combine(files.ArtifactsFolder, "turn-1.diff")), StringComparison.Ordinal);
        var (_, name, caption) = Assert.Single(_plane.Notifier.Artifacts);
        Assert.Equal(("turn-1.diff", $"🧩 Session {session.Id}, turn 1: 1 file changed, +1 −0"), (name, caption));
        var kinds = (await _plane.Events.ListAsync(new EventQuery(SessionId: session.Id))).Reverse().Select(e => e.Kind);
        Assert.Equal(
            [EventKinds.CommandReceived, EventKinds.SessionState, EventKinds.WorktreeCreated, EventKinds.SessionState, EventKinds.TurnStarted,
             EventKinds.ArtifactCreated, EventKinds.TurnEnded, EventKinds.SessionState],
            kinds);
        Assert.Contains("[session.state]", string.Join("\n", files.LastLogLines(10)), StringComparison.Ordinal);
        var command = Assert.Single(await _plane.Store.CommandsOfAsync(session.Id));
        Assert.Equal(("/send codex implement app write hello.txt --model gpt-5", 2L), (command.Text, command.UserId));
        Assert.Contains("\"Action\":\"implement\"", command.Parsed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_runs_read_only_in_the_checkout_without_a_worktree()
    {
        var project = await _plane.AddProjectAsync("app");

        var session = await _plane.SendAsync("claude analyze app src/auth");

        var request = Assert.Single(_plane.Runner.Requests);
        Assert.Equal((project.Path, true), (request.WorkingDirectory, request.ReadOnly));
        Assert.Contains("src/auth", request.Prompt, StringComparison.Ordinal);
        Assert.Null(session.Branch);
        Assert.False(Directory.Exists(Path.Combine(project.Path, ".orchestrator", "worktrees")));
    }

    [Fact]
    public async Task Follow_up_stop_resume_archive_follow_the_lifecycle_and_refuse_what_it_does_not_allow()
    {
        await _plane.AddProjectAsync("app");
        var session = await _plane.SendAsync("codex plan app add caching");

        var early = await Assert.ThrowsAsync<RefusedException>(() => _plane.Sessions.FollowUpAsync(session.Id, "more", ControlPlane.Alice));
        _plane.Runner.End(session.Id, new SessionTurnResult(SessionTurnOutcome.Completed, null, "# Plan\n1. cache", 1, 1));
        await _plane.WaitForStateAsync(session.Id, SessionStates.WaitingForUser);
        var notYours = await Assert.ThrowsAsync<RefusedException>(() => _plane.Sessions.FollowUpAsync(session.Id, "more", ControlPlane.Bob));
        await _plane.Sessions.FollowUpAsync(session.Id, "also evict", ControlPlane.Alice);
        await _plane.Sessions.StopAsync(session.Id, ControlPlane.Admin);
        var stopped = await _plane.WaitForStateAsync(session.Id, SessionStates.Stopped);
        await _plane.Sessions.ResumeAsync(session.Id, null, ControlPlane.Alice);
        _plane.Runner.End(session.Id, new SessionTurnResult(SessionTurnOutcome.Failed, "model error", "", 1, 1));
        var failed = await _plane.WaitForStateAsync(session.Id, SessionStates.Failed);
        var archived = await _plane.Sessions.ArchiveAsync(session.Id, ControlPlane.Alice);
        var afterArchive = await Assert.ThrowsAsync<RefusedException>(() => _plane.Sessions.ResumeAsync(session.Id, null, ControlPlane.Alice));

        Assert.Equal("Cannot follow up session " + session.Id + ": it is running; you can /stop it.", early.Message);
        Assert.Contains("Only Alice", notYours.Message, StringComparison.Ordinal);
        Assert.Equal("Stopped by Ada.", stopped.Reason);
        Assert.Equal("model error", failed.Reason);
        Assert.Equal(SessionStates.Archived, archived.State);
        Assert.Contains("it is archived; you can /delete it", afterArchive.Message, StringComparison.Ordinal);
        var prompts = _plane.Runner.Requests.Select(r => (r.Prompt, r.Session.ThreadId)).ToList();
        Assert.Equal(("also evict", "thread-" + session.Id), prompts[1]);
        Assert.Equal("Continue the task where you left off.", prompts[2].Prompt);
        Assert.Equal("# Plan\n1. cache", File.ReadAllText(Path.Combine((await _plane.Sessions.FilesAsync(session)).ArtifactsFolder, "plan.md")));
    }

    [Fact]
    public async Task A_session_running_at_a_crash_comes_back_failed_and_resumable()
    {
        await _plane.AddProjectAsync("app");
        var session = await _plane.SendAsync("codex implement app x");

        // A new service over the same database, as after a restart.
        var recovered = await _plane.Sessions.RecoverAsync();
        var after = await _plane.Sessions.GetAsync(session.Id);
        await _plane.Sessions.ResumeAsync(session.Id, "go on", ControlPlane.Alice);

        Assert.Equal(1, recovered);
        Assert.Equal((SessionStates.Failed, "the bot restarted"), (after.State, after.Reason));
        Assert.Equal(SessionStates.Running, (await _plane.Sessions.GetAsync(session.Id)).State);
        Assert.Equal(after.WorktreePath, _plane.Runner.Requests.Last().WorkingDirectory);
    }

    [Fact]
    public async Task Delete_removes_what_the_preview_listed_and_keeps_the_branch_unless_asked()
    {
        await _plane.AddProjectAsync("app");
        var session = await _plane.SendAsync("codex implement app x");
        File.WriteAllText(Path.Combine(session.WorktreePath!, "a.txt"), "a\n");
        _plane.Runner.End(session.Id, new SessionTurnResult(SessionTurnOutcome.Completed, null, "ok", 1, 1));
        await _plane.WaitForStateAsync(session.Id, SessionStates.WaitingForUser);

        var refused = await Assert.ThrowsAsync<RefusedException>(() => _plane.Sessions.PreviewDeleteAsync(session.Id, ControlPlane.Bob));
        var preview = await _plane.Sessions.PreviewDeleteAsync(session.Id, ControlPlane.Alice);
        var deleted = await _plane.Sessions.DeleteAsync(preview, deleteBranch: false, ControlPlane.Alice);

        Assert.Contains("Only Alice", refused.Message, StringComparison.Ordinal);
        Assert.True(preview.BranchHasUnmergedWork);
        Assert.Equal(["turn-1.diff", "transcript.jsonl"], preview.Artifacts.Select(a => a.Name));
        Assert.Equal(SessionStates.Deleted, deleted.State);
        Assert.Equal([session.WorktreePath!], _plane.Git.Removed);
        Assert.False(Directory.Exists(preview.LogPath) || File.Exists(preview.LogPath));
        Assert.Empty((await _plane.Sessions.FilesAsync(deleted)).List());
        Assert.Empty(await _plane.Sessions.ListAsync("app", all: false, 10));
        Assert.Single(await _plane.Sessions.ListAsync("app", all: true, 10));
    }

    [Fact]
    public async Task A_worktree_that_cannot_be_created_fails_the_session_with_gits_reason()
    {
        await _plane.AddProjectAsync("app");
        _plane.Git.FailCreate = true;

        var session = await _plane.SendAsync("codex implement app x");

        Assert.Equal(SessionStates.Failed, session.State);
        Assert.Contains("a branch named 'x' already exists", session.Reason, StringComparison.Ordinal);
        Assert.Empty(_plane.Runner.Requests);
    }

    [Fact]
    public async Task An_unknown_project_is_refused_before_anything_is_stored()
    {
        var refusal = await Assert.ThrowsAsync<RefusedException>(() => _plane.SendAsync("codex implement nope x"));

        Assert.Contains("There is no project “nope”", refusal.Message, StringComparison.Ordinal);
        Assert.Empty(await _plane.Sessions.ListAsync(null, all: true, 10));
    }

    [Fact]
    public async Task Commands_are_listed_newest_first_and_only_to_whom_they_concern()
    {
        await _plane.AddProjectAsync("app");
        var alices = await _plane.SendAsync("codex analyze app");
        var bobs = await _plane.SendAsync("codex review app", ControlPlane.Bob);

        var all = await _plane.Store.ListCommandsAsync(null, null, 50);
        Assert.Equal([bobs.Id, alices.Id], all.Select(c => c.Command.SessionId));
        var alicesView = Assert.Single(await _plane.Store.ListCommandsAsync(null, ControlPlane.Alice.UserId, 50));
        Assert.Equal(("/send codex analyze app", alices.Id), (alicesView.Command.Text, alicesView.Command.SessionId));
        Assert.Empty(await _plane.Store.ListCommandsAsync(alices.Id, ControlPlane.Bob.UserId, 50));
        Assert.Single(await _plane.Store.ListCommandsAsync(null, null, 1));
    }
}
