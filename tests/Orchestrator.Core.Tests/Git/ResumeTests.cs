namespace Orchestrator.Core.Tests.Git;

public sealed class ResumeTests
{
    [Fact]
    public async Task An_existing_branch_is_reattached_with_its_commits_not_created_again()
    {
        using var repo = await TestRepository.CreateAsync();
        var spec = repo.Spec("r1");
        var first = await repo.Worktrees.CreateAsync(spec);
        TestRepository.Write(first.Path, "work.txt", "done before the restart\n");
        var tip = await repo.Worktrees.CommitAllAsync(first.Path, "turn 1");
        // The worktree folder is gone (removed, or a fresh machine), the branch stays; main moved on meanwhile.
        await repo.GitAsync(repo.Path, "worktree", "remove", first.Path);
        await repo.CommitFileAsync("later.txt", "later\n", "main moves on");

        var resumed = await repo.Worktrees.CreateAsync(spec);

        Assert.True(resumed.Reused);
        Assert.Equal(first.BaseCommit, resumed.BaseCommit);
        Assert.Equal(tip, await repo.GitAsync(resumed.Path, "rev-parse", "HEAD"));
        Assert.Equal("done before the restart\n", await File.ReadAllTextAsync(Path.Combine(resumed.Path, "work.txt")));
        Assert.False(File.Exists(Path.Combine(resumed.Path, "later.txt")));
    }

    [Fact]
    public async Task A_registered_worktree_whose_folder_was_deleted_is_pruned_and_recreated()
    {
        using var repo = await TestRepository.CreateAsync();
        var spec = repo.Spec("r2");
        var first = await repo.Worktrees.CreateAsync(spec);
        Directory.Delete(first.Path, recursive: true);

        var again = await repo.Worktrees.CreateAsync(spec);

        Assert.True(again.Reused);
        Assert.True(File.Exists(Path.Combine(again.Path, "README.md")));
    }
}
