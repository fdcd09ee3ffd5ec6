using Orchestrator.Core.Git;

namespace Orchestrator.Core.Tests.Git;

public sealed class WorktreeIncludeTests
{
    [Fact]
    public async Task Ignored_files_listed_in_worktreeinclude_are_copied_and_nothing_else()
    {
        using var repo = await TestRepository.CreateAsync();
        await repo.CommitFileAsync(".gitignore", "*.env\nsecrets/\n", "ignore");
        TestRepository.Write(repo.Path, ".env", "TOKEN=local\n");
        TestRepository.Write(repo.Path, "config/app.env", "MODE=dev\n");
        TestRepository.Write(repo.Path, "secrets/key.pem", "not listed\n");
        TestRepository.Write(repo.Path, "draft.txt", "untracked but not ignored\n");
        TestRepository.Write(repo.Root, "outside.txt", "outside the repository\n");
        await repo.CommitFileAsync(".worktreeinclude", "# what the build needs\n\n**/*.env\ndraft.txt\n../outside.txt\n", "include list");

        var worktree = await repo.Worktrees.CreateAsync(repo.Spec("i1"));

        Assert.Equal("TOKEN=local\n", await File.ReadAllTextAsync(Path.Combine(worktree.Path, ".env")));
        Assert.Equal("MODE=dev\n", await File.ReadAllTextAsync(Path.Combine(worktree.Path, "config", "app.env")));
        Assert.False(File.Exists(Path.Combine(worktree.Path, "secrets", "key.pem")));
        // Copying it would put a file the repository does not ignore into the session's next commit.
        Assert.False(File.Exists(Path.Combine(worktree.Path, "draft.txt")));
        Assert.False(File.Exists(Path.Combine(worktree.Path, "..", "outside.txt")));
        Assert.Equal([Path.Combine(repo.Root, "outside.txt")], Directory.GetFiles(repo.Root, "outside.txt", SearchOption.AllDirectories));
        Assert.Equal(string.Empty, await repo.GitAsync(worktree.Path, "status", "--porcelain"));
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("a/../../x")]
    [InlineData("!../x")]
    [InlineData("~/.ssh/id_rsa")]
    public void Patterns_reaching_outside_the_repository_are_refused(string line)
    {
        var (patterns, refused) = WorktreeInclude.ParsePatterns(["# comment", "", line, "/.env"]);

        Assert.Equal([line], refused);
        Assert.Equal(["/.env"], patterns);
    }
}
