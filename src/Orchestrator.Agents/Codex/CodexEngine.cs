using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Agents.Codex.Protocol;
using Orchestrator.Agents.Processes;

namespace Orchestrator.Agents.Codex;

/// <summary>
/// The Codex engine: ONE <c>codex app-server</c> process shared by all its sessions, started lazily. When it dies,
/// running turns end <see cref="TurnOutcome.Failed"/> at once; the next use restarts it (with backoff) and sessions
/// resume their thread before their next turn.
/// </summary>
public sealed partial class CodexEngine : IAgentEngine, IAgentThreads
{
    private static readonly ClientInfo ClientInfo = new("orchestrator_bot", "Orchestrator.Bot", "1.0.0");

    private readonly CodexEngineOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _startLock = new(1, 1);
    private readonly ConcurrentDictionary<string, CodexSession> _sessions = new();
    private readonly ConcurrentDictionary<string, CodexSession>.AlternateLookup<ReadOnlySpan<char>> _sessionsByThreadSpan;
    private volatile CodexAppServerClient? _client;
    private Task _lastClientGone = Task.CompletedTask;
    private int _consecutiveFailures;
    private long _lastFailureTimestamp;
    private long _generation;
    private volatile bool _disposed;

    public CodexEngine(CodexEngineOptions options, ILoggerFactory? loggerFactory = null)
    {
        _options = options;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<CodexEngine>();
        _sessionsByThreadSpan = _sessions.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string Name => "codex";

    /// <summary>How many app-server processes were started so far (the current process generation).</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>The running app-server's process id, if any.</summary>
    public int? AppServerProcessId => _client is { IsClosed: false } client ? client.ProcessId : null;

    public async Task<IAgentSession> StartSessionAsync(AgentSessionOptions options, CancellationToken cancellationToken = default)
    {
        var client = await GetClientAsync(cancellationToken).ConfigureAwait(false);
        var parameters = new ThreadStartParams(options.Model, options.WorkingDirectory, options.ApprovalPolicy, options.Sandbox, options.Persona);
        var response = await client.StartThreadAsync(parameters, cancellationToken).ConfigureAwait(false);
        return Register(new CodexSession(this, response.Thread.Id, options, client, _logger));
    }

    public async Task<IAgentSession> ResumeSessionAsync(string sessionId, AgentSessionOptions options, CancellationToken cancellationToken = default)
    {
        var client = await GetClientAsync(cancellationToken).ConfigureAwait(false);
        var response = await CodexSession.ResumeAsync(client, sessionId, options, cancellationToken).ConfigureAwait(false);
        return Register(new CodexSession(this, response.Thread.Id, options, client, _logger));
    }

    /// <summary>Starts the app-server process now (if it is not running), so the first session does not wait for it.</summary>
    public async Task WarmUpAsync(CancellationToken cancellationToken = default)
    {
        await GetClientAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var session in _sessions.Values)
        {
            session.EndForShutdown();
        }

        await _startLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_client is { } client)
            {
                _client = null;
                await client.StopAsync(_options.ShutdownGracePeriod).ConfigureAwait(false);
                await client.DisposeAsync().ConfigureAwait(false);
            }

            // An app-server whose connection had already closed is still being stopped by its watcher: not left behind.
            await WaitForLastClientAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _startLock.Release();
        }
    }

    internal void Unregister(CodexSession session) =>
        _sessions.TryRemove(new KeyValuePair<string, CodexSession>(session.SessionId, session));

    /// <summary>Returns the running app-server client, starting (or restarting, with backoff) the process when needed.</summary>
    internal async Task<CodexAppServerClient> GetClientAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_client is { IsClosed: false } running)
        {
            return running;
        }

        await _startLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_client is { IsClosed: false } started)
            {
                return started;
            }

            await WaitForBackoffAsync(cancellationToken).ConfigureAwait(false);
            await WaitForLastClientAsync(cancellationToken).ConfigureAwait(false);
            var client = await StartClientAsync(cancellationToken).ConfigureAwait(false);
            _client = client;
            Interlocked.Increment(ref _generation);
            _lastClientGone = WatchAsync(client, Stopwatch.GetTimestamp());
            return client;
        }
        finally
        {
            _startLock.Release();
        }
    }

    private CodexSession Register(CodexSession session)
    {
        _sessions[session.SessionId] = session;
        return session;
    }

    private async Task<CodexAppServerClient> StartClientAsync(CancellationToken cancellationToken)
    {
        var command = new ProcessCommand(_options.Command)
            .WithArguments(["app-server", .. _options.ExtraArguments])
            .WithOnlyEnvironment(_options.EnvironmentPolicy.ApplyToCurrentProcess(_options.EnvironmentVariables));
        var logger = _loggerFactory.CreateLogger("Orchestrator.Agents.Codex.AppServer");
        CodexAppServerClient client;
        try
        {
            client = CodexAppServerClient.Start(command, logger, _options.RequestTimeout);
        }
        catch (ProcessStartException ex)
        {
            RecordFailure();
            throw new InvalidOperationException($"Could not start the Codex app-server ('{_options.Command}'): {ex.Message}", ex);
        }

        client.NotificationReceived = OnNotificationAsync;
        client.AgentMessageDeltaReceived = OnAgentMessageDelta;
        client.ApprovalRequested = OnApprovalAsync;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.StartTimeout);
            var initialize = client.InitializeAsync(ClientInfo, timeout.Token);
            await Task.WhenAny(initialize, client.Closed).ConfigureAwait(false);
            if (!initialize.IsCompleted)
            {
                throw new InvalidOperationException("The process exited during the handshake.");
            }

            var info = await initialize.ConfigureAwait(false);
            _logger.LogInformation("Codex app-server started (pid {Pid}, {UserAgent})", client.ProcessId, info.UserAgent);
            return client;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var exited = await Task.WhenAny(client.Closed, Task.Delay(TimeSpan.FromSeconds(1))).ConfigureAwait(false) == client.Closed;
            await client.DisposeAsync().ConfigureAwait(false);
            RecordFailure();
            var detail = exited ? $"the process exited {await client.Closed.ConfigureAwait(false)}" : ex.Message;
            throw new InvalidOperationException($"The Codex app-server ('{_options.Command}') did not start: {detail}", ex);
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private ValueTask OnNotificationAsync(string method, object notification)
    {
        var threadId = notification switch
        {
            TurnNotification n => n.ThreadId,
            TurnDiffNotification n => n.ThreadId,
            AgentMessageDeltaNotification n => n.ThreadId,
            ItemNotification n => n.ThreadId,
            ErrorNotification n => n.ThreadId,
            TokenUsageNotification n => n.ThreadId,
            ServerRequestResolvedNotification n => n.ThreadId,
            _ => null,
        };
        if (threadId is not null && _sessions.TryGetValue(threadId, out var session) && session.CurrentTurn is { } turn)
        {
            turn.OnNotification(method, notification);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The streaming fast path: the session is found by the thread id as read in place, no string made.</summary>
    private void OnAgentMessageDelta(in BorrowedAgentMessageDelta delta)
    {
        if (_sessionsByThreadSpan.TryGetValue(delta.ThreadId, out var session) && session.CurrentTurn is { } turn)
        {
            turn.OnDelta(in delta);
        }
    }

    private Task<string> OnApprovalAsync(CodexApprovalRequest request, CancellationToken cancellationToken)
    {
        if (_sessions.TryGetValue(request.ThreadId, out var session) && session.CurrentTurn is { IsEnded: false } turn)
        {
            return turn.HandleApprovalAsync(request, cancellationToken);
        }

        _logger.LogWarning("Declining an approval request for thread {ThreadId} that has no running turn", request.ThreadId);
        return Task.FromResult(CodexItemMapper.MapDecision(ApprovalDecision.Deny));
    }
}
