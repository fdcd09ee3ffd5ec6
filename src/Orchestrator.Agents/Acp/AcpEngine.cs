using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Agents.Processes;

namespace Orchestrator.Agents.Acp;

/// <summary>
/// An engine for any agent that speaks the Agent Client Protocol over stdio (GitHub Copilot CLI with
/// <c>--acp --stdio</c>; Gemini CLI, OpenCode): configured by command (<see cref="AcpEngineOptions"/>), not by code.
/// One process per active session, at most <see cref="AcpEngineOptions.MaxProcesses"/> at once (docs/architecture.md
/// says why: the model is chosen on the command line, and a crash costs one conversation, not all).
/// </summary>
public sealed class AcpEngine : IAgentEngine
{
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<AcpSession, byte> _sessions = new();
    private readonly SemaphoreSlim _slots = new(1, 1);
    private readonly ConcurrentDictionary<AcpConnection, byte> _starting = new();
    private volatile bool _disposed;

    public AcpEngine(AcpEngineOptions options, ILoggerFactory? loggerFactory = null)
    {
        Options = options;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger("Orchestrator.Agents.Acp." + options.Name);
    }

    public string Name => Options.Name;

    public AcpEngineOptions Options { get; }

    /// <summary>How many sessions have a running process now.</summary>
    public int RunningProcesses => _sessions.Keys.Count(s => s.HasProcess);

    public async Task<IAgentSession> StartSessionAsync(AgentSessionOptions options, CancellationToken cancellationToken = default)
    {
        var connection = await StartConnectionAsync(null, options, cancellationToken).ConfigureAwait(false);
        try
        {
            var sessionId = await connection.NewSessionAsync(options.WorkingDirectory, cancellationToken).ConfigureAwait(false);
            return Register(new AcpSession(this, sessionId, options, connection, isNew: true, _logger));
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            _starting.TryRemove(connection, out _);
        }
    }

    public async Task<IAgentSession> ResumeSessionAsync(string sessionId, AgentSessionOptions options, CancellationToken cancellationToken = default)
    {
        var connection = await StartConnectionAsync(null, options, cancellationToken).ConfigureAwait(false);
        try
        {
            if (connection.Agent is { LoadSession: false })
            {
                throw new AgentSessionNotFoundException(sessionId, $"{connection.Agent.Name} cannot load stored sessions (no loadSession capability).");
            }

            await connection.LoadSessionAsync(sessionId, options.WorkingDirectory, cancellationToken).ConfigureAwait(false);
            return Register(new AcpSession(this, sessionId, options, connection, isNew: false, _logger));
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            _starting.TryRemove(connection, out _);
        }
    }

    /// <summary>
    /// Starts a process for <paramref name="requester"/> (null: a session being created) and runs <c>initialize</c>,
    /// first stopping the least recently used idle session's process when all slots are taken.
    /// </summary>
    /// <exception cref="AcpStartException">It did not start, or every slot is busy with a running turn.</exception>
    internal async Task<AcpConnection> StartConnectionAsync(AcpSession? requester, AgentSessionOptions options, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        AcpConnection connection;
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await MakeRoomAsync(requester).ConfigureAwait(false);
            connection = Launch(options);
            _starting[connection] = 0;
        }
        finally
        {
            _slots.Release();
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Options.StartTimeout);
            var initialize = connection.InitializeAsync(timeout.Token);
            await Task.WhenAny(initialize, connection.Closed).ConfigureAwait(false);
            if (!initialize.IsCompleted)
            {
                throw new AcpStartException($"{Name} ('{Options.Command}') exited while starting {await connection.Closed.ConfigureAwait(false)}");
            }

            var agent = await initialize.ConfigureAwait(false);
            _logger.LogInformation("{Engine} started (pid {Pid}, {Agent} {Version})", Name, connection.ProcessId, agent.Name, agent.Version);
            if (requester is not null)
            {
                _starting.TryRemove(connection, out _);
            }

            return connection;
        }
        catch (Exception ex)
        {
            _starting.TryRemove(connection, out _);
            await connection.DisposeAsync().ConfigureAwait(false);
            if (ex is AcpStartException || (ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                throw;
            }

            throw new AcpStartException($"{Name} ('{Options.Command}') did not start: {ex.Message}", ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var session in _sessions.Keys)
        {
            session.EndForShutdown();
        }

        await Task.WhenAll(_sessions.Keys.Select(s => s.DisposeAsync().AsTask())).ConfigureAwait(false);
        await Task.WhenAll(_starting.Keys.Select(c => c.DisposeAsync().AsTask())).ConfigureAwait(false);
    }

    internal void Unregister(AcpSession session) => _sessions.TryRemove(session, out _);

    private AcpSession Register(AcpSession session)
    {
        _sessions[session] = 0;
        return session;
    }

    private AcpConnection Launch(AgentSessionOptions options)
    {
        var arguments = new List<string>(Options.Arguments);
        if (!string.IsNullOrWhiteSpace(Options.ModelArgument) && !string.IsNullOrWhiteSpace(options.Model))
        {
            arguments.Add(Options.ModelArgument);
            arguments.Add(options.Model);
        }

        var command = new ProcessCommand(Options.Command)
            .WithArguments(arguments)
            .WithOnlyEnvironment(Options.EnvironmentPolicy.ApplyToCurrentProcess(Options.EnvironmentVariables))
            .WithWorkingDirectory(options.WorkingDirectory);
        try
        {
            return AcpConnection.Start(command, _loggerFactory.CreateLogger("Orchestrator.Agents.Acp." + Name + ".Process"), Options.RequestTimeout);
        }
        catch (ProcessStartException ex)
        {
            throw new AcpStartException($"Could not start {Name} ('{Options.Command}'): {ex.Message}", ex);
        }
    }

    private async Task MakeRoomAsync(AcpSession? requester)
    {
        while (_sessions.Keys.Count(s => s.HasProcess && s != requester) + _starting.Count >= Options.MaxProcesses)
        {
            var idle = _sessions.Keys.Where(s => s.HasProcess && !s.IsBusy && s != requester).OrderBy(s => s.LastUsed).FirstOrDefault()
                ?? throw new AcpStartException(
                    $"All {Options.MaxProcesses} {Name} processes are busy with running turns; try again when one has finished.");
            await idle.StopProcessIfIdleAsync().ConfigureAwait(false);
        }
    }
}
