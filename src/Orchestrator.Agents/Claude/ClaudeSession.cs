using Microsoft.Extensions.Logging;
using Orchestrator.Agents.Claude.Protocol;
using Orchestrator.Agents.Processes;

namespace Orchestrator.Agents.Claude;

/// <summary>
/// A Claude Code session: one long-lived <c>claude -p</c> stream-json process while active. The process is started with
/// <c>--session-id</c> for a new conversation and <c>--resume</c> afterwards: after it died, or was stopped for being idle
/// longer than <see cref="ClaudeEngineOptions.IdleTimeout"/>, the next turn transparently starts a resumed one.
/// </summary>
internal sealed partial class ClaudeSession : IAgentSession
{
    private readonly ClaudeEngine _engine;
    private readonly ClaudeEngineOptions _engineOptions;
    private readonly AgentSessionOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ClaudeSessionRules _rules = new();
    private readonly ClaudeCostTracker _costs;
    private readonly Lock _lock = new();
    private readonly Timer _idleTimer;
    private volatile ClaudeProcess? _process;
    private volatile ClaudeTurn? _current;
    private readonly bool _createdHere;
    private volatile bool _conversationExists;
    private int _skipResults;
    private string? _answering;
    private bool _echoesUuids;
    private int _turnCounter;
    private volatile bool _disposed;
    private volatile bool _starting;
    private long _lastUsed = Environment.TickCount64;

    public ClaudeSession(ClaudeEngine engine, ClaudeEngineOptions engineOptions, string sessionId, AgentSessionOptions options, bool exists, ILogger logger)
    {
        _engine = engine;
        _engineOptions = engineOptions;
        SessionId = sessionId;
        _options = options;
        _conversationExists = exists;
        _createdHere = !exists;
        _costs = new ClaudeCostTracker(startsAtZero: !exists);
        _logger = logger;
        _idleTimer = new Timer(_ => _ = StopIfIdleAsync(), null, Timeout.Infinite, Timeout.Infinite);
    }

    public string SessionId { get; }

    public string WorkingDirectory => _options.WorkingDirectory;

    /// <summary>The running process's id, if any.</summary>
    internal int? ProcessId => _process is { IsClosed: false } process ? process.ProcessId : null;

    /// <summary>When a turn last started or ended here (<see cref="Environment.TickCount64"/>): the least recent idle session gives up its process first.</summary>
    internal long LastUsed => Interlocked.Read(ref _lastUsed);

    /// <summary>Has a process and nothing running or starting in it: it may be stopped to make room for another session.</summary>
    internal bool IsIdle => !_disposed && !_starting && _gate.CurrentCount == 1 && _current is not { IsEnded: false };

    /// <summary>The running (or last) turn.</summary>
    internal ClaudeTurn? CurrentTurn => _current;

    public async Task<IAgentTurn> StartTurnAsync(IReadOnlyList<AgentInput> input, CancellationToken cancellationToken = default)
    {
        var content = ClaudeInputMapper.Map(input);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_current is { IsEnded: false })
            {
                throw new InvalidOperationException("A turn is already running in this session: steer or interrupt it first.");
            }

            _idleTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            Interlocked.Exchange(ref _lastUsed, Environment.TickCount64);
            for (var attempt = 1; ; attempt++)
            {
                var process = await EnsureProcessAsync(cancellationToken).ConfigureAwait(false);
                var turn = new ClaudeTurn(this, process, $"{SessionId}/{Interlocked.Increment(ref _turnCounter)}", _logger);
                _current = turn;
                try
                {
                    await turn.SendAsync(content, cancellationToken).ConfigureAwait(false);
                    return turn;
                }
                catch (IOException ex) when (attempt == 1)
                {
                    // The idle process died a moment ago (not noticed yet): start a resumed one and send again.
                    _logger.LogInformation("Claude process of session {SessionId} is gone ({Error}): restarting it", SessionId, ex.Message);
                    turn.End(TurnOutcome.Failed, ex.Message);
                    await StopProcessAsync("The process was gone.").ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    turn.End(TurnOutcome.Failed, ex.Message);
                    throw;
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Starts the process now (validates a resumed id early); the idle timeout applies from here.</summary>
    internal async Task StartProcessNowAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await EnsureProcessAsync(cancellationToken).ConfigureAwait(false);
            ArmIdleTimer();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<ClaudeProcess> EnsureProcessAsync(CancellationToken cancellationToken)
    {
        if (_process is { IsClosed: false } running)
        {
            return running;
        }

        _process = null;
        _starting = true;
        try
        {
            if (_engine.Slots.Acquire(this) is { } idle)
            {
                _logger.LogInformation(
                    "Stopping the idle Claude process of session {IdleSessionId} to make room for session {SessionId} (Claude:MaxProcesses {Max})",
                    idle.SessionId, SessionId, _engine.Slots.Max);
                await idle.StopProcessAsync("Stopped to make room for another Claude session.").ConfigureAwait(false);
            }

            return await StartProcessInSlotAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _engine.Slots.Release(this);
            throw;
        }
        finally
        {
            _starting = false;
        }
    }

    private async Task<ClaudeProcess> StartProcessInSlotAsync(CancellationToken cancellationToken)
    {
        var resume = _conversationExists;
        try
        {
            return _process = await ClaudeProcessStarter.StartAsync(this, resume, cancellationToken).ConfigureAwait(false);
        }
        catch (AgentSessionNotFoundException) when (_createdHere)
        {
            // Our own new session was stopped before Claude Code saved anything: start it afresh under the same id.
            _logger.LogInformation("Claude session {SessionId} was never saved: starting it anew", SessionId);
            _conversationExists = false;
            return _process = await ClaudeProcessStarter.StartAsync(this, resume: false, cancellationToken).ConfigureAwait(false);
        }
        catch (ClaudeStartException ex) when (ex.SessionInUse && !resume)
        {
            // "Session ID ... is already in use": --session-id of a conversation Claude Code already saved.
            _logger.LogInformation("Claude session {SessionId} already exists: resuming it", SessionId);
            _conversationExists = true;
            return _process = await ClaudeProcessStarter.StartAsync(this, resume: true, cancellationToken).ConfigureAwait(false);
        }
        catch (ClaudeStartException ex) when (ex.SessionInUse)
        {
            _logger.LogWarning("Claude session {SessionId} is in use: stopping our other processes for it and retrying", SessionId);
            await _engine.StopOtherProcessesAsync(this).ConfigureAwait(false);
            return _process = await ClaudeProcessStarter.StartAsync(this, resume, cancellationToken).ConfigureAwait(false);
        }
    }

    internal ClaudeProcess StartProcess(bool resume)
    {
        var command = ClaudeCommandLine.Build(_engineOptions, _options, SessionId, resume);
        var process = ClaudeProcess.Start(command, _logger, OnMessage);
        _ = WatchAsync(process);
        return process;
    }

    internal ClaudeEngineOptions EngineOptions => _engineOptions;

    internal ILogger Logger => _logger;

    /// <summary>The conversation has been written by the CLI (it can be resumed).</summary>
    internal void MarkConversationExists() => _conversationExists = true;

    internal bool IsApprovedForSession(ClaudeControlRequestBody request) => _rules.Covers(request);

    internal System.Text.Json.JsonElement? RememberForSession(ClaudeControlRequestBody request) => _rules.Remember(request);

    /// <summary>The cost of one result (see <see cref="ClaudeCostTracker"/>).</summary>
    internal decimal? CostOfResult(ClaudeOutputMessage result) => _costs.CostOf(result);

    /// <summary>Engine shutdown: ends the running turn at once and stops the process.</summary>
    internal async Task ShutdownAsync()
    {
        _disposed = true;
        _current?.End(TurnOutcome.Failed, "The Claude engine was shut down.");
        await _idleTimer.DisposeAsync().ConfigureAwait(false);
        await StopProcessAsync("The Claude engine was shut down.").ConfigureAwait(false);
        _engine.Slots.Release(this);
    }

    /// <summary>Stops the process (if any), ending a running turn.</summary>
    internal async Task StopProcessAsync(string reason)
    {
        var process = _process;
        _process = null;
        if (process is null)
        {
            return;
        }

        if (_current is { IsEnded: false } turn && ReferenceEquals(turn.Process, process))
        {
            turn.End(TurnOutcome.Failed, reason);
        }

        await process.StopAsync(_engineOptions.ShutdownGracePeriod).ConfigureAwait(false);
    }

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
        await _idleTimer.DisposeAsync().ConfigureAwait(false);
        await StopProcessAsync("The session was closed.").ConfigureAwait(false);
        _engine.Slots.Release(this);
        _engine.Unregister(this);
    }

    private void ArmIdleTimer()
    {
        try
        {
            _idleTimer.Change(_engineOptions.IdleTimeout, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Shut down meanwhile.
        }
    }

    private async Task StopIfIdleAsync()
    {
        if (!await _gate.WaitAsync(0).ConfigureAwait(false))
        {
            return; // A turn is starting.
        }

        try
        {
            if (_current is { IsEnded: false } || _process is null || _disposed)
            {
                return;
            }

            _logger.LogInformation("Stopping the idle Claude process of session {SessionId}", SessionId);
            await StopProcessAsync("The session was idle.").ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }
}
