using Orchestrator.Core.Git;

namespace Orchestrator.Core.Tests.Git;

public sealed class CreateWorktreeTests
{
    [Fact]
    public async Task A_new_worktree_is_on_a_new_branch_from_the_base_commit()
    {
        using var repo = await TestRepository.CreateAsync();
        var main = await repo.GitAsync(repo.Path, "rev-parse", "main");

        var worktree = await repo.Worktrees.CreateAsync(repo.Spec("a1"));

        Assert.False(worktree.Reused);
        Assert.Equal(main, worktree.BaseCommit);
        Assert.Equal(repo.Path, worktree.RepositoryPath);
        Assert.Equal("orch/codex/app/a1", await repo.GitAsync(worktree.Path, "symbolic-ref", "--short", "HEAD"));
        Assert.Equal("# test\n", await File.ReadAllTextAsync(Path.Combine(worktree.Path, "README.md")));
        Assert.Equal("main", await repo.Worktrees.CurrentBranchAsync(repo.Path));
    }

    [Fact]
    public async Task An_already_registered_worktree_folder_is_returned_as_it_is()
    {
        using var repo = await TestRepository.CreateAsync();
        var first = await repo.Worktrees.CreateAsync(repo.Spec("a1"));
        TestRepository.Write(first.Path, "work.txt", "in progress");

        var again = await repo.Worktrees.CreateAsync(repo.Spec("a1"));

        Assert.True(again.Reused);
        Assert.Equal(first.Path, again.Path);
        Assert.Equal(first.BaseCommit, again.BaseCommit);
        Assert.Equal("in progress", await File.ReadAllTextAsync(Path.Combine(again.Path, "work.txt")));
    }

    [Fact]
    public async Task The_repository_root_is_found_from_a_subfolder_and_not_outside_a_repository()
    {
        using var repo = await TestRepository.CreateAsync();
        var sub = Directory.CreateDirectory(Path.Combine(repo.Path, "src", "deep")).FullName;
        var outside = Directory.CreateDirectory(Path.Combine(repo.Root, "plain")).FullName;

        Assert.Equal(repo.Path, await repo.Worktrees.FindRepositoryRootAsync(sub));
        Assert.Null(await repo.Worktrees.FindRepositoryRootAsync(outside));
        Assert.Null(await repo.Worktrees.FindRepositoryRootAsync(Path.Combine(repo.Root, "missing")));
    }

    [Theory]
    [InlineData("--orphan")]
    [InlineData("-D")]
    public async Task A_branch_that_git_would_read_as_an_option_is_refused(string branch)
    {
        using var repo = await TestRepository.CreateAsync();
        var spec = repo.Spec("a1") with { Branch = branch };

        await Assert.ThrowsAsync<ArgumentException>(() => repo.Worktrees.CreateAsync(spec));
        Assert.Equal("main", await repo.BranchesAsync());
    }
}
