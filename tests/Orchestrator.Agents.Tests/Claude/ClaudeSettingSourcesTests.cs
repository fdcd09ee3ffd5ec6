using System.Text.Json;
using Orchestrator.Testing.Anthropic;
using Xunit.Abstractions;

namespace Orchestrator.Agents.Tests.Claude;

/// <summary>
/// Claude Code loads only the user's settings (<c>--setting-sources user</c>): a repository's own
/// <c>.claude/settings.json</c> (here: hooks that write a marker file) has no effect, since <c>/folder</c> may point an
/// agent at any repository.
/// </summary>
public sealed class ClaudeSettingSourcesTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("user", false)]
    [InlineData("user,project,local", true)] // The same folder with project settings loaded: the hooks do run.
    public async Task A_repositorys_own_hooks_do_not_run(string settingSources, bool hooksRun)
    {
        await using var harness = await ClaudeHarness.StartAsync(output);
        var marker = Path.Combine(harness.Home.Path, "hook-ran.txt");
        WriteProjectHooks(harness.WorkDir, $"echo ran >> '{marker}'");
        var engine = harness.CreateEngine(o => o.SettingSources = settingSources);
        harness.Server.Enqueue(FakeAnthropicResponse.Text("Done."));

        var session = await engine.StartSessionAsync(harness.SessionOptions).WaitAsync(ClaudeHarness.Timeout);
        var turn = TurnEvents.Watch(await session.StartTurnAsync([new TextInput("hello")]));
        var ended = await turn.EndAsync();

        Assert.Equal(TurnOutcome.Completed, ended.Outcome);
        Assert.Equal("Done.", ended.FinalText);
        Assert.Equal(hooksRun, File.Exists(marker));
    }

    private static void WriteProjectHooks(string folder, string command)
    {
        var hook = new[] { new { hooks = new[] { new { type = "command", command } } } };
        var settings = new { hooks = new { SessionStart = hook, UserPromptSubmit = hook } };
        Directory.CreateDirectory(Path.Combine(folder, ".claude"));
        File.WriteAllText(Path.Combine(folder, ".claude", "settings.json"), JsonSerializer.Serialize(settings));
    }
}
