using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Orchestrator.Core.Git;

/// <summary>
/// <see cref="IWorktrees"/> over the real git (<see cref="GitRunner"/>). Every operation holds its repository's gate
/// (<see cref="RepositoryLocks"/>); commands safe to repeat are retried while another process holds a git lock. Creating
/// a worktree: <c>.orchestrator/</c> excluded, then <c>worktree add --no-track -b</c> for a new branch or
/// <c>worktree add PATH BRANCH</c> for an existing one (a resume), an already registered folder returned as it is; a
/// failed add deletes the branch it created and prunes; then submodules are initialised and <c>.worktreeinclude</c> files
/// copied. The main checkout is only read (its uncommitted changes are not carried over: the worktree starts from the
/// base commit).
/// </summary>
public sealed partial class Worktrees : IWorktrees
{
    private readonly GitRunner _git;
    private readonly IOptions<WorktreeOptions> _options;
    private readonly ILogger _logger;
    private readonly RepositoryLocks _locks = new();
    private readonly WorktreeInclude _include;

    public Worktrees(GitRunner git, IOptions<WorktreeOptions> options, ILogger<Worktrees>? logger = null)
    {
        _git = git;
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _include = new WorktreeInclude(git, _logger);
    }

    public async Task<string?> FindRepositoryRootAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var folder = Path.GetFullPath(path);
        if (File.Exists(folder))
        {
            folder = Path.GetDirectoryName(folder)!;
        }

        if (!Directory.Exists(folder))
        {
            return null;
        }

        var result = await _git.RunAsync(folder, ["rev-parse", "--show-toplevel"], new GitRun(Check: false), cancellationToken).ConfigureAwait(false);
        var root = result.Output.Trim();
        return result.Succeeded && root.Length > 0 ? Path.GetFullPath(root) : null;
    }

    public async Task<string> CurrentBranchAsync(string repositoryPath, CancellationToken cancellationToken = default)
    {
        var root = await RequireRootAsync(repositoryPath, cancellationToken).ConfigureAwait(false);
        var result = await _git.RunAsync(root, ["symbolic-ref", "--quiet", "--short", "HEAD"], new GitRun(Check: false), cancellationToken).ConfigureAwait(false);
        return result.Succeeded
            ? result.Output.Trim()
            : throw new GitException($"HEAD of {root} is detached (not on a branch); name the default branch explicitly.");
    }

    public async Task ExcludeSessionFilesAsync(string repositoryPath, CancellationToken cancellationToken = default)
    {
        var repository = await RequireRootAsync(repositoryPath, cancellationToken).ConfigureAwait(false);
        var commonDir = await CommonDirectoryAsync(repository, cancellationToken).ConfigureAwait(false);
        using var gate = await _locks.AcquireAsync(commonDir, cancellationToken).ConfigureAwait(false);
        await GitExclude.EnsureAsync(commonDir, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Worktree> CreateAsync(WorktreeSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        RequireOption(spec.Branch, "branch");
        RequireOption(spec.BaseRef, "base");
        ArgumentException.ThrowIfNullOrWhiteSpace(spec.Path);
        var path = Path.TrimEndingDirectorySeparator(Path.GetFullPath(spec.Path));
        var repository = await RequireRootAsync(spec.RepositoryPath, cancellationToken).ConfigureAwait(false);
        if (SamePath(path, repository))
        {
            throw new ArgumentException("A worktree cannot be the repository's main checkout.", nameof(spec));
        }

        await _git.RunAsync(repository, ["check-ref-format", "--branch", spec.Branch], cancellationToken: cancellationToken).ConfigureAwait(false);
        var commonDir = await CommonDirectoryAsync(repository, cancellationToken).ConfigureAwait(false);
        using var gate = await _locks.AcquireAsync(commonDir, cancellationToken).ConfigureAwait(false);

        // First, so that the worktree folder under .orchestrator/ never shows as untracked in the main checkout.
        await GitExclude.EnsureAsync(commonDir, cancellationToken).ConfigureAwait(false);

        var registered = (await ListAsync(repository, cancellationToken).ConfigureAwait(false)).FirstOrDefault(w => SamePath(w.Path, path));
        if (registered is not null && Directory.Exists(path))
        {
            if (registered.Branch != "refs/heads/" + spec.Branch)
            {
                throw new GitException($"{path} is already a worktree of {registered.Branch ?? "a detached HEAD"}, not of {spec.Branch}.");
            }

            var baseCommit = await ForkPointAsync(repository, spec.BaseRef, spec.Branch, cancellationToken).ConfigureAwait(false);
            _logger.LogInformation("Worktree {Path} on {Branch} already exists; reusing it", path, spec.Branch);
            return new Worktree(repository, path, spec.Branch, baseCommit, Reused: true);
        }

        if (registered is not null)
        {
            // Registered but its folder is gone: forget it, or git refuses to add the same path again.
            await _git.RunAsync(repository, ["worktree", "prune"], cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        var reused = await BranchExistsAsync(repository, spec.Branch, cancellationToken).ConfigureAwait(false);
        string commit;
        if (reused)
        {
            // A resume: attach the branch as it is; "-b" again would fail (or, with -B, throw its commits away).
            commit = await ForkPointAsync(repository, spec.BaseRef, spec.Branch, cancellationToken).ConfigureAwait(false);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await _git.RunAsync(repository, ["worktree", "add", "--quiet", path, spec.Branch], cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        else
        {
            commit = await ResolveCommitAsync(repository, spec.BaseRef, cancellationToken).ConfigureAwait(false);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await AddNewBranchAsync(repository, path, spec.Branch, spec.BaseRef, commit, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await PrepareAsync(repository, path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!reused && ex is GitException or IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            // Nothing of the user's is in a worktree created a moment ago: undo it whole, so a retry starts clean.
            _logger.LogWarning(ex, "Preparing worktree {Path} failed; removing it and its new branch {Branch}", path, spec.Branch);
            await _git.RunAsync(repository, ["worktree", "remove", "--force", path], new GitRun(Check: false), CancellationToken.None).ConfigureAwait(false);
            await DeleteCreatedBranchAsync(repository, spec.Branch, commit).ConfigureAwait(false);
            throw;
        }

        _logger.LogInformation("Worktree {Path} {How} on {Branch} from {Base}", path, reused ? "attached" : "created", spec.Branch, commit);
        return new Worktree(repository, path, spec.Branch, commit, reused);
    }

    /// <summary>
    /// <c>worktree add --no-track -b</c>: no upstream even when the base is a remote-tracking branch (a push must never
    /// go to the default branch). Git creates the branch before it checks the folder, so any failure deletes the branch
    /// again (if it still points at the base) and prunes; a failure on another process's lock is retried that way.
    /// </summary>
    private async Task AddNewBranchAsync(string repository, string path, string branch, string baseRef, string commit, CancellationToken cancellationToken)
    {
        var retryUntil = DateTime.UtcNow + _options.Value.LockRetryTimeout;
        var delay = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            GitResult result;
            try
            {
                result = await _git.RunAsync(
                    repository,
                    ["worktree", "add", "--quiet", "--no-track", "-b", branch, path, baseRef],
                    new GitRun(RetryOnLock: false, Check: false),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or GitException)
            {
                // Stopped (cancelled, timed out) halfway: the branch may exist and the folder be half checked out.
                await _git.RunAsync(repository, ["worktree", "remove", "--force", path], new GitRun(Check: false), CancellationToken.None).ConfigureAwait(false);
                await DeleteCreatedBranchAsync(repository, branch, commit).ConfigureAwait(false);
                await _git.RunAsync(repository, ["worktree", "prune"], new GitRun(Check: false), CancellationToken.None).ConfigureAwait(false);
                throw;
            }

            if (result.Succeeded)
            {
                return;
            }

            await DeleteCreatedBranchAsync(repository, branch, commit).ConfigureAwait(false);
            await _git.RunAsync(repository, ["worktree", "prune"], new GitRun(Check: false), CancellationToken.None).ConfigureAwait(false);
            if (GitRunner.IsLockError(result.Error) && DateTime.UtcNow + delay < retryUntil)
            {
                _logger.LogInformation("git worktree add for {Branch} met a lock held by another process; retrying in {Delay} ms", branch, (int)delay.TotalMilliseconds);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 1000));
                continue;
            }

            throw GitRunner.Failure(["worktree"], result);
        }
    }

    /// <summary>Deletes a branch this class just created, only while it still points at <paramref name="commit"/> (no work on it).</summary>
    private async Task DeleteCreatedBranchAsync(string repository, string branch, string commit)
    {
        var tip = await _git.RunAsync(repository, ["rev-parse", "--verify", "--quiet", "refs/heads/" + branch], new GitRun(Check: false), CancellationToken.None).ConfigureAwait(false);
        if (tip.Succeeded && tip.Output.Trim() == commit)
        {
            // update-ref with the expected old value: deletes nothing that moved in between.
            await _git.RunAsync(repository, ["update-ref", "-d", "refs/heads/" + branch, commit], new GitRun(Check: false), CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Submodules initialised, <c>.worktreeinclude</c> files copied.</summary>
    private async Task PrepareAsync(string repository, string path, CancellationToken cancellationToken)
    {
        if (File.Exists(Path.Combine(path, ".gitmodules")))
        {
            await _git.RunAsync(path, ["submodule", "update", "--init", "--recursive"], cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        var copied = await _include.CopyAsync(repository, path, _options.Value.IncludeMaxFiles, cancellationToken).ConfigureAwait(false);
        if (copied > 0)
        {
            _logger.LogInformation("Copied {Count} file(s) listed in {File} into {Path}", copied, WorktreeInclude.FileName, path);
        }
    }

    private async Task<string> RequireRootAsync(string repositoryPath, CancellationToken cancellationToken) =>
        await FindRepositoryRootAsync(repositoryPath, cancellationToken).ConfigureAwait(false)
        ?? throw new GitException($"{repositoryPath} is not inside a git repository.");

    /// <summary>The common git directory (the main checkout's <c>.git</c>): the key of the repository's gate.</summary>
    private async Task<string> CommonDirectoryAsync(string folder, CancellationToken cancellationToken)
    {
        var result = await _git.RunAsync(folder, ["rev-parse", "--path-format=absolute", "--git-common-dir"], cancellationToken: cancellationToken).ConfigureAwait(false);
        return Path.TrimEndingDirectorySeparator(Path.GetFullPath(result.Output.Trim()));
    }

    private async Task<List<RegisteredWorktree>> ListAsync(string repository, CancellationToken cancellationToken)
    {
        var result = await _git.RunAsync(repository, ["worktree", "list", "--porcelain", "-z"], cancellationToken: cancellationToken).ConfigureAwait(false);
        return GitStatus.ParseWorktreeList(result.Output);
    }

    private async Task<bool> BranchExistsAsync(string repository, string branch, CancellationToken cancellationToken)
    {
        var result = await _git.RunAsync(repository, ["show-ref", "--verify", "--quiet", "refs/heads/" + branch], new GitRun(AllowedExitCodes: [1]), cancellationToken).ConfigureAwait(false);
        return result.Succeeded;
    }

    private async Task<string> ResolveCommitAsync(string folder, string revision, CancellationToken cancellationToken)
    {
        var result = await _git.RunAsync(folder, ["rev-parse", "--verify", "--quiet", revision + "^{commit}"], new GitRun(Check: false), cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? result.Output.Trim() : throw new GitException($"'{revision}' is not a commit or branch of this repository.");
    }

    /// <summary>Where an existing branch left the base: the merge base, or the base itself when they share no history.</summary>
    private async Task<string> ForkPointAsync(string repository, string baseRef, string branch, CancellationToken cancellationToken)
    {
        var result = await _git.RunAsync(repository, ["merge-base", baseRef, "refs/heads/" + branch], new GitRun(Check: false), cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? result.Output.Trim() : await ResolveCommitAsync(repository, baseRef, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Refuses a branch, ref or commit that git would read as an option (argument injection).</summary>
    private static void RequireOption(string value, string what)
    {
        if (string.IsNullOrWhiteSpace(value) || value.StartsWith('-') || value.Any(char.IsControl))
        {
            throw new ArgumentException($"'{value}' is not a valid {what} name.", what);
        }
    }

    private static bool SamePath(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)), Path.TrimEndingDirectorySeparator(Path.GetFullPath(b)), StringComparison.Ordinal);
}
