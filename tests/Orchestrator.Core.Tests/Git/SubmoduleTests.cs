namespace Orchestrator.Core.Tests.Git;

public sealed class SubmoduleTests
{
    [Fact]
    public async Task Submodules_are_initialised_in_a_new_worktree_and_it_can_still_be_removed()
    {
        using var repo = await TestRepository.CreateAsync();
        var library = Path.Combine(repo.Root, "library");
        await repo.InitAsync(library);
        await repo.CommitFileAsync(library, "lib.txt", "library code\n", "library");
        await repo.GitAsync(repo.Path, "submodule", "add", "--quiet", library, "vendor/library");
        await repo.GitAsAuthorAsync(repo.Path, "commit", "--quiet", "-m", "add the library");

        var worktree = await repo.Worktrees.CreateAsync(repo.Spec("s1"));

        Assert.Equal("library code\n", await File.ReadAllTextAsync(Path.Combine(worktree.Path, "vendor", "library", "lib.txt")));
        var preview = await repo.Worktrees.PreviewCleanupAsync(worktree, "main");
        Assert.False(preview.LosesWork);
        // Git refuses "worktree remove" for any worktree with submodules unless forced; with nothing to lose it is.
        await repo.Worktrees.RemoveAsync(worktree, preview, deleteBranch: true);
        Assert.False(Directory.Exists(worktree.Path));
        Assert.False(await repo.BranchExistsAsync(worktree.Branch));
    }
}
