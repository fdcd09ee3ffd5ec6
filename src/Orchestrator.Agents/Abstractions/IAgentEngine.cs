namespace Orchestrator.Agents;

/// <summary>
/// One coding-agent engine (Codex through app-server, Claude Code through stream-json).
/// Engines know nothing of Telegram: they take inputs and emit a typed event stream.
/// </summary>
public interface IAgentEngine : IAsyncDisposable
{
    /// <summary>The engine's configuration name: <c>codex</c> or <c>claude</c>.</summary>
    string Name { get; }

    /// <summary>Starts a fresh session (a Codex thread, a Claude session).</summary>
    Task<IAgentSession> StartSessionAsync(AgentSessionOptions options, CancellationToken cancellationToken = default);

    /// <summary>Continues a stored session after a restart of the bot or of the engine process.</summary>
    Task<IAgentSession> ResumeSessionAsync(string sessionId, AgentSessionOptions options, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts what the first session would otherwise wait for (Codex: its app-server process), so the first message does
    /// not pay for it. Nothing for engines without a shared process. A failure throws; the next use tries again.
    /// </summary>
    Task WarmUpAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
}
