using Orchestrator.Agents.Acp;
using Orchestrator.Testing.Anthropic;
using Orchestrator.Testing.Clis;
using Orchestrator.Testing.Copilot;
using Xunit.Abstractions;

namespace Orchestrator.Agents.Tests.Acp;

/// <summary>The REAL GitHub Copilot CLI over ACP against a <see cref="FakeAnthropicServer"/>, offline, in a temp HOME and working folder.</summary>
public sealed class CopilotHarness : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private readonly List<AcpEngine> _engines = [];
    private readonly ITestOutputHelper _output;

    private CopilotHarness(FakeAnthropicServer server, CopilotHome home, string workDir, ITestOutputHelper output)
    {
        Server = server;
        Home = home;
        WorkDir = workDir;
        _output = output;
    }

    public FakeAnthropicServer Server { get; }

    public CopilotHome Home { get; }

    public string WorkDir { get; }

    public AgentSessionOptions SessionOptions => new(WorkDir);

    public static async Task<CopilotHarness> StartAsync(ITestOutputHelper output)
    {
        var server = await FakeAnthropicServer.StartAsync();
        var home = CopilotHome.Create(server.BaseUrl);
        var workDir = Path.Combine(home.Path, "work");
        Directory.CreateDirectory(workDir);
        return new CopilotHarness(server, home, workDir, output);
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
        foreach (var (name, value) in Home.EnvironmentVariables)
        {
            options.EnvironmentVariables[name] = value;
        }

        configure?.Invoke(options);
        var engine = new AcpEngine(options, new TestOutputLoggerFactory(_output));
        _engines.Add(engine);
        return engine;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var engine in _engines)
        {
            await engine.DisposeAsync();
        }

        foreach (var path in Server.UnknownPaths)
        {
            _output.WriteLine($"fake: unknown path {path}");
        }

        await Server.DisposeAsync();
        Home.Dispose();
    }
}
