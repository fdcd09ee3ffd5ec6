using Microsoft.Extensions.Logging;

namespace Orchestrator.Core.Git;

// The cleanup preview, and removal bounded by the preview the user confirmed.
public sealed partial class Worktrees
{
    public async Task<CleanupPreview> PreviewCleanupAsync(Worktree worktree, string defaultBranch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(worktree);
        RequireOption(defaultBranch, "default branch");
        var repository = await RequireRootAsync(worktree.RepositoryPath, cancellationToken).ConfigureAwait(false);
        var commonDir = await CommonDirectoryAsync(repository, cancellationToken).ConfigureAwait(false);
        using var gate = await _locks.AcquireAsync(commonDir, cancellationToken).ConfigureAwait(false);
        return await PreviewAsync(repository, worktree, defaultBranch, cancellationToken).ConfigureAwait(false);
    }

    public async Task RemoveAsync(Worktree worktree, CleanupPreview confirmed, bool deleteBranch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(worktree);
        ArgumentNullException.ThrowIfNull(confirmed);
        var path = Path.TrimEndingDirectorySeparator(Path.GetFullPath(worktree.Path));
        if (!SamePath(confirmed.WorktreePath, path) || confirmed.Branch != worktree.Branch)
        {
            throw new ArgumentException("The confirmed preview is of another worktree or branch.", nameof(confirmed));
        }

        var repository = await RequireRootAsync(worktree.RepositoryPath, cancellationToken).ConfigureAwait(false);
        if (SamePath(path, repository))
        {
            throw new ArgumentException("The repository's main checkout is never removed.", nameof(worktree));
        }

        var commonDir = await CommonDirectoryAsync(repository, cancellationToken).ConfigureAwait(false);
        using var gate = await _locks.AcquireAsync(commonDir, cancellationToken).ConfigureAwait(false);

        // What removing would lose now, against what the user agreed to lose: everything is checked before anything
        // is removed, so a refusal leaves the worktree and the branch as they were.
        // Counted against the branch the preview was (the main checkout's HEAD when the preview does not say).
        var defaultBranch = confirmed.DefaultBranch ?? "HEAD";
        RequireOption(defaultBranch, "default branch");
        var now = await PreviewAsync(repository, worktree, defaultBranch, cancellationToken).ConfigureAwait(false);
        var newUncommitted = now.UncommittedFiles.Except(confirmed.UncommittedFiles, StringComparer.Ordinal).ToList();
        var newUntracked = now.UntrackedFiles.Except(confirmed.UntrackedFiles, StringComparer.Ordinal).ToList();
        if (newUncommitted.Count > 0 || newUntracked.Count > 0)
        {
            throw new WorktreeChangedException(
                $"The worktree changed since the preview: {Describe(newUncommitted.Concat(newUntracked).ToList())} would also be lost. Nothing was removed; look at the new preview.");
        }

        if (deleteBranch && now.BranchExists && now.UnmergedCommits > (confirmed.BranchExists ? confirmed.UnmergedCommits : 0))
        {
            throw new WorktreeChangedException(
                $"The branch {worktree.Branch} now has {now.UnmergedCommits} unmerged commit(s), the preview showed {confirmed.UnmergedCommits}. Nothing was removed; look at the new preview.");
        }

        if (now.WorktreeExists)
        {
            await RemoveFolderAsync(repository, path, now, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _git.RunAsync(repository, ["worktree", "prune"], cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        if (deleteBranch && now.BranchExists)
        {
            await DeleteBranchAsync(repository, worktree.Branch, now.UnmergedCommits, cancellationToken).ConfigureAwait(false);
        }

        _logger.LogInformation("Removed worktree {Path}{Branch}", path, deleteBranch && now.BranchExists ? $" and branch {worktree.Branch}" : string.Empty);
    }

    /// <summary>
    /// <c>worktree remove</c>; <c>--force</c> only when the preview (already checked against the confirmed one) shows
    /// files that will be lost, or when submodules are the only reason git refuses (their changes show in the preview
    /// as changed files too). A worktree a user locked stays: that needs <c>--force</c> twice, never used.
    /// </summary>
    private async Task RemoveFolderAsync(string repository, string path, CleanupPreview now, CancellationToken cancellationToken)
    {
        if (now.LosesWork)
        {
            await _git.RunAsync(repository, ["worktree", "remove", "--force", path], cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        var plain = await _git.RunAsync(repository, ["worktree", "remove", path], new GitRun(Check: false), cancellationToken).ConfigureAwait(false);
        if (plain.Succeeded)
        {
            return;
        }

        if (plain.Error.Contains("containing submodules", StringComparison.Ordinal))
        {
            await _git.RunAsync(repository, ["worktree", "remove", "--force", path], cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        throw GitRunner.Failure(["worktree"], plain);
    }

    /// <summary><c>branch -D</c> only when the confirmed preview counted its unmerged commits; <c>branch -d</c> otherwise.</summary>
    private async Task DeleteBranchAsync(string repository, string branch, int unmerged, CancellationToken cancellationToken)
    {
        if (unmerged > 0)
        {
            await _git.RunAsync(repository, ["branch", "-D", branch], cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        var safe = await _git.RunAsync(repository, ["branch", "-d", branch], new GitRun(Check: false), cancellationToken).ConfigureAwait(false);
        if (safe.Succeeded)
        {
            return;
        }

        if (safe.Error.Contains("not fully merged", StringComparison.Ordinal))
        {
            // "-d" measures against the main checkout's HEAD (or an upstream); the preview counted zero commits missing
            // from the default branch, so "-D" loses nothing the default branch does not hold.
            await _git.RunAsync(repository, ["branch", "-D", branch], cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        throw GitRunner.Failure(["branch"], safe);
    }

    private async Task<CleanupPreview> PreviewAsync(string repository, Worktree worktree, string defaultBranch, CancellationToken cancellationToken)
    {
        var path = Path.TrimEndingDirectorySeparator(Path.GetFullPath(worktree.Path));
        var exists = Directory.Exists(path);
        List<string> uncommitted = [];
        List<string> untracked = [];
        if (exists)
        {
            // GIT_OPTIONAL_LOCKS=0: status does not refresh the index (no index.lock taken under an agent's feet).
            var status = await _git.RunAsync(
                path,
                ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--ignore-submodules=none"],
                new GitRun(new Dictionary<string, string?> { ["GIT_OPTIONAL_LOCKS"] = "0" }),
                cancellationToken).ConfigureAwait(false);
            (uncommitted, untracked) = GitStatus.ParsePorcelain(status.Output);
        }

        var branchExists = await BranchExistsAsync(repository, worktree.Branch, cancellationToken).ConfigureAwait(false);
        var unmerged = 0;
        if (branchExists)
        {
            var count = await _git.RunAsync(
                repository, ["rev-list", "--count", $"{defaultBranch}..refs/heads/{worktree.Branch}", "--"], cancellationToken: cancellationToken).ConfigureAwait(false);
            unmerged = int.Parse(count.Output.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }

        return new CleanupPreview(path, exists, exists ? FolderSize(path) : 0, uncommitted, untracked, worktree.Branch, branchExists, unmerged, defaultBranch);
    }

    /// <summary>Bytes of the files under <paramref name="path"/> (symbolic links not followed, unreadable parts skipped).</summary>
    private static long FolderSize(string path)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        long total = 0;
        foreach (var file in new DirectoryInfo(path).EnumerateFiles("*", options))
        {
            total += file.Length;
        }

        return total;
    }

    private static string Describe(List<string> files) =>
        files.Count <= 5 ? string.Join(", ", files) : $"{string.Join(", ", files.Take(5))} and {files.Count - 5} more";
}
