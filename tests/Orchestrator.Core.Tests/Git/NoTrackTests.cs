namespace Orchestrator.Core.Tests.Git;

public sealed class NoTrackTests
{
    [Fact]
    public async Task A_branch_from_a_remote_tracking_base_has_no_upstream()
    {
        using var origin = await TestRepository.CreateAsync();
        var clone = Path.Combine(origin.Root, "clone");
        await origin.GitAsync(origin.Root, "clone", "--quiet", origin.Path, clone);
        // The setting that makes git track even more eagerly than its default: --no-track must still win.
        await origin.GitAsync(clone, "config", "branch.autoSetupMerge", "always");
        var spec = new Orchestrator.Core.Git.WorktreeSpec(clone, Path.Combine(clone, ".orchestrator", "worktrees", "t1"), "orch/codex/app/t1", "origin/main");

        var worktree = await origin.Worktrees.CreateAsync(spec);

        Assert.Equal(await origin.GitAsync(clone, "rev-parse", "origin/main"), worktree.BaseCommit);
        var upstream = await origin.Git.RunAsync(clone, ["rev-parse", "--abbrev-ref", "orch/codex/app/t1@{upstream}"], new Orchestrator.Core.Git.GitRun(Check: false));
        Assert.False(upstream.Succeeded);
        var config = await origin.Git.RunAsync(clone, ["config", "--get-regexp", "^branch\\.orch/"], new Orchestrator.Core.Git.GitRun(Check: false));
        Assert.Equal(string.Empty, config.Output);
    }
}
