using Orchestrator.Agents.Claude;
using Orchestrator.Testing.Anthropic;
using Orchestrator.Testing.Clis;
using Xunit.Abstractions;

namespace Orchestrator.Agents.Tests.Claude;

/// <summary>The real Claude Code CLI against a <see cref="FakeAnthropicServer"/>, in a temp HOME and a temp working folder.</summary>
public sealed class ClaudeHarness : AnthropicCliHarness<ClaudeEngine, ClaudeHome>
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private ClaudeHarness(FakeAnthropicServer server, ClaudeHome home, ITestOutputHelper output)
        : base(server, home, output)
    {
    }

    public AgentSessionOptions SessionOptions => new(WorkDir, Model: "claude-sonnet-4-5", Persona: "PERSONA: you are Carl.");

    public static async Task<ClaudeHarness> StartAsync(ITestOutputHelper output)
    {
        var server = await FakeAnthropicServer.StartAsync();
        return new ClaudeHarness(server, ClaudeHome.Create(server.BaseUrl), output);
    }

    public ClaudeEngine CreateEngine(Action<ClaudeEngineOptions>? configure = null)
    {
        var options = new ClaudeEngineOptions { Command = AgentClis.Claude, ShutdownGracePeriod = TimeSpan.FromSeconds(2) };
        UseHome(options.EnvironmentVariables);
        configure?.Invoke(options);
        return Track(new ClaudeEngine(options, new TestOutputLoggerFactory(Output)));
    }
}
