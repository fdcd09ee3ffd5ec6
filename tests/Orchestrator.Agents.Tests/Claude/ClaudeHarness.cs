using Orchestrator.Agents.Claude;
using Orchestrator.Testing.Anthropic;
using Orchestrator.Testing.Clis;
using Xunit.Abstractions;

namespace Orchestrator.Agents.Tests.Claude;

/// <summary>The real Claude Code CLI against a <see cref="FakeAnthropicServer"/>, in a temp HOME and a temp working folder.</summary>
public sealed class ClaudeHarness : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly List<ClaudeEngine> _engines = [];
    private readonly ITestOutputHelper _output;

    private ClaudeHarness(FakeAnthropicServer server, ClaudeHome home, string workDir, ITestOutputHelper output)
    {
        Server = server;
        Home = home;
        WorkDir = workDir;
        _output = output;
    }

    public FakeAnthropicServer Server { get; }

    public ClaudeHome Home { get; }

    public string WorkDir { get; }

    public AgentSessionOptions SessionOptions => new(WorkDir, Model: "claude-sonnet-4-5", Persona: "PERSONA: you are Carl.");

    public static async Task<ClaudeHarness> StartAsync(ITestOutputHelper output)
    {
        var server = await FakeAnthropicServer.StartAsync();
        var home = ClaudeHome.Create(server.BaseUrl);
        var workDir = Path.Combine(home.Path, "work");
        Directory.CreateDirectory(workDir);
        return new ClaudeHarness(server, home, workDir, output);
    }

    public ClaudeEngine CreateEngine(Action<ClaudeEngineOptions>? configure = null)
    {
        var options = new ClaudeEngineOptions { Command = AgentClis.Claude, ShutdownGracePeriod = TimeSpan.FromSeconds(2) };
        foreach (var (name, value) in Home.EnvironmentVariables)
        {
            options.EnvironmentVariables[name] = value;
        }

        configure?.Invoke(options);
        var engine = new ClaudeEngine(options, new TestOutputLoggerFactory(_output));
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

        foreach (var side in Server.SideRequests)
        {
            _output.WriteLine($"fake: side request {side.Path} {side.Raw[..Math.Min(200, side.Raw.Length)]}");
        }

        await Server.DisposeAsync();
        Home.Dispose();
    }
}
