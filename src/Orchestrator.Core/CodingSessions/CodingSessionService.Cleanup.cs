using System.Text.Json;
using Orchestrator.Core.Events;
using Orchestrator.Core.Git;
using Orchestrator.Core.Operations;

namespace Orchestrator.Core.CodingSessions;

/// <summary>
/// What deleting a session would remove: the worktree (size, uncommitted and untracked files), the branch and whether
/// its commits are merged, the artifacts, the log and the database rows. The user confirms this very preview.
/// </summary>
public sealed record DeletePreview(
    CodingSession Session,
    CleanupPreview? Git,
    IReadOnlyList<SessionArtifact> Artifacts,
    string LogPath,
    bool LogExists,
    int CommandRows)
{
    /// <summary>True when deleting the branch would lose commits that are not in the default branch.</summary>
    public bool BranchHasUnmergedWork => Git is { BranchExists: true, UnmergedCommits: > 0 };
}

public sealed partial class CodingSessionService
{
    /// <summary>The cleanup preview of <c>/delete</c>; nothing is changed.</summary>
    public async Task<DeletePreview> PreviewDeleteAsync(string id, Actor actor, CancellationToken cancellationToken = default)
    {
        var session = await RequireAsync(id, actor, cancellationToken).ConfigureAwait(false);
        if (session.State != SessionStates.WaitingForUser && !SessionStates.CanMove(session.State, SessionStates.Deleted))
        {
            throw new RefusedException(SessionStates.Refusal(session.Id, session.State, "delete"));
        }

        var project = await ProjectOfAsync(session, cancellationToken).ConfigureAwait(false);
        CleanupPreview? preview = null;
        if (session is { WorktreePath: { } path, Branch: { } branch, BaseCommit: { } baseCommit })
        {
            preview = await git.PreviewCleanupAsync(new Worktree(project.Path, path, branch, baseCommit), project.DefaultBranch, cancellationToken)
                .ConfigureAwait(false);
        }

        var files = new SessionFiles(project.Path, session.Id);
        return new DeletePreview(session, preview, files.List(), files.LogPath, File.Exists(files.LogPath),
            await store.CommandCountAsync(session.Id, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Deletes what <paramref name="confirmed"/> listed: the worktree (forced only as far as the preview showed), the
    /// branch only with <paramref name="deleteBranch"/>, the artifacts and the log; the session row stays, deleted.
    /// </summary>
    public async Task<CodingSession> DeleteAsync(DeletePreview confirmed, bool deleteBranch, Actor actor, CancellationToken cancellationToken = default)
    {
        var gate = Gate(confirmed.Session.Id);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var session = await RequireAsync(confirmed.Session.Id, actor, cancellationToken).ConfigureAwait(false);
            if (session.State != confirmed.Session.State)
            {
                throw new RefusedException($"Session {session.Id} changed since the preview (it is {session.State} now): /delete {session.Id} again.");
            }

            session = await CloseIfWaitingAsync(session, actor, cancellationToken).ConfigureAwait(false);
            if (!SessionStates.CanMove(session.State, SessionStates.Deleted))
            {
                throw new RefusedException(SessionStates.Refusal(session.Id, session.State, "delete"));
            }

            await RecordCommandAsync(session, actor, $"/delete {session.Id}{(deleteBranch ? " --delete-branch" : "")} (confirmed)", cancellationToken).ConfigureAwait(false);
            var project = await ProjectOfAsync(session, cancellationToken).ConfigureAwait(false);
            if (confirmed.Git is { } preview && session is { WorktreePath: { } path, Branch: { } branch, BaseCommit: { } baseCommit })
            {
                var removeBranch = deleteBranch && preview.BranchExists;
                await git.RemoveAsync(new Worktree(project.Path, path, branch, baseCommit), preview, removeBranch, cancellationToken).ConfigureAwait(false);
                await AppendAsync(session, EventKinds.WorktreeRemoved,
                    $"worktree removed: {path}; branch {branch} {(removeBranch ? "deleted" : "kept")}", actor.Name, cancellationToken,
                    JsonSerializer.Serialize(new { path, branch, branchDeleted = removeBranch })).ConfigureAwait(false);
            }

            var moved = await MoveAsync(session, SessionStates.Deleted, $"deleted by {actor.Name}", actor.Name, cancellationToken).ConfigureAwait(false);
            await ThreadChangeAsync(moved, "deleted", runner.DeleteThreadAsync, cancellationToken).ConfigureAwait(false);
            new SessionFiles(project.Path, session.Id).Delete(); // after the last event: the log goes too
            return moved;
        }
        finally
        {
            gate.Release();
        }
    }
}
