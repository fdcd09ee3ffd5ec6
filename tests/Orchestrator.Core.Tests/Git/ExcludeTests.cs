namespace Orchestrator.Core.Tests.Git;

public sealed class ExcludeTests
{
    [Fact]
    public async Task The_orchestrator_folder_never_shows_as_untracked_and_is_excluded_once()
    {
        using var repo = await TestRepository.CreateAsync();
        TestRepository.Write(repo.Path, ".orchestrator/logs/s1.log", "a log\n");

        await repo.Worktrees.CreateAsync(repo.Spec("x1"));
        var second = await repo.Worktrees.CreateAsync(repo.Spec("x2"));

        Assert.Equal(string.Empty, await repo.GitAsync(repo.Path, "status", "--porcelain", "--untracked-files=all"));
        var exclude = await File.ReadAllLinesAsync(Path.Combine(repo.Path, ".git", "info", "exclude"));
        Assert.Single(exclude, line => line == ".orchestrator/");
        // A commit of everything in the main checkout would not pick it up either.
        await repo.GitAsync(repo.Path, "add", "--all");
        Assert.Equal(string.Empty, await repo.GitAsync(repo.Path, "diff", "--cached", "--name-only"));
        Assert.True(Directory.Exists(second.Path));
    }
}
