using Orchestrator.Core.CodingSessions;
using Orchestrator.Core.Git;
using Orchestrator.Core.Operations;

namespace Orchestrator.Core.Tests.CodingSessions;

/// <summary>Each turn's own diff, the engine thread following the session, and who sees which chat's sessions.</summary>
public sealed class SessionTurnsAndThreadsTests : IDisposable
{
    private readonly ControlPlane _plane = new();

    public void Dispose() => _plane.Dispose();

    [Fact]
    public async Task Each_turn_diff_holds_only_what_that_turn_changed()
    {
        await _plane.AddProjectAsync("app");
        var session = await _plane.SendAsync("codex implement app write a.txt");
        File.WriteAllText(Path.Combine(session.WorktreePath!, "a.txt"), "a\n");
        _plane.Runner.End(session.Id, new SessionTurnResult(SessionTurnOutcome.Completed, null, "ok", 1, 1));
        await _plane.WaitForStateAsync(session.Id, SessionStates.WaitingForUser);

        await _plane.Sessions.FollowUpAsync(session.Id, "now b.txt", ControlPlane.Alice);
        File.WriteAllText(Path.Combine(session.WorktreePath!, "b.txt"), "b\n");
        _plane.Runner.End(session.Id, new SessionTurnResult(SessionTurnOutcome.Completed, null, "ok", 1, 1));
        await _plane.WaitForTurnEndAsync(session.Id, 2);

        var artifacts = (await _plane.Sessions.FilesAsync(session)).ArtifactsFolder;
        Assert.Contains("a.txt", File.ReadAllText(Path.Combine(artifacts, "turn-1.diff")), StringComparison.Ordinal);
        Assert.Equal("+++ b/b.txt\n", File.ReadAllText(Path.Combine(artifacts, "turn-2.diff")));
    }

    [Fact]
    public async Task The_engine_thread_is_named_after_the_session_and_archived_and_deleted_with_it()
    {
        await _plane.AddProjectAsync("app");
        var session = await _plane.SendAsync("codex implement app add a --verbose flag");
        _plane.Runner.End(session.Id, new SessionTurnResult(SessionTurnOutcome.Completed, null, "ok", 1, 1));
        await _plane.WaitForStateAsync(session.Id, SessionStates.WaitingForUser);

        await _plane.Sessions.ArchiveAsync(session.Id, ControlPlane.Alice);
        var preview = await _plane.Sessions.PreviewDeleteAsync(session.Id, ControlPlane.Alice);
        await _plane.Sessions.DeleteAsync(preview, deleteBranch: false, ControlPlane.Alice);

        Assert.Equal($"{session.Id} implement app: add a --verbose flag", Assert.Single(_plane.Runner.Requests).ThreadName);
        Assert.Equal([$"archive thread-{session.Id}", $"delete thread-{session.Id}"], _plane.Runner.ThreadChanges);
    }

    [Fact]
    public async Task Another_chats_non_admin_cannot_see_or_drive_a_session_but_its_requester_and_a_bot_admin_can()
    {
        await _plane.AddProjectAsync("app");
        var session = await _plane.SendAsync("codex analyze app"); // chat -100
        _plane.Runner.End(session.Id, new SessionTurnResult(SessionTurnOutcome.Completed, null, "ok", 1, 1));
        await _plane.WaitForStateAsync(session.Id, SessionStates.WaitingForUser);
        var groupAdminElsewhere = new Actor(4, "Gus", IsAdmin: true, ChatId: -200);
        var botAdminElsewhere = ControlPlane.Admin with { ChatId = -200, SeesAllChats = true };

        var unseen = await Assert.ThrowsAsync<RefusedException>(() => _plane.Sessions.GetAsync(session.Id, groupAdminElsewhere));
        var undriven = await Assert.ThrowsAsync<RefusedException>(() => _plane.Sessions.FollowUpAsync(session.Id, "more", groupAdminElsewhere));
        var unstopped = await Assert.ThrowsAsync<RefusedException>(() => _plane.Sessions.ArchiveAsync(session.Id, groupAdminElsewhere));

        Assert.Contains("There is no session", unseen.Message, StringComparison.Ordinal);
        Assert.Equal(unseen.Message, undriven.Message);
        Assert.Equal(unseen.Message, unstopped.Message);
        Assert.Equal(session.Id, (await _plane.Sessions.GetAsync(session.Id, ControlPlane.Alice with { ChatId = 2 })).Id);
        Assert.Equal(session.Id, (await _plane.Sessions.GetAsync(session.Id, botAdminElsewhere)).Id);
        Assert.Empty(await _plane.Sessions.ListAsync(null, all: true, 10, -200));
        Assert.Single(await _plane.Sessions.ListAsync(null, all: true, 10, -100));
        Assert.Single(await _plane.Sessions.ListAsync(null, all: true, 10, null));
        Assert.Equal(SessionStates.Archived, (await _plane.Sessions.ArchiveAsync(session.Id, botAdminElsewhere)).State);
    }

    [Theory]
    [InlineData("diff --git a/a.txt b/a.txt\n+a\ndiff --git a/b.txt b/b.txt\n+b\n", true)]
    [InlineData("diff --git a/a.txt b/a.txt\n+a\n", false)] // b.txt was changed by a shell command: git's diff is the truth
    [InlineData("", false)]
    [InlineData(null, false)]
    public void The_engine_diff_stands_for_the_turn_only_when_it_names_every_file_git_saw(string? engineDiff, bool covers)
    {
        Assert.Equal(covers, TurnDiffs.Covers(engineDiff, [new DiffFile("a.txt", 1, 0), new DiffFile("b.txt", 1, 0)]));
    }
}
