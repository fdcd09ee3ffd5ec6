using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Orchestrator.Agents.Claude;

/// <summary>
/// The Claude Code engine: one long-lived <c>claude -p --input-format stream-json --output-format stream-json</c> process
/// per active session (cwd = the session's working directory), permissions asked over stdio
/// (<c>--permission-prompt-tool stdio</c>). A new session gets its id up front (<c>--session-id</c>, a fresh UUID), so
/// <see cref="IAgentSession.SessionId"/> is known as soon as <see cref="StartSessionAsync"/> returns.
/// Idle processes are stopped after <see cref="ClaudeEngineOptions.IdleTimeout"/> and resumed (<c>--resume</c>) on the next turn.
/// </summary>
public sealed class ClaudeEngine : IAgentEngine
{
    private readonly ClaudeEngineOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ConcurrentDictionary<ClaudeSession, byte> _sessions = new();
    private volatile bool _disposed;

    public ClaudeEngine(ClaudeEngineOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
    }

    public string Name => "claude";

    /// <summary>Starts a new conversation: its process runs (and answered the handshake) when this returns.</summary>
    /// <exception cref="ClaudeStartException">The CLI could not be started.</exception>
    public async Task<IAgentSession> StartSessionAsync(AgentSessionOptions options, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(options);
        var session = Register(new ClaudeSession(this, _options, Guid.NewGuid().ToString(), options, exists: false, CreateLogger()));
        return await WarmUpAsync(session, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Continues a stored conversation in a new process (<c>--resume</c>), started now to validate the id.</summary>
    /// <exception cref="AgentSessionNotFoundException">Claude Code has no conversation with that id (or the id is no UUID).</exception>
    /// <exception cref="ClaudeStartException">The CLI could not be started.</exception>
    public async Task<IAgentSession> ResumeSessionAsync(string sessionId, AgentSessionOptions options, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(options);
        if (!Guid.TryParse(sessionId, out var parsed))
        {
            throw new AgentSessionNotFoundException(sessionId ?? string.Empty, $"'{sessionId}' is not a Claude session id (a UUID).");
        }

        var id = parsed.ToString();
        foreach (var stale in _sessions.Keys.Where(s => s.SessionId == id && s.CurrentTurn is not { IsEnded: false }))
        {
            // The same conversation in two processes would interleave its history: stop our idle one.
            await stale.StopProcessAsync("The session was resumed elsewhere.").ConfigureAwait(false);
        }

        var session = Register(new ClaudeSession(this, _options, id, options, exists: true, CreateLogger()));
        return await WarmUpAsync(session, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        var sessions = _sessions.Keys.ToList();
        await Task.WhenAll(sessions.Select(s => s.ShutdownAsync())).ConfigureAwait(false);
        _sessions.Clear();
    }

    internal void Unregister(ClaudeSession session) => _sessions.TryRemove(session, out _);

    /// <summary>Stops the processes of the other session objects with the same id (after "session in use").</summary>
    internal Task StopOtherProcessesAsync(ClaudeSession session) =>
        Task.WhenAll(_sessions.Keys
            .Where(s => !ReferenceEquals(s, session) && s.SessionId == session.SessionId)
            .Select(s => s.StopProcessAsync("The session was resumed elsewhere.")));

    private ClaudeSession Register(ClaudeSession session)
    {
        _sessions[session] = 0;
        return session;
    }

    private async Task<IAgentSession> WarmUpAsync(ClaudeSession session, CancellationToken cancellationToken)
    {
        try
        {
            await session.StartProcessNowAsync(cancellationToken).ConfigureAwait(false);
            return session;
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private ILogger CreateLogger() => _loggerFactory.CreateLogger("Orchestrator.Agents.Claude");
}
