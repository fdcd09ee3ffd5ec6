namespace Orchestrator.Core.Git;

// Commits and diffs of a worktree.
public sealed partial class Worktrees
{
    public async Task<string?> CommitAllAsync(string worktreePath, string message, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(worktreePath);
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        var folder = RequireFolder(worktreePath);
        var commonDir = await CommonDirectoryAsync(folder, cancellationToken).ConfigureAwait(false);
        using var gate = await _locks.AcquireAsync(commonDir, cancellationToken).ConfigureAwait(false);

        await _git.RunAsync(folder, ["add", "--all"], cancellationToken: cancellationToken).ConfigureAwait(false);
        var staged = await _git.RunAsync(folder, ["diff", "--cached", "--quiet", "--no-ext-diff"], new GitRun(AllowedExitCodes: [1]), cancellationToken).ConfigureAwait(false);
        if (staged.Succeeded)
        {
            return null;
        }

        // The bot's checkpoint commits: the repository's identity when it has one, else the configured fallback; no
        // hooks (a pre-commit hook could refuse or stall an agent's turn, and runs when the user commits the merge) and
        // no signing (a passphrase prompt would wait for a terminal that is not there).
        var identity = await HasIdentityAsync(folder, cancellationToken).ConfigureAwait(false)
            ? []
            : new[] { "-c", "user.name=" + _options.Value.CommitterName, "-c", "user.email=" + _options.Value.CommitterEmail };
        await _git.RunAsync(
            folder,
            [.. identity, "-c", "commit.gpgsign=false", "commit", "--quiet", "--no-verify", "--no-edit", "-m", message],
            cancellationToken: cancellationToken).ConfigureAwait(false);
        var head = await _git.RunAsync(folder, ["rev-parse", "HEAD"], cancellationToken: cancellationToken).ConfigureAwait(false);
        return head.Output.Trim();
    }

    public async Task<string> SnapshotAsync(string worktreePath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(worktreePath);
        var folder = RequireFolder(worktreePath);
        var commonDir = await CommonDirectoryAsync(folder, cancellationToken).ConfigureAwait(false);
        using var gate = await _locks.AcquireAsync(commonDir, cancellationToken).ConfigureAwait(false);
        return await WithWholeWorktreeIndexAsync(folder, async environment =>
            (await _git.RunAsync(folder, ["write-tree"], new GitRun(environment), cancellationToken).ConfigureAwait(false)).Output.Trim(),
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<WorktreeDiff> DiffAsync(string worktreePath, string baseCommit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(worktreePath);
        RequireOption(baseCommit, "base commit");
        var folder = RequireFolder(worktreePath);
        var commonDir = await CommonDirectoryAsync(folder, cancellationToken).ConfigureAwait(false);
        using var gate = await _locks.AcquireAsync(commonDir, cancellationToken).ConfigureAwait(false);
        return await WithWholeWorktreeIndexAsync(folder, async environment =>
        {
            string[] common = ["diff", "--cached", "--no-renames", "--no-ext-diff", "--no-color", "--no-textconv"];
            var stats = await _git.RunAsync(folder, [.. common, "--numstat", "-z", baseCommit, "--"], new GitRun(environment), cancellationToken).ConfigureAwait(false);
            var patch = await _git.RunAsync(
                folder,
                [.. common, "--src-prefix=a/", "--dst-prefix=b/", baseCommit, "--"],
                new GitRun(environment, MaxOutputBytes: _options.Value.MaxPatchBytes),
                cancellationToken).ConfigureAwait(false);
            return new WorktreeDiff(patch.Output, GitStatus.ParseNumstat(stats.Output), patch.OutputTruncated);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="action"/> with <c>GIT_INDEX_FILE</c> set to a throwaway copy of the worktree's index with
    /// everything added (untracked files included): git then sees the whole worktree, while the real index, which the
    /// agent's own git commands use, is left exactly as it was.
    /// </summary>
    private async Task<T> WithWholeWorktreeIndexAsync<T>(string folder, Func<Dictionary<string, string?>, Task<T>> action, CancellationToken cancellationToken)
    {
        var index = (await _git.RunAsync(folder, ["rev-parse", "--path-format=absolute", "--git-path", "index"], cancellationToken: cancellationToken)
            .ConfigureAwait(false)).Output.Trim();
        var temporary = index + ".orchestrator-diff-" + Guid.NewGuid().ToString("N");
        try
        {
            if (File.Exists(index))
            {
                File.Copy(index, temporary);
            }

            var environment = new Dictionary<string, string?> { ["GIT_INDEX_FILE"] = temporary };
            await _git.RunAsync(folder, ["add", "--all"], new GitRun(environment), cancellationToken).ConfigureAwait(false);
            return await action(environment).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(temporary);
            File.Delete(temporary + ".lock");
        }
    }

    private async Task<bool> HasIdentityAsync(string folder, CancellationToken cancellationToken)
    {
        foreach (var key in (string[])["user.name", "user.email"])
        {
            var value = await _git.RunAsync(folder, ["config", "--get", key], new GitRun(AllowedExitCodes: [1]), cancellationToken).ConfigureAwait(false);
            if (!value.Succeeded || value.Output.Trim().Length == 0)
            {
                return false;
            }
        }

        return true;
    }

    private static string RequireFolder(string path)
    {
        var folder = Path.GetFullPath(path);
        return Directory.Exists(folder) ? folder : throw new GitException($"The worktree {folder} does not exist.");
    }
}
