using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Agents;
using Orchestrator.Agents.Acp;
using Orchestrator.Agents.Claude;
using Orchestrator.Agents.Codex;

namespace Orchestrator.Bot.Engines;

/// <summary>
/// The engines by name, created on first use. Codex runs ONE app-server process shared by every Codex agent; Claude runs
/// one CLI process per active session (stopped after <see cref="ClaudeOptions.IdleTimeout"/> without a turn); each ACP
/// engine (<c>Engines:Acp:NAME</c>, Copilot first) likewise runs one agent process per active session.
/// Disposing the registry (at shutdown) ends every agent process the bot started.
/// An <see cref="IAgentEngine"/> registered in the service collection replaces the built-in engine of the same
/// <see cref="IAgentEngine.Name"/> (load tests, embedding); the container owns and disposes it.
/// </summary>
public sealed class EngineRegistry(
    IOptions<CodexOptions> codex,
    IOptions<ClaudeOptions> claude,
    IOptions<AcpEnginesOptions> acp,
    AgentEnvironment environment,
    ILoggerFactory loggerFactory,
    IEnumerable<IAgentEngine> registered) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, IAgentEngine> _engines = new(StringComparer.Ordinal);
    private readonly IAgentEngine[] _registered = [.. registered];
    private bool _disposed;

    public IAgentEngine Get(string name)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_engines.TryGetValue(name, out var engine))
            {
                return engine;
            }

            if (Array.Find(_registered, e => e.Name == name) is { } provided)
            {
                return provided;
            }

            engine = name switch
            {
                "codex" => CreateCodex(),
                "claude" => CreateClaude(),
                _ when acp.Value.Agents.TryGetValue(name, out var configured) => CreateAcp(name, configured),
                _ => throw new EngineUnavailableException(
                    $"Unknown engine '{name}': use {string.Join(", ", ["codex", "claude", .. acp.Value.Names])}."),
            };
            _engines[name] = engine;
            return engine;
        }
    }

    private CodexEngine CreateCodex()
    {
        var options = new CodexEngineOptions
        {
            Command = codex.Value.Command,
            RequestTimeout = codex.Value.RequestTimeout,
            EnvironmentPolicy = environment.ForCodex(codex.Value.Environment),
        };
        foreach (var (key, value) in codex.Value.Environment)
        {
            options.EnvironmentVariables[key] = value;
        }

        return new CodexEngine(options, loggerFactory);
    }

    private ClaudeEngine CreateClaude()
    {
        var options = new ClaudeEngineOptions
        {
            Command = claude.Value.Command,
            IdleTimeout = claude.Value.IdleTimeout,
            EnvironmentPolicy = environment.Policy,
            SettingSources = claude.Value.SettingSources,
            MaxProcesses = claude.Value.MaxProcesses,
        };
        foreach (var (key, value) in claude.Value.Environment)
        {
            // An empty value removes an inherited variable (e.g. a stray ANTHROPIC_AUTH_TOKEN).
            options.EnvironmentVariables[key] = string.IsNullOrEmpty(value) ? null : value;
        }

        return new ClaudeEngine(options, loggerFactory);
    }

    private AcpEngine CreateAcp(string name, AcpAgentOptions configured)
    {
        var options = new AcpEngineOptions
        {
            Name = name,
            Command = configured.Command,
            ModelArgument = configured.ModelArgument,
            RequestTimeout = configured.RequestTimeout,
            StartTimeout = configured.StartTimeout,
            IdleTimeout = configured.IdleTimeout,
            MaxProcesses = configured.MaxProcesses,
            EnvironmentPolicy = environment.ForAcp(configured),
        };
        foreach (var argument in configured.Arguments)
        {
            options.Arguments.Add(argument);
        }

        foreach (var (key, value) in configured.Environment)
        {
            options.EnvironmentVariables[key] = string.IsNullOrEmpty(value) ? null : value;
        }

        return new AcpEngine(options, loggerFactory);
    }

    public async ValueTask DisposeAsync()
    {
        IAgentEngine[] engines;
        lock (_gate)
        {
            _disposed = true;
            engines = [.. _engines.Values];
            _engines.Clear();
        }

        await Task.WhenAll(engines.Select(e => e.DisposeAsync().AsTask()));
    }
}

/// <summary>The agent's engine cannot be used (unknown, not installed, not supported yet).</summary>
public sealed class EngineUnavailableException(string message) : Exception(message);
