using Orchestrator.Core.Git;

namespace Orchestrator.Core.Tests.Git;

public sealed class FailedAddTests
{
    [Fact]
    public async Task An_add_onto_a_non_empty_folder_fails_and_leaves_no_branch_and_the_folder_as_it_was()
    {
        using var repo = await TestRepository.CreateAsync();
        var spec = repo.Spec("f1");
        TestRepository.Write(spec.Path, "mine.txt", "not git's");

        var error = await Assert.ThrowsAsync<GitException>(() => repo.Worktrees.CreateAsync(spec));

        Assert.Contains("already exists", error.Message, StringComparison.Ordinal);
        // Git creates the branch before it looks at the folder: without the cleanup it would be left behind.
        Assert.False(await repo.BranchExistsAsync(spec.Branch));
        Assert.Equal("main", await repo.BranchesAsync());
        Assert.DoesNotContain(spec.Path, await repo.GitAsync(repo.Path, "worktree", "list", "--porcelain"), StringComparison.Ordinal);
        Assert.Equal("not git's", await File.ReadAllTextAsync(Path.Combine(spec.Path, "mine.txt")));
    }

    [Fact]
    public async Task An_unknown_base_is_refused_before_anything_is_created()
    {
        using var repo = await TestRepository.CreateAsync();

        var error = await Assert.ThrowsAsync<GitException>(() => repo.Worktrees.CreateAsync(repo.Spec("f2", baseRef: "no-such-branch")));

        Assert.Contains("no-such-branch", error.Message, StringComparison.Ordinal);
        Assert.Equal("main", await repo.BranchesAsync());
    }
}
