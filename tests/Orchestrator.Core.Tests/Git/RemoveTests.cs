using Orchestrator.Core.Git;

namespace Orchestrator.Core.Tests.Git;

public sealed class RemoveTests
{
    [Fact]
    public async Task Removal_is_refused_when_the_worktree_changed_after_the_preview()
    {
        using var repo = await TestRepository.CreateAsync();
        var worktree = await repo.Worktrees.CreateAsync(repo.Spec("rm1"));
        TestRepository.Write(worktree.Path, "seen.txt", "in the preview\n");
        var preview = await repo.Worktrees.PreviewCleanupAsync(worktree, "main");
        TestRepository.Write(worktree.Path, "late.txt", "written after the preview\n");

        var error = await Assert.ThrowsAsync<WorktreeChangedException>(() => repo.Worktrees.RemoveAsync(worktree, preview, deleteBranch: true));

        Assert.Contains("late.txt", error.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(worktree.Path, "late.txt")));
        Assert.True(await repo.BranchExistsAsync(worktree.Branch));
    }

    [Fact]
    public async Task Files_the_confirmed_preview_listed_are_removed_with_the_worktree()
    {
        using var repo = await TestRepository.CreateAsync();
        var worktree = await repo.Worktrees.CreateAsync(repo.Spec("rm2"));
        TestRepository.Write(worktree.Path, "README.md", "edited\n");
        TestRepository.Write(worktree.Path, "scratch.txt", "scratch\n");
        var preview = await repo.Worktrees.PreviewCleanupAsync(worktree, "main");

        await repo.Worktrees.RemoveAsync(worktree, preview, deleteBranch: false);

        Assert.False(Directory.Exists(worktree.Path));
        Assert.DoesNotContain(worktree.Path, await repo.GitAsync(repo.Path, "worktree", "list", "--porcelain"), StringComparison.Ordinal);
        Assert.True(await repo.BranchExistsAsync(worktree.Branch));
    }

    [Fact]
    public async Task A_branch_with_unmerged_commits_is_kept_unless_its_deletion_is_confirmed()
    {
        using var repo = await TestRepository.CreateAsync();
        var kept = await repo.Worktrees.CreateAsync(repo.Spec("rm3"));
        var deleted = await repo.Worktrees.CreateAsync(repo.Spec("rm4"));
        foreach (var worktree in new[] { kept, deleted })
        {
            TestRepository.Write(worktree.Path, "work.txt", "work\n");
            await repo.Worktrees.CommitAllAsync(worktree.Path, "turn 1");
        }

        await repo.Worktrees.RemoveAsync(kept, await repo.Worktrees.PreviewCleanupAsync(kept, "main"), deleteBranch: false);
        var preview = await repo.Worktrees.PreviewCleanupAsync(deleted, "main");
        Assert.Equal(1, preview.UnmergedCommits);
        await repo.Worktrees.RemoveAsync(deleted, preview, deleteBranch: true);

        Assert.True(await repo.BranchExistsAsync(kept.Branch));
        Assert.False(await repo.BranchExistsAsync(deleted.Branch));
    }

    [Fact]
    public async Task Branch_deletion_is_refused_when_commits_were_added_after_the_preview()
    {
        using var repo = await TestRepository.CreateAsync();
        var worktree = await repo.Worktrees.CreateAsync(repo.Spec("rm5"));
        var preview = await repo.Worktrees.PreviewCleanupAsync(worktree, "main");
        TestRepository.Write(worktree.Path, "late.txt", "late\n");
        var late = await repo.Worktrees.CommitAllAsync(worktree.Path, "a late turn");

        await Assert.ThrowsAsync<WorktreeChangedException>(() => repo.Worktrees.RemoveAsync(worktree, preview, deleteBranch: true));

        Assert.True(Directory.Exists(worktree.Path));
        Assert.Equal(late, await repo.GitAsync(repo.Path, "rev-parse", "refs/heads/" + worktree.Branch));
    }

    [Fact]
    public async Task A_worktree_folder_already_gone_is_pruned_and_its_merged_branch_deleted()
    {
        using var repo = await TestRepository.CreateAsync();
        var worktree = await repo.Worktrees.CreateAsync(repo.Spec("rm6"));
        Directory.Delete(worktree.Path, recursive: true);
        var preview = await repo.Worktrees.PreviewCleanupAsync(worktree, "main");
        Assert.False(preview.WorktreeExists);

        await repo.Worktrees.RemoveAsync(worktree, preview, deleteBranch: true);

        Assert.DoesNotContain(worktree.Path, await repo.GitAsync(repo.Path, "worktree", "list", "--porcelain"), StringComparison.Ordinal);
        Assert.False(await repo.BranchExistsAsync(worktree.Branch));
    }
}
