using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Orchestrator.Agents.Claude;

/// <summary>
/// The Claude Code engine: one long-lived <c>claude -p --input-format stream-json --output-format stream-json</c> process
/// per active session (cwd = the session's working directory), permissions asked over stdio
/// (<c>--permission-prompt-tool stdio</c>).
/// <list type="bullet">
/// <item>Session ids: a new session gets its id up front (<c>--session-id</c>, a fresh UUID), so
/// <see cref="IAgentSession.SessionId"/> can be stored as soon as <see cref="StartSessionAsync"/> returns. Both start and
/// resume launch the process at once and run the <c>initialize</c> handshake, so an unknown id fails in
/// <see cref="ResumeSessionAsync"/> with <see cref="AgentSessionNotFoundException"/>.</item>
/// <item>Restarts: a process stopped after <see cref="ClaudeEngineOptions.IdleTimeout"/>, or one that died, is replaced on the
/// next turn by <c>claude --resume</c>; a turn running when the process dies ends <see cref="TurnOutcome.Failed"/> at once.</item>
/// <item>Steering: Claude Code queues a message written during a turn and answers it with its own <c>result</c>; the engine
/// keeps such a message in the SAME <see cref="IAgentTurn"/>, which ends after the result of the last queued message
/// (its <see cref="TurnEnded.FinalText"/> is that last answer). An interrupt also interrupts the queued messages.</item>
/// <item>Approvals: Approve allows with the original input; Deny refuses with "Denied from Telegram" (the model is told,
/// the turn goes on); Cancel refuses and interrupts; ApproveForSession allows, sends the CLI's suggested rules back as
/// session-scoped <c>updatedPermissions</c> and remembers them, so the same request is allowed without asking, also
/// after a restart of the process.</item>
/// <item>Usage: <see cref="TokenUsage"/> counts the turn's own tokens (input including cache reads and writes) and its cost
/// in USD, summed over the turn's results.</item>
/// </list>
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
        Slots = new ClaudeProcessSlots(options.MaxProcesses);
    }

    /// <summary>The process slots (<see cref="ClaudeEngineOptions.MaxProcesses"/>).</summary>
    internal ClaudeProcessSlots Slots { get; }

    /// <summary>How many sessions have a Claude Code process now (or are starting one).</summary>
    public int RunningProcesses => Slots.Count;

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
