using System.Collections.Concurrent;
using Orchestrator.Core.CodingSessions;
using Orchestrator.Core.Git;
using Orchestrator.Core.Projects;

namespace Orchestrator.Core.Tests.CodingSessions;

/// <summary>
/// IWorktrees without git: a "repository" is a folder with a <c>.git</c> folder; a worktree is a folder; the diff is
/// every file of the worktree as added. Enough to drive the lifecycle; the real git layer has its own tests.
/// </summary>
internal sealed class FolderWorktrees : IWorktrees
{
    public ConcurrentBag<string> Removed { get; } = [];

    public bool FailCreate { get; set; }

    public Task<string?> FindRepositoryRootAsync(string path, CancellationToken cancellationToken = default)
    {
        for (var dir = new DirectoryInfo(path); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, ".git")))
            {
                return Task.FromResult<string?>(dir.FullName);
            }
        }

        return Task.FromResult<string?>(null);
    }

    public ConcurrentBag<string> Excluded { get; } = [];

    public Task ExcludeSessionFilesAsync(string repositoryPath, CancellationToken cancellationToken = default)
    {
        Excluded.Add(repositoryPath);
        return Task.CompletedTask;
    }

    public Task<string> CurrentBranchAsync(string repositoryPath, CancellationToken cancellationToken = default) => Task.FromResult("main");

    public Task<Worktree> CreateAsync(WorktreeSpec spec, CancellationToken cancellationToken = default)
    {
        if (FailCreate)
        {
            throw new GitException("fatal: a branch named 'x' already exists");
        }

        var reused = Directory.Exists(spec.Path);
        Directory.CreateDirectory(spec.Path);
        return Task.FromResult(new Worktree(spec.RepositoryPath, spec.Path, spec.Branch, "0123456789abcdef", reused));
    }

    public Task<string?> CommitAllAsync(string worktreePath, string message, CancellationToken cancellationToken = default) =>
        Task.FromResult<string?>(Directory.EnumerateFiles(worktreePath).Any() ? "c0ffee" : null);

    /// <summary>A "tree" is the list of the worktree's files then: the diff against it leaves those out.</summary>
    public Task<string> SnapshotAsync(string worktreePath, CancellationToken cancellationToken = default) =>
        Task.FromResult("tree:" + string.Join('|', Directory.EnumerateFiles(worktreePath).Select(Path.GetFileName)));

    public Task<WorktreeDiff> DiffAsync(string worktreePath, string baseCommit, CancellationToken cancellationToken = default)
    {
        var before = baseCommit.StartsWith("tree:", StringComparison.Ordinal) ? baseCommit[5..].Split('|').ToHashSet() : [];
        var files = Directory.EnumerateFiles(worktreePath).Where(f => !before.Contains(Path.GetFileName(f))).Select(f => new DiffFile(Path.GetFileName(f), File.ReadAllLines(f).Length, 0)).ToList();
        var patch = string.Concat(files.Select(f => $"+++ b/{f.Path}\n"));
        return Task.FromResult(new WorktreeDiff(patch, files));
    }

    public Task<CleanupPreview> PreviewCleanupAsync(Worktree worktree, string defaultBranch, CancellationToken cancellationToken = default) =>
        Task.FromResult(new CleanupPreview(worktree.Path, Directory.Exists(worktree.Path), 10, [], [], worktree.Branch, true, 1));

    public Task RemoveAsync(Worktree worktree, CleanupPreview confirmed, bool deleteBranch, CancellationToken cancellationToken = default)
    {
        Directory.Delete(worktree.Path, recursive: true);
        Removed.Add(worktree.Path + (deleteBranch ? " +branch" : ""));
        return Task.CompletedTask;
    }
}

/// <summary>A turn runner whose turns end when the test says so.</summary>
internal sealed class ScriptedRunner : ISessionTurnRunner
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<SessionTurnResult>> _running = new();

    public ConcurrentQueue<SessionTurnRequest> Requests { get; } = new();

    public Task<SessionTurn> StartTurnAsync(SessionTurnRequest request, CancellationToken cancellationToken = default)
    {
        Requests.Enqueue(request);
        var done = new TaskCompletionSource<SessionTurnResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _running[request.Session.Id] = done;
        return Task.FromResult(new SessionTurn(request.Session.ThreadId ?? "thread-" + request.Session.Id, done.Task));
    }

    public Task<bool> StopAsync(string sessionId, string reason, CancellationToken cancellationToken = default) =>
        Task.FromResult(_running.TryRemove(sessionId, out var turn) && turn.TrySetResult(new SessionTurnResult(SessionTurnOutcome.Stopped, reason, "", 1, 1)));

    public ConcurrentQueue<string> ThreadChanges { get; } = new();

    public Task ArchiveThreadAsync(CodingSession session, CancellationToken cancellationToken = default)
    {
        ThreadChanges.Enqueue($"archive {session.ThreadId}");
        return Task.CompletedTask;
    }

    public Task DeleteThreadAsync(CodingSession session, CancellationToken cancellationToken = default)
    {
        ThreadChanges.Enqueue($"delete {session.ThreadId}");
        return Task.CompletedTask;
    }

    public void End(string sessionId, SessionTurnResult result)
    {
        if (_running.TryRemove(sessionId, out var turn))
        {
            turn.TrySetResult(result);
        }
    }
}

internal sealed class RecordingNotifier : ISessionNotifier
{
    public ConcurrentQueue<(string Session, string Name, string Caption)> Artifacts { get; } = new();

    public Task ArtifactCreatedAsync(CodingSession session, SessionArtifact artifact, string caption, CancellationToken cancellationToken = default)
    {
        Artifacts.Enqueue((session.Id, artifact.Name, caption));
        return Task.CompletedTask;
    }
}

/// <summary>Allows everything under one root.</summary>
internal sealed class RootPathPolicy(string root) : IProjectPathPolicy
{
    public ProjectPathVerdict Check(string requested)
    {
        var full = Path.GetFullPath(requested, root);
        return full.StartsWith(root, StringComparison.Ordinal) && Directory.Exists(full)
            ? ProjectPathVerdict.Allowed(full)
            : ProjectPathVerdict.Refused($"{full} is outside the allowed folders.");
    }
}
