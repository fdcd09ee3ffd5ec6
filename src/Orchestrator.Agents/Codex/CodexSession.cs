using Microsoft.Extensions.Logging;
using Orchestrator.Agents.Codex.Protocol;
using Orchestrator.Agents.JsonRpc;

namespace Orchestrator.Agents.Codex;

/// <summary>
/// A Codex thread. Tracks which app-server process (generation) it is attached to and transparently runs
/// <c>thread/resume</c> before the next <c>turn/start</c> after the app-server was restarted.
/// </summary>
internal sealed class CodexSession : IAgentSession
{
    private readonly CodexEngine _engine;
    private readonly AgentSessionOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _startLock = new(1, 1);
    private CodexAppServerClient? _attachedTo;
    private volatile CodexTurn? _current;

    public CodexSession(CodexEngine engine, string threadId, AgentSessionOptions options, CodexAppServerClient attachedTo, ILogger logger)
    {
        _engine = engine;
        SessionId = threadId;
        _options = options;
        _attachedTo = attachedTo;
        _logger = logger;
    }

    public string SessionId { get; }

    /// <summary>The running (or last) turn.</summary>
    public CodexTurn? CurrentTurn => _current;

    public async Task<IAgentTurn> StartTurnAsync(IReadOnlyList<AgentInput> input, CancellationToken cancellationToken = default)
    {
        var mapped = CodexInputMapper.Map(input);
        await _startLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_current is { IsEnded: false })
            {
                throw new InvalidOperationException("A turn is already running in this session: steer or interrupt it first.");
            }

            var client = await _engine.GetClientAsync(cancellationToken).ConfigureAwait(false);
            if (!ReferenceEquals(client, _attachedTo))
            {
                _logger.LogInformation("Resuming Codex thread {ThreadId} on a new app-server process", SessionId);
                await ResumeAsync(client, SessionId, _options, cancellationToken).ConfigureAwait(false);
                _attachedTo = client;
            }

            var turn = new CodexTurn(client, SessionId, _logger);
            _current = turn;
            try
            {
                var response = await client.StartTurnAsync(new TurnStartParams(SessionId, mapped), cancellationToken).ConfigureAwait(false);
                turn.SetTurnId(response.Turn.Id);
            }
            catch (Exception ex)
            {
                turn.End(TurnOutcome.Failed, ex.Message);
                throw;
            }

            return turn;
        }
        finally
        {
            _startLock.Release();
        }
    }

    /// <summary>Ends the running turn if it runs on <paramref name="client"/> (the app-server died).</summary>
    public void OnClientClosed(CodexAppServerClient client, string message)
    {
        if (_current is { } turn && ReferenceEquals(turn.Client, client))
        {
            turn.End(TurnOutcome.Failed, message);
        }
    }

    /// <summary>Ends the running turn at engine shutdown.</summary>
    public void EndForShutdown() => _current?.End(TurnOutcome.Failed, "The Codex engine was shut down.");

    public async ValueTask DisposeAsync()
    {
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

        _engine.Unregister(this);
        _startLock.Dispose();
    }

    /// <summary><c>thread/resume</c>, with unknown-thread errors mapped to <see cref="AgentSessionNotFoundException"/>.</summary>
    internal static async Task<ThreadResponse> ResumeAsync(
        CodexAppServerClient client, string threadId, AgentSessionOptions options, CancellationToken cancellationToken)
    {
        var parameters = new ThreadResumeParams(
            threadId, options.Model, options.WorkingDirectory, options.ApprovalPolicy, options.Sandbox, ExcludeTurns: true);
        try
        {
            return await client.ResumeThreadAsync(parameters, cancellationToken).ConfigureAwait(false);
        }
        catch (RemoteInvocationException ex)
        {
            throw MapResumeError(threadId, ex);
        }
    }

    /// <summary>Maps the app-server's "unknown thread" errors to <see cref="AgentSessionNotFoundException"/>.</summary>
    internal static Exception MapResumeError(string threadId, RemoteInvocationException ex)
    {
        var message = ex.RemoteMessage;
        return message.Contains("no rollout found", StringComparison.OrdinalIgnoreCase)
               || message.Contains("invalid session id", StringComparison.OrdinalIgnoreCase)
               || message.Contains("invalid thread id", StringComparison.OrdinalIgnoreCase)
               || message.Contains("thread not found", StringComparison.OrdinalIgnoreCase)
            ? new AgentSessionNotFoundException(threadId, $"Codex has no session '{threadId}': {message}", ex)
            : ex;
    }
}
