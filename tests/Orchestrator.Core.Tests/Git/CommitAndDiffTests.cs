namespace Orchestrator.Core.Tests.Git;

public sealed class CommitAndDiffTests
{
    [Fact]
    public async Task The_diff_counts_uncommitted_and_untracked_files_without_touching_the_index()
    {
        using var repo = await TestRepository.CreateAsync();
        var worktree = await repo.Worktrees.CreateAsync(repo.Spec("d1"));
        TestRepository.Write(worktree.Path, "README.md", "# test\nline two\nline three\n");
        TestRepository.Write(worktree.Path, "src/new.txt", "one\n");

        var diff = await repo.Worktrees.DiffAsync(worktree.Path, worktree.BaseCommit);

        Assert.Equal([("README.md", 2, 0), ("src/new.txt", 1, 0)], diff.Files.Select(f => (f.Path, f.Added, f.Removed)).OrderBy(f => f.Path));
        Assert.Equal(3, diff.Added);
        Assert.Contains("+++ b/src/new.txt", diff.Patch, StringComparison.Ordinal);
        Assert.Contains("+line two", diff.Patch, StringComparison.Ordinal);
        Assert.False(diff.PatchTruncated);
        // The agent's index is as it was: the new file is still untracked, nothing staged.
        Assert.Equal(" M README.md\n?? src/new.txt", await repo.GitAsync(worktree.Path, "status", "--porcelain", "--untracked-files=all"));
    }

    [Fact]
    public async Task A_snapshot_at_a_turns_start_makes_the_diff_that_turns_own_without_touching_index_or_refs()
    {
        using var repo = await TestRepository.CreateAsync();
        var worktree = await repo.Worktrees.CreateAsync(repo.Spec("d4"));
        TestRepository.Write(worktree.Path, "first.txt", "one\n"); // an earlier turn's work, uncommitted and untracked
        var head = await repo.GitAsync(worktree.Path, "rev-parse", "HEAD");

        var snapshot = await repo.Worktrees.SnapshotAsync(worktree.Path);
        TestRepository.Write(worktree.Path, "second.txt", "two\n");
        TestRepository.Write(worktree.Path, "README.md", "# test\nmore\n");
        var diff = await repo.Worktrees.DiffAsync(worktree.Path, snapshot);

        Assert.Equal([("README.md", 1, 0), ("second.txt", 1, 0)], diff.Files.Select(f => (f.Path, f.Added, f.Removed)).OrderBy(f => f.Path, StringComparer.Ordinal));
        Assert.DoesNotContain("first.txt", diff.Patch, StringComparison.Ordinal);
        Assert.Equal(head, await repo.GitAsync(worktree.Path, "rev-parse", "HEAD"));
        Assert.Equal(" M README.md\n?? first.txt\n?? second.txt", await repo.GitAsync(worktree.Path, "status", "--porcelain", "--untracked-files=all"));
    }

    [Fact]
    public async Task Commit_all_commits_everything_as_the_fallback_identity_and_then_has_nothing_to_commit()
    {
        using var repo = await TestRepository.CreateAsync();
        var worktree = await repo.Worktrees.CreateAsync(repo.Spec("d1"));
        TestRepository.Write(worktree.Path, "README.md", "changed\n");
        TestRepository.Write(worktree.Path, "added.txt", "a\nb\n");

        var commit = await repo.Worktrees.CommitAllAsync(worktree.Path, "Fix the readme (session d1)");

        Assert.NotNull(commit);
        Assert.Equal(commit, await repo.GitAsync(repo.Path, "rev-parse", "refs/heads/" + worktree.Branch));
        Assert.Equal("Orchestrator Bot <orchestrator@localhost>|Fix the readme (session d1)", await repo.GitAsync(worktree.Path, "log", "-1", "--format=%an <%ae>|%s"));
        Assert.Equal(string.Empty, await repo.GitAsync(worktree.Path, "status", "--porcelain"));
        Assert.Null(await repo.Worktrees.CommitAllAsync(worktree.Path, "nothing"));

        var diff = await repo.Worktrees.DiffAsync(worktree.Path, worktree.BaseCommit);
        Assert.Equal([("README.md", 1, 1), ("added.txt", 2, 0)], diff.Files.Select(f => (f.Path, f.Added, f.Removed)).OrderBy(f => f.Path, StringComparer.Ordinal));
        // The main checkout's branch did not move.
        Assert.Equal(worktree.BaseCommit, await repo.GitAsync(repo.Path, "rev-parse", "main"));
    }

    [Fact]
    public async Task Commit_all_uses_the_repository_identity_when_it_has_one()
    {
        using var repo = await TestRepository.CreateAsync();
        await repo.GitAsync(repo.Path, "config", "user.name", "Repo Owner");
        await repo.GitAsync(repo.Path, "config", "user.email", "owner@example.com");
        var worktree = await repo.Worktrees.CreateAsync(repo.Spec("d2"));
        TestRepository.Write(worktree.Path, "x.txt", "x\n");

        await repo.Worktrees.CommitAllAsync(worktree.Path, "x");

        Assert.Equal("Repo Owner <owner@example.com>", await repo.GitAsync(worktree.Path, "log", "-1", "--format=%an <%ae>"));
    }

    [Fact]
    public async Task A_patch_beyond_the_limit_is_cut_and_says_so_while_the_stats_stay_whole()
    {
        using var repo = await TestRepository.CreateAsync(o => o.MaxPatchBytes = 1024);
        var worktree = await repo.Worktrees.CreateAsync(repo.Spec("d3"));
        TestRepository.Write(worktree.Path, "big.txt", string.Concat(Enumerable.Range(0, 500).Select(i => $"line {i}\n")));

        var diff = await repo.Worktrees.DiffAsync(worktree.Path, worktree.BaseCommit);

        Assert.True(diff.PatchTruncated);
        Assert.True(diff.Patch.Length <= 1024);
        Assert.Equal(500, diff.Added);
    }
}
