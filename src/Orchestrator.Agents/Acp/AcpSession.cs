using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Orchestrator.Agents.Processes;

namespace Orchestrator.Agents.Acp;

/// <summary>
/// An ACP session with a process of its own (started with the agent's model on its command line). The process is
/// stopped after <see cref="AcpEngineOptions.IdleTimeout"/> without a turn, or when another session needs its slot, and
/// when it is gone (stopped, crashed) the next turn starts a new one and continues the conversation with <c>session/load</c>.
/// </summary>
internal sealed class AcpSession : IAgentSession
{
    private readonly AcpEngine _engine;
    private readonly AgentSessionOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _startLock = new(1, 1);
    private readonly Lock _gate = new();
    private AcpConnection? _connection;
    private Task _processGone = Task.CompletedTask;
    private AcpTurn? _current;
    private string? _pendingInstructions;
    private long _lastUsed;
    private CancellationTokenSource? _idle;
    private bool _disposed;

    public AcpSession(AcpEngine engine, string sessionId, AgentSessionOptions options, AcpConnection connection, bool isNew, ILogger logger)
    {
        _engine = engine;
        SessionId = sessionId;
        _options = options;
        _logger = logger;
        _pendingInstructions = isNew ? options.Persona : null;
        Attach(connection);
        Touch();
    }

    public string SessionId { get; }

    public AgentSessionOptions Options => _options;

    /// <summary>The running (or last) turn.</summary>
    public AcpTurn? CurrentTurn => _current;

    /// <summary>When the session was last used (for choosing which idle process to stop).</summary>
    public long LastUsed => Interlocked.Read(ref _lastUsed);

    /// <summary>True while its process runs.</summary>
    public bool HasProcess => _connection is { IsClosed: false };

    /// <summary>True while a turn runs.</summary>
    public bool IsBusy => _current is { IsEnded: false };

    public async Task<IAgentTurn> StartTurnAsync(IReadOnlyList<AgentInput> input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await _startLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_current is { IsEnded: false })
            {
                throw new InvalidOperationException("A turn is already running in this session: steer or interrupt it first.");
            }

            CancelIdleTimer();
            Touch();
            var connection = _connection;
            if (connection is null || connection.IsClosed)
            {
                await WaitForLastProcessAsync(cancellationToken).ConfigureAwait(false);
                _logger.LogInformation("Loading {Engine} session {SessionId} in a new process", _engine.Name, SessionId);
                connection = await _engine.StartConnectionAsync(this, _options, cancellationToken).ConfigureAwait(false);
                try
                {
                    await connection.LoadSessionAsync(SessionId, _options.WorkingDirectory, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                    throw;
                }

                Attach(connection);
            }

            var images = connection.Agent?.Images ?? false;
            var prompt = AcpPromptMapper.Map(input, images, _pendingInstructions);
            _pendingInstructions = null;
            var turn = new AcpTurn(connection, SessionId, images, _engine.Options.RequestTimeout, _logger);
            _current = turn;
            _ = RunAsync(turn, prompt);
            return turn;
        }
        finally
        {
            _startLock.Release();
        }
    }

    /// <summary>Stops the process if no turn runs (idle timeout, or another session needs the slot). True when stopped.</summary>
    public async Task<bool> StopProcessIfIdleAsync()
    {
        AcpConnection? connection;
        lock (_gate)
        {
            if (IsBusy || _connection is null)
            {
                return false;
            }

            connection = _connection;
            _connection = null;
        }

        _logger.LogInformation("Stopping the idle {Engine} process of session {SessionId}", _engine.Name, SessionId);
        await connection.StopAsync(_engine.Options.ShutdownGracePeriod).ConfigureAwait(false);
        await connection.DisposeAsync().ConfigureAwait(false);
        return true;
    }

    /// <summary>Ends the running turn at engine shutdown.</summary>
    public void EndForShutdown() => _current?.End(TurnOutcome.Failed, $"The {_engine.Name} engine was shut down.");

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        if (_current is { IsEnded: false } turn)
        {
            await turn.InterruptAsync().ConfigureAwait(false);
            try
            {
                await turn.Completion.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                turn.End(TurnOutcome.Interrupted, "The session was closed.");
            }
        }

        _disposed = true;
        CancelIdleTimer();
        _engine.Unregister(this);
        AcpConnection? connection;
        lock (_gate)
        {
            connection = _connection;
            _connection = null;
        }

        if (connection is not null)
        {
            await connection.StopAsync(_engine.Options.ShutdownGracePeriod).ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        // A process whose connection had already closed is still being stopped by its watcher: not left behind either.
        await WaitForLastProcessAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private void Attach(AcpConnection connection)
    {
        connection.UpdateReceived = OnUpdateAsync;
        connection.PermissionRequested = OnPermissionAsync;
        lock (_gate)
        {
            _connection = connection;
        }

        _processGone = WatchAsync(connection);
    }

    /// <summary>
    /// One process per session: the last one must be gone before the session is loaded in a new one, or both could
    /// write the agent's stored session at once.
    /// </summary>
    private Task WaitForLastProcessAsync(CancellationToken cancellationToken) =>
        ProcessSuccession.WaitForLastAsync(
            _processGone, _engine.Options.ShutdownGracePeriod, _logger, $"The last {_engine.Name} process of session {SessionId}", cancellationToken);

    private async Task WatchAsync(AcpConnection connection)
    {
        var description = await connection.Closed.ConfigureAwait(false);
        lock (_gate)
        {
            if (ReferenceEquals(_connection, connection))
            {
                _connection = null;
            }
        }

        if (_current is { } turn && ReferenceEquals(turn.Connection, connection) && !turn.IsEnded)
        {
            // Give the prompt's own answer (already received) a moment to end the turn first.
            await Task.WhenAny(turn.Completion, Task.Delay(TimeSpan.FromMilliseconds(500))).ConfigureAwait(false);
            var reason = connection.FailureReason ?? $"The {_engine.Name} agent exited unexpectedly {description}";
            _logger.LogWarning("{Reason} (session {SessionId})", reason, SessionId);
            turn.End(TurnOutcome.Failed, reason);
        }

        await connection.StopAsync(_engine.Options.ShutdownGracePeriod).ConfigureAwait(false);
        await connection.DisposeAsync().ConfigureAwait(false);
    }

    private async Task RunAsync(AcpTurn turn, JsonArray prompt)
    {
        await turn.RunAsync(prompt).ConfigureAwait(false);
        Touch();
        StartIdleTimer();
    }

    private ValueTask OnUpdateAsync(string sessionId, JsonElement update)
    {
        // session/load replays the conversation as updates before any turn exists: those find no running turn.
        if (sessionId == SessionId && _current is { IsEnded: false } turn)
        {
            turn.OnUpdate(update);
        }

        return ValueTask.CompletedTask;
    }

    private Task<JsonObject> OnPermissionAsync(AcpPermissionRequest request, CancellationToken cancellationToken)
    {
        if (request.SessionId == SessionId && _current is { IsEnded: false } turn)
        {
            return turn.RequestPermissionAsync(request, cancellationToken);
        }

        _logger.LogWarning("Refusing a permission request of session {SessionId} that has no running turn", request.SessionId);
        return Task.FromResult(AcpPermissionRequest.Cancelled());
    }

    private void Touch() => Interlocked.Exchange(ref _lastUsed, Environment.TickCount64);

    private void StartIdleTimer()
    {
        var idle = new CancellationTokenSource();
        lock (_gate)
        {
            _idle?.Cancel();
            _idle = idle;
        }

        _ = Task.Delay(_engine.Options.IdleTimeout, idle.Token).ContinueWith(
            async t =>
            {
                if (!t.IsCanceled && !_disposed)
                {
                    await StopProcessIfIdleAsync().ConfigureAwait(false);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.None,
            TaskScheduler.Default);
    }

    private void CancelIdleTimer()
    {
        lock (_gate)
        {
            _idle?.Cancel();
            _idle = null;
        }
    }
}
