namespace Orchestrator.Core.Tests.Git;

public sealed class DirtyMainCheckoutTests
{
    [Fact]
    public async Task Uncommitted_changes_in_the_main_checkout_stay_there_and_do_not_reach_the_worktree()
    {
        using var repo = await TestRepository.CreateAsync();
        await repo.CommitFileAsync("staged.txt", "committed\n", "staged file");
        TestRepository.Write(repo.Path, "README.md", "edited by the user\n");
        TestRepository.Write(repo.Path, "staged.txt", "staged by the user\n");
        await repo.GitAsync(repo.Path, "add", "staged.txt");
        TestRepository.Write(repo.Path, "notes.txt", "the user's notes\n");
        var before = await repo.GitAsync(repo.Path, "status", "--porcelain", "--untracked-files=all");

        var worktree = await repo.Worktrees.CreateAsync(repo.Spec("m1"));

        Assert.Equal(before, await repo.GitAsync(repo.Path, "status", "--porcelain", "--untracked-files=all"));
        Assert.Equal("edited by the user\n", await File.ReadAllTextAsync(Path.Combine(repo.Path, "README.md")));
        Assert.Equal("staged by the user\n", await repo.GitAsync(repo.Path, "show", ":staged.txt") + "\n");
        Assert.Equal("# test\n", await File.ReadAllTextAsync(Path.Combine(worktree.Path, "README.md")));
        Assert.Equal("committed\n", await File.ReadAllTextAsync(Path.Combine(worktree.Path, "staged.txt")));
        Assert.False(File.Exists(Path.Combine(worktree.Path, "notes.txt")));
        Assert.Equal(string.Empty, await repo.GitAsync(worktree.Path, "status", "--porcelain", "--untracked-files=all"));
    }
}
