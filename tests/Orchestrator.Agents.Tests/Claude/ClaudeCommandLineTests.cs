using Orchestrator.Agents.Claude;

namespace Orchestrator.Agents.Tests.Claude;

/// <summary>A session may ask for its own permission mode (read-only coding sessions run with <c>plan</c>).</summary>
public sealed class ClaudeCommandLineTests
{
    [Theory]
    [InlineData(null, "default")]
    [InlineData("plan", "plan")]
    public void The_sessions_permission_mode_wins_over_the_engines(string? sessionMode, string expected)
    {
        var command = ClaudeCommandLine.Build(new ClaudeEngineOptions(), new AgentSessionOptions("/tmp", PermissionMode: sessionMode), "id-1", resume: false);

        var arguments = command.Arguments.ToList();
        Assert.Equal(expected, arguments[arguments.IndexOf("--permission-mode") + 1]);
        Assert.Single(arguments, a => a == "--permission-mode");
    }
}
