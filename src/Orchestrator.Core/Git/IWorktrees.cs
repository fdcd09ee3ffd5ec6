namespace Orchestrator.Core.Git;

/// <summary>
/// Git worktrees for coding sessions, through a real <c>git</c> process (run by the same process runner as the
/// agents). Every operation on one repository is serialized; nothing here ever force-removes a worktree or deletes a
/// branch unless the caller passes a <see cref="CleanupPreview"/> the user confirmed.
/// </summary>
public interface IWorktrees
{
    /// <summary>The repository's top folder, or null when <paramref name="path"/> is not inside a git repository.</summary>
    Task<string?> FindRepositoryRootAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>The branch HEAD points at in the main checkout (e.g. "main").</summary>
    Task<string> CurrentBranchAsync(string repositoryPath, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds <c>.orchestrator/</c> to the repository's <c>info/exclude</c> (once): a read-only session has no worktree, but
    /// its log and artifacts are under the checkout's <c>.orchestrator/</c> too and must not show as untracked there.
    /// </summary>
    Task ExcludeSessionFilesAsync(string repositoryPath, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates (or, when the branch already exists, reattaches) the worktree at <see cref="WorktreeSpec.Path"/> on
    /// <see cref="WorktreeSpec.Branch"/> from <see cref="WorktreeSpec.BaseRef"/>; adds <c>.orchestrator/</c> to the
    /// repository's <c>.git/info/exclude</c>, initialises submodules, copies the files listed in <c>.worktreeinclude</c>.
    /// A failed add leaves no branch behind. The main checkout is never touched.
    /// </summary>
    Task<Worktree> CreateAsync(WorktreeSpec spec, CancellationToken cancellationToken = default);

    /// <summary>Commits everything changed in the worktree (untracked files included); null when nothing changed.</summary>
    Task<string?> CommitAllAsync(string worktreePath, string message, CancellationToken cancellationToken = default);

    /// <summary>
    /// The worktree as it is now (committed, uncommitted and untracked files) as a git tree id, for a later
    /// <see cref="DiffAsync"/> against it: a turn's own diff is the worktree at its end against its snapshot at its start.
    /// Neither the index nor any ref changes.
    /// </summary>
    Task<string> SnapshotAsync(string worktreePath, CancellationToken cancellationToken = default);

    /// <summary>The diff of the worktree (committed and uncommitted) against <paramref name="baseCommit"/> (a commit or a tree from <see cref="SnapshotAsync"/>).</summary>
    Task<WorktreeDiff> DiffAsync(string worktreePath, string baseCommit, CancellationToken cancellationToken = default);

    /// <summary>What removing the worktree (and, optionally, its branch) would lose.</summary>
    Task<CleanupPreview> PreviewCleanupAsync(Worktree worktree, string defaultBranch, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes the worktree; deletes its branch only when <paramref name="deleteBranch"/> is set. Forces the removal
    /// (uncommitted files, unmerged commits) only as far as <paramref name="confirmed"/>, the preview the user saw,
    /// allows: if the worktree changed since, it refuses with <see cref="WorktreeChangedException"/>.
    /// </summary>
    Task RemoveAsync(Worktree worktree, CleanupPreview confirmed, bool deleteBranch, CancellationToken cancellationToken = default);
}

/// <param name="RepositoryPath">The project's main checkout.</param>
/// <param name="Path">Where the worktree goes: <c>&lt;project&gt;/.orchestrator/worktrees/&lt;session-id&gt;</c>.</param>
/// <param name="Branch">e.g. <c>orch/codex/my-app/a1b2c3</c>.</param>
/// <param name="BaseRef">The project's default branch, or a commit.</param>
public sealed record WorktreeSpec(string RepositoryPath, string Path, string Branch, string BaseRef);

/// <param name="BaseCommit">The commit the branch started from (diffs and "not merged" are measured against it).</param>
/// <param name="Reused">True when the branch already existed (a resume) and was attached, not created.</param>
public sealed record Worktree(string RepositoryPath, string Path, string Branch, string BaseCommit, bool Reused = false);

/// <param name="Files">Changed files, each with lines added and removed (binary files count 0/0).</param>
/// <param name="PatchTruncated">True when <paramref name="Patch"/> was cut at <c>Git:MaxPatchBytes</c> (the file stats are whole).</param>
public sealed record WorktreeDiff(string Patch, IReadOnlyList<DiffFile> Files, bool PatchTruncated = false)
{
    public int Added => Files.Sum(f => f.Added);
    public int Removed => Files.Sum(f => f.Removed);
}

public sealed record DiffFile(string Path, int Added, int Removed);

/// <param name="WorktreeExists">False when the folder is already gone (then only the branch and records remain).</param>
/// <param name="SizeBytes">Disk used by the worktree folder.</param>
/// <param name="UncommittedFiles">Modified or staged tracked files (porcelain paths).</param>
/// <param name="UntrackedFiles">Untracked, not ignored files.</param>
/// <param name="BranchExists">Whether the session's branch still exists.</param>
/// <param name="UnmergedCommits">Commits on the branch not reachable from the default branch.</param>
/// <param name="DefaultBranch">The branch <paramref name="UnmergedCommits"/> was counted against (removal counts again against it).</param>
public sealed record CleanupPreview(
    string WorktreePath,
    bool WorktreeExists,
    long SizeBytes,
    IReadOnlyList<string> UncommittedFiles,
    IReadOnlyList<string> UntrackedFiles,
    string Branch,
    bool BranchExists,
    int UnmergedCommits,
    string? DefaultBranch = null)
{
    public bool BranchMerged => BranchExists && UnmergedCommits == 0;
    public bool LosesWork => UncommittedFiles.Count > 0 || UntrackedFiles.Count > 0;
}

/// <summary>The worktree changed between the preview the user confirmed and the removal: nothing was removed.</summary>
public sealed class WorktreeChangedException(string message) : Exception(message);

/// <summary>A git command failed; <see cref="Exception.Message"/> holds git's own error (first lines of stderr).</summary>
public sealed class GitException(string message) : Exception(message);
