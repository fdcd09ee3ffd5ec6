using Orchestrator.Agents.Codex;
using Orchestrator.Testing.Clis;
using Orchestrator.Testing.OpenAi;
using Xunit.Abstractions;

namespace Orchestrator.Agents.Tests.Codex;

/// <summary>The real codex app-server against a fake model server, with a temp CODEX_HOME and workspace.</summary>
internal sealed class CodexHarness : IAsyncDisposable
{
    private readonly List<CodexEngine> _engines = [];
    private readonly ITestOutputHelper _output;

    private CodexHarness(FakeResponsesServer model, CodexHome home, string workspace, ITestOutputHelper output)
    {
        Model = model;
        Home = home;
        Workspace = workspace;
        _output = output;
    }

    public static TimeSpan Timeout { get; } = TimeSpan.FromSeconds(60);

    public FakeResponsesServer Model { get; }

    public CodexHome Home { get; }

    public string Workspace { get; }

    public static async Task<CodexHarness> StartAsync(ITestOutputHelper output)
    {
        var model = await FakeResponsesServer.StartAsync();
        var home = CodexHome.Create(model.BaseUrl);
        var workspace = Path.Combine(Path.GetTempPath(), "codex-ws-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(workspace);
        return new CodexHarness(model, home, workspace, output);
    }

    public CodexEngine CreateEngine()
    {
        var options = new CodexEngineOptions { Command = AgentClis.Codex };
        foreach (var (name, value) in Home.EnvironmentVariables)
        {
            options.EnvironmentVariables[name] = value;
        }

        var engine = new CodexEngine(options, new TestOutputLoggerFactory(_output));
        _engines.Add(engine);
        return engine;
    }

    public AgentSessionOptions SessionOptions(string approvalPolicy = "on-request") =>
        new(Workspace, Model: "fake-model", ApprovalPolicy: approvalPolicy, Sandbox: "workspace-write");

    public async ValueTask DisposeAsync()
    {
        foreach (var engine in _engines)
        {
            await engine.DisposeAsync();
        }

        await Model.DisposeAsync();
        Home.Dispose();
        try
        {
            Directory.Delete(Workspace, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
