namespace Orchestrator.Core.Tests.Git;

public sealed class CleanupPreviewTests
{
    [Fact]
    public async Task The_preview_lists_uncommitted_and_untracked_files_and_unmerged_commits()
    {
        using var repo = await TestRepository.CreateAsync();
        var worktree = await repo.Worktrees.CreateAsync(repo.Spec("p1"));
        TestRepository.Write(worktree.Path, "one.txt", "1\n");
        await repo.Worktrees.CommitAllAsync(worktree.Path, "turn 1");
        TestRepository.Write(worktree.Path, "two.txt", "2\n");
        await repo.Worktrees.CommitAllAsync(worktree.Path, "turn 2");
        TestRepository.Write(worktree.Path, "README.md", "edited, not committed\n");
        TestRepository.Write(worktree.Path, "new/untracked.txt", "new\n");

        var preview = await repo.Worktrees.PreviewCleanupAsync(worktree, "main");

        Assert.True(preview.WorktreeExists);
        Assert.Equal(worktree.Path, preview.WorktreePath);
        Assert.True(preview.SizeBytes > 0);
        Assert.Equal(["README.md"], preview.UncommittedFiles);
        Assert.Equal(["new/untracked.txt"], preview.UntrackedFiles);
        Assert.True(preview.LosesWork);
        Assert.True(preview.BranchExists);
        Assert.Equal(2, preview.UnmergedCommits);
        Assert.False(preview.BranchMerged);
    }

    [Fact]
    public async Task A_branch_merged_into_the_default_branch_counts_no_unmerged_commits()
    {
        using var repo = await TestRepository.CreateAsync();
        var worktree = await repo.Worktrees.CreateAsync(repo.Spec("p2"));
        TestRepository.Write(worktree.Path, "one.txt", "1\n");
        await repo.Worktrees.CommitAllAsync(worktree.Path, "turn 1");
        await repo.GitAsync(repo.Path, "merge", "--quiet", "--ff-only", worktree.Branch);

        var preview = await repo.Worktrees.PreviewCleanupAsync(worktree, "main");

        Assert.True(preview.BranchMerged);
        Assert.False(preview.LosesWork);
    }
}
