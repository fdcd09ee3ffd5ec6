using Orchestrator.Agents.Acp;
using Orchestrator.Testing.Anthropic;
using Orchestrator.Testing.Clis;
using Orchestrator.Testing.Copilot;
using Xunit.Abstractions;

namespace Orchestrator.Agents.Tests.Acp;

/// <summary>The REAL GitHub Copilot CLI over ACP against a <see cref="FakeAnthropicServer"/>, offline, in a temp HOME and working folder.</summary>
public sealed class CopilotHarness : AnthropicCliHarness<AcpEngine, CopilotHome>
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private CopilotHarness(FakeAnthropicServer server, CopilotHome home, ITestOutputHelper output)
        : base(server, home, output)
    {
    }

    public AgentSessionOptions SessionOptions => new(WorkDir);

    public static async Task<CopilotHarness> StartAsync(ITestOutputHelper output)
    {
        var server = await FakeAnthropicServer.StartAsync();
        return new CopilotHarness(server, CopilotHome.Create(server.BaseUrl), output);
    }

    /// <summary>An engine configured as the bot configures Copilot (<c>--acp --stdio</c>, <c>--model</c>).</summary>
    public AcpEngine CreateEngine(Action<AcpEngineOptions>? configure = null)
    {
        var options = new AcpEngineOptions
        {
            Name = "copilot",
            Command = AgentClis.Copilot,
            ModelArgument = "--model",
            ShutdownGracePeriod = TimeSpan.FromSeconds(2),
            StartTimeout = Timeout,
        };
        options.Arguments.Add("--acp");
        options.Arguments.Add("--stdio");
        UseHome(options.EnvironmentVariables);
        configure?.Invoke(options);
        return Track(new AcpEngine(options, new TestOutputLoggerFactory(Output)));
    }
}
