using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Core.Git;

namespace Orchestrator.Core.Tests.Git;

/// <summary>
/// A temporary git repository (branch main, one commit) driven by the real git, with a git configuration of its own:
/// no user identity (so the bot's fallback is what commits), file-protocol submodules allowed (local test remotes).
/// </summary>
internal sealed class TestRepository : IDisposable
{
    private TestRepository(string root, WorktreeOptions options, ILoggerFactory? loggers)
    {
        Root = root;
        Path = System.IO.Path.Combine(root, "repo");
        Options = options;
        Git = new GitRunner(new LocalGitLauncher(Microsoft.Extensions.Options.Options.Create(options)), Microsoft.Extensions.Options.Options.Create(options), loggers?.CreateLogger<GitRunner>());
        Worktrees = new Worktrees(Git, Microsoft.Extensions.Options.Options.Create(options), loggers?.CreateLogger<Worktrees>());
    }

    /// <summary>The temporary folder holding the repository and anything else a test needs (remotes, outside files).</summary>
    public string Root { get; }

    /// <summary>The main checkout.</summary>
    public string Path { get; }

    public WorktreeOptions Options { get; }

    public GitRunner Git { get; }

    public Worktrees Worktrees { get; }

    public static async Task<TestRepository> CreateAsync(Action<WorktreeOptions>? configure = null, ILoggerFactory? loggers = null)
    {
        var root = Directory.CreateTempSubdirectory("orch-git-").FullName;
        var globalConfig = System.IO.Path.Combine(root, "gitconfig");
        await File.WriteAllTextAsync(globalConfig, string.Empty);
        var options = new WorktreeOptions
        {
            CommandTimeout = TimeSpan.FromMinutes(1),
            Environment = new Dictionary<string, string?>
            {
                ["HOME"] = root,
                ["XDG_CONFIG_HOME"] = root,
                ["GIT_CONFIG_GLOBAL"] = globalConfig,
                ["GIT_CONFIG_NOSYSTEM"] = "1",
                // Submodules from local folders are refused by default since git 2.38.1; tests use only such remotes.
                ["GIT_CONFIG_COUNT"] = "1",
                ["GIT_CONFIG_KEY_0"] = "protocol.file.allow",
                ["GIT_CONFIG_VALUE_0"] = "always",
            },
        };
        configure?.Invoke(options);
        var repository = new TestRepository(root, options, loggers);
        await repository.InitAsync(repository.Path);
        await repository.CommitFileAsync("README.md", "# test\n", "initial");
        return repository;
    }

    /// <summary>A new repository (branch main) at <paramref name="folder"/>.</summary>
    public async Task InitAsync(string folder)
    {
        Directory.CreateDirectory(folder);
        await GitAsync(folder, "init", "--quiet", "--initial-branch=main");
    }

    /// <summary>Runs git (failing the test on error) and returns its trimmed output.</summary>
    public async Task<string> GitAsync(string folder, params string[] arguments) =>
        (await Git.RunAsync(folder, arguments)).Output.TrimEnd('\n');

    /// <summary>Git with the test author (the repository itself has no identity).</summary>
    public Task<string> GitAsAuthorAsync(string folder, params string[] arguments) =>
        GitAsync(folder, ["-c", "user.name=Test Author", "-c", "user.email=author@example.com", .. arguments]);

    public Task CommitFileAsync(string relativePath, string content, string message) => CommitFileAsync(Path, relativePath, content, message);

    public async Task CommitFileAsync(string folder, string relativePath, string content, string message)
    {
        Write(folder, relativePath, content);
        await GitAsync(folder, "add", "--", relativePath);
        await GitAsAuthorAsync(folder, "commit", "--quiet", "-m", message);
    }

    public static void Write(string folder, string relativePath, string content)
    {
        var file = System.IO.Path.Combine(folder, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllText(file, content);
    }

    /// <summary>A spec as coding sessions make them: under .orchestrator/worktrees, branch orch/codex/app/ID, from main.</summary>
    public WorktreeSpec Spec(string id, string baseRef = "main") =>
        new(Path, System.IO.Path.Combine(Path, ".orchestrator", "worktrees", id), $"orch/codex/app/{id}", baseRef);

    public Task<string> BranchesAsync() => GitAsync(Path, "branch", "--list", "--format=%(refname:short)");

    public async Task<bool> BranchExistsAsync(string branch) =>
        (await Git.RunAsync(Path, ["show-ref", "--verify", "--quiet", "refs/heads/" + branch], new GitRun(Check: false))).Succeeded;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a test for.
        }
        catch (UnauthorizedAccessException)
        {
            // Git makes object files read-only; Directory.Delete copes on Unix, but not everywhere.
        }
    }
}
