using Microsoft.Extensions.Options;
using Orchestrator.Core.Git;

namespace Orchestrator.Core.Tests.Git;

/// <summary>The runner with a stand-in "git" script: what every git process is given, and what happens when one hangs.</summary>
public sealed class GitRunnerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("orch-gitrunner-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Git_gets_no_prompt_no_pager_the_c_locale_unquoted_paths_and_never_the_bots_settings()
    {
        var runner = Runner("#!/bin/sh\nprintf '%s\\n' \"$@\"\nenv\n", o =>
        {
            o.Environment["Telegram__BotToken"] = "123456:secret-token-value";
            o.Environment["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes";
        });

        var result = await runner.RunAsync(_folder, ["status", "--porcelain"]);

        var lines = result.Output.Split('\n');
        Assert.Equal(["--no-pager", "-c", "core.quotepath=off", "status", "--porcelain"], lines[..5]);
        Assert.Contains("GIT_TERMINAL_PROMPT=0", lines);
        Assert.Contains("GIT_PAGER=cat", lines);
        Assert.Contains("LC_ALL=C", lines);
        Assert.Contains("GIT_SSH_COMMAND=ssh -o BatchMode=yes", lines);
        Assert.DoesNotContain(lines, l => l.Contains("secret-token-value", StringComparison.Ordinal) || l.StartsWith("Telegram__", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_git_command_that_hangs_is_stopped_at_the_timeout()
    {
        var runner = Runner("#!/bin/sh\nexec sleep 300\n", o => o.CommandTimeout = TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<GitException>(() => runner.RunAsync(_folder, ["fetch"]).WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.Equal("git fetch did not finish within 00:00:01 and was stopped.", error.Message);
    }

    [Fact]
    public async Task A_failure_reads_as_gits_fatal_line_first()
    {
        var runner = Runner("#!/bin/sh\necho 'Preparing worktree' >&2\necho 'fatal: something broke' >&2\nexit 128\n");

        var error = await Assert.ThrowsAsync<GitException>(() => runner.RunAsync(_folder, ["worktree", "add"]));

        Assert.Equal("fatal: something broke\nPreparing worktree", error.Message);
    }

    [Fact]
    public async Task A_missing_git_is_a_clear_git_exception()
    {
        var options = Options.Create(new WorktreeOptions { Command = Path.Combine(_folder, "no-such-git") });
        var runner = new GitRunner(new LocalGitLauncher(options), options);

        var error = await Assert.ThrowsAsync<GitException>(() => runner.RunAsync(_folder, ["status"]));

        Assert.StartsWith("git could not be started", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_options_are_named_by_key()
    {
        var result = new WorktreeOptionsValidator().Validate(null, new WorktreeOptions
        {
            CommandTimeout = TimeSpan.Zero,
            CommitterEmail = "a>b",
            Environment = { ["Access__AdminUserIds__0"] = "1" },
        });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("Git:CommandTimeout", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Git:CommitterName and Git:CommitterEmail", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Git:Environment:Access__AdminUserIds__0", StringComparison.Ordinal));
        Assert.True(new WorktreeOptionsValidator().Validate(null, new WorktreeOptions()).Succeeded);
    }

    private GitRunner Runner(string script, Action<WorktreeOptions>? configure = null)
    {
        var fake = Path.Combine(_folder, "fake-git");
        File.WriteAllText(fake, script);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var settings = new WorktreeOptions { Command = fake };
        configure?.Invoke(settings);
        var options = Options.Create(settings);
        return new GitRunner(new LocalGitLauncher(options), options);
    }
}
