using System.Diagnostics;
using Orchestrator.Agents.Codex;
using Xunit.Abstractions;

namespace Orchestrator.Agents.Tests.Codex;

public sealed class CodexEngineStartTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_missing_executable_fails_with_a_clear_error()
    {
        await using var engine = new CodexEngine(new CodexEngineOptions { Command = "/nonexistent/codex-xyz" }, new TestOutputLoggerFactory(output));

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(
            () => engine.StartSessionAsync(new AgentSessionOptions(Path.GetTempPath())).WaitAsync(Timeout));

        Assert.Contains("/nonexistent/codex-xyz", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_app_server_that_dies_at_startup_reports_its_stderr_and_restarts_with_backoff()
    {
        // "bash app-server" fails at once: bash cannot open a script named app-server.
        await using var engine = new CodexEngine(new CodexEngineOptions { Command = "bash" }, new TestOutputLoggerFactory(output));
        var options = new AgentSessionOptions(Path.GetTempPath());

        var first = await Assert.ThrowsAsync<InvalidOperationException>(() => engine.StartSessionAsync(options).WaitAsync(Timeout));
        var stopwatch = Stopwatch.StartNew();
        await Assert.ThrowsAsync<InvalidOperationException>(() => engine.StartSessionAsync(options).WaitAsync(Timeout));

        Assert.Contains("app-server", first.Message, StringComparison.Ordinal);
        Assert.Contains("exit code 127", first.Message, StringComparison.Ordinal);
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(200), $"The restart should back off (took {stopwatch.Elapsed}).");
    }
}
