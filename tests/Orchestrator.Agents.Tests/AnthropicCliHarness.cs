using Orchestrator.Testing.Anthropic;
using Orchestrator.Testing.Clis;
using Xunit.Abstractions;

namespace Orchestrator.Agents.Tests;

/// <summary>
/// What every harness of a real agent CLI against a <see cref="FakeAnthropicServer"/> holds: the fake, the CLI's
/// temporary HOME, a working folder inside it, and the engines made for the test. Disposing it disposes the engines
/// (their processes end), then the fake (what it did not expect goes to the test output), then the HOME.
/// </summary>
public abstract class AnthropicCliHarness<TEngine, THome> : IAsyncDisposable
    where TEngine : IAgentEngine
    where THome : ICliHome
{
    private readonly List<TEngine> _engines = [];

    protected AnthropicCliHarness(FakeAnthropicServer server, THome home, ITestOutputHelper output)
    {
        Server = server;
        Home = home;
        Output = output;
        WorkDir = Path.Combine(home.Path, "work");
        Directory.CreateDirectory(WorkDir);
    }

    public FakeAnthropicServer Server { get; }

    public THome Home { get; }

    public string WorkDir { get; }

    protected ITestOutputHelper Output { get; }

    /// <summary>The HOME's variables, for an engine's options (set before the test's own configuration).</summary>
    protected void UseHome(IDictionary<string, string?> environment)
    {
        foreach (var (name, value) in Home.EnvironmentVariables)
        {
            environment[name] = value;
        }
    }

    /// <summary>Keeps <paramref name="engine"/> to dispose it with the harness.</summary>
    protected TEngine Track(TEngine engine)
    {
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
            Output.WriteLine($"fake: unknown path {path}");
        }

        foreach (var side in Server.SideRequests)
        {
            Output.WriteLine($"fake: side request {side.Path} {side.Raw[..Math.Min(200, side.Raw.Length)]}");
        }

        await Server.DisposeAsync();
        Home.Dispose();
        GC.SuppressFinalize(this);
    }
}
