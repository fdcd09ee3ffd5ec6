using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Agents;
using Orchestrator.Agents.Claude;
using Orchestrator.Agents.Codex;

namespace Orchestrator.Bot.Engines;

/// <summary>
/// The engines by name, created on first use. Codex runs ONE app-server process shared by every Codex agent; Claude runs
/// one CLI process per active session (stopped after <see cref="ClaudeOptions.IdleTimeout"/> without a turn).
/// Disposing the registry (at shutdown) ends every agent process the bot started.
/// </summary>
public sealed class EngineRegistry(
    IOptions<CodexOptions> codex,
    IOptions<ClaudeOptions> claude,
    ILoggerFactory loggerFactory) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, IAgentEngine> _engines = new(StringComparer.Ordinal);
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

            engine = name switch
            {
                "codex" => CreateCodex(),
                "claude" => CreateClaude(),
                _ => throw new EngineUnavailableException($"Unknown engine '{name}': use codex or claude."),
            };
            _engines[name] = engine;
            return engine;
        }
    }

    private CodexEngine CreateCodex()
    {
        var options = new CodexEngineOptions { Command = codex.Value.Command };
        foreach (var (key, value) in codex.Value.Environment)
        {
            options.EnvironmentVariables[key] = value;
        }

        return new CodexEngine(options, loggerFactory);
    }

    private ClaudeEngine CreateClaude()
    {
        var options = new ClaudeEngineOptions { Command = claude.Value.Command, IdleTimeout = claude.Value.IdleTimeout };
        foreach (var (key, value) in claude.Value.Environment)
        {
            // An empty value removes an inherited variable (e.g. a stray ANTHROPIC_AUTH_TOKEN).
            options.EnvironmentVariables[key] = string.IsNullOrEmpty(value) ? null : value;
        }

        return new ClaudeEngine(options, loggerFactory);
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
