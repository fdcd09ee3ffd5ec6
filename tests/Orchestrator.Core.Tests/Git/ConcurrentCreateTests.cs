namespace Orchestrator.Core.Tests.Git;

public sealed class ConcurrentCreateTests
{
    [Fact]
    public async Task Concurrent_creates_on_one_repository_all_succeed_each_on_its_own_branch()
    {
        using var repo = await TestRepository.CreateAsync();
        var ids = Enumerable.Range(1, 4).Select(i => $"c{i}").ToList();

        var worktrees = await Task.WhenAll(ids.Select(id => Task.Run(() => repo.Worktrees.CreateAsync(repo.Spec(id)))));

        foreach (var (id, worktree) in ids.Zip(worktrees))
        {
            Assert.Equal($"orch/codex/app/{id}", await repo.GitAsync(worktree.Path, "symbolic-ref", "--short", "HEAD"));
        }

        var registered = await repo.GitAsync(repo.Path, "worktree", "list", "--porcelain");
        Assert.All(worktrees, w => Assert.Contains("worktree " + w.Path + "\n", registered, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_ref_lock_held_by_another_process_is_waited_out_and_the_add_then_succeeds()
    {
        var logs = new SignalingLoggerFactory();
        using var repo = await TestRepository.CreateAsync(o => o.LockRetryTimeout = TimeSpan.FromMinutes(1), logs);
        var spec = repo.Spec("l1");
        // What another git process creating the same ref holds while it works.
        var lockFile = Path.Combine(repo.Path, ".git", "refs", "heads", "orch", "codex", "app", "l1.lock");
        Directory.CreateDirectory(Path.GetDirectoryName(lockFile)!);
        await File.WriteAllTextAsync(lockFile, string.Empty);

        var creating = repo.Worktrees.CreateAsync(spec);
        await logs.WaitForAsync("lock held by another process").WaitAsync(TimeSpan.FromSeconds(60));
        Assert.False(creating.IsCompleted);
        File.Delete(lockFile);
        var worktree = await creating.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(spec.Branch, await repo.GitAsync(worktree.Path, "symbolic-ref", "--short", "HEAD"));
    }

    [Fact]
    public async Task An_index_lock_held_in_the_worktree_is_waited_out_by_commit_all()
    {
        var logs = new SignalingLoggerFactory();
        using var repo = await TestRepository.CreateAsync(o => o.LockRetryTimeout = TimeSpan.FromMinutes(1), logs);
        var worktree = await repo.Worktrees.CreateAsync(repo.Spec("l2"));
        TestRepository.Write(worktree.Path, "a.txt", "a\n");
        var indexLock = await repo.GitAsync(worktree.Path, "rev-parse", "--path-format=absolute", "--git-path", "index.lock");
        await File.WriteAllTextAsync(indexLock, string.Empty);

        var committing = repo.Worktrees.CommitAllAsync(worktree.Path, "a");
        await logs.WaitForAsync("lock held by another process").WaitAsync(TimeSpan.FromSeconds(60));
        File.Delete(indexLock);
        var commit = await committing.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.NotNull(commit);
        Assert.Equal("a", await repo.GitAsync(worktree.Path, "log", "-1", "--format=%s"));
    }

    [Fact]
    public async Task A_lock_that_is_never_released_fails_with_gits_own_message()
    {
        using var repo = await TestRepository.CreateAsync(o => o.LockRetryTimeout = TimeSpan.FromMilliseconds(300));
        var lockFile = Path.Combine(repo.Path, ".git", "refs", "heads", "orch", "codex", "app", "l3.lock");
        Directory.CreateDirectory(Path.GetDirectoryName(lockFile)!);
        await File.WriteAllTextAsync(lockFile, string.Empty);

        var error = await Assert.ThrowsAsync<Orchestrator.Core.Git.GitException>(() => repo.Worktrees.CreateAsync(repo.Spec("l3")));

        Assert.StartsWith("fatal: cannot lock ref", error.Message, StringComparison.Ordinal);
        Assert.False(await repo.BranchExistsAsync("orch/codex/app/l3"));
    }
}
