using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Orchestrator.Agents.Codex.Protocol;
using Orchestrator.Agents.JsonRpc;
using Orchestrator.Agents.Processes;

namespace Orchestrator.Agents.Codex;

/// <summary>
/// A typed client of one <c>codex app-server</c> connection: the handshake, thread and turn requests, typed
/// notifications (see <see cref="CodexNotificationParser"/>) and approval requests. Other server requests are answered
/// with a JSON-RPC error.
/// </summary>
public sealed partial class CodexAppServerClient : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = CodexJsonContext.Default.Options;

    private readonly JsonRpcConnection _connection;
    private readonly RunningProcess? _process;
    private readonly ILogger _logger;
    private string? _failureReason;

    private CodexAppServerClient(JsonRpcConnection connection, RunningProcess? process, ILogger logger)
    {
        _connection = connection;
        _process = process;
        _logger = logger;
        Closed = ProcessConnectionEnd.WatchAsync(_connection, _process, "Codex app-server connection closed");
    }

    /// <summary>
    /// How long a request (every one after <c>initialize</c>) may go unanswered; null for no limit. When it passes, the
    /// app-server counts as hung: the call fails with a <see cref="CodexRequestTimeoutException"/>, the process is
    /// killed (so <see cref="Closed"/> completes and the engine restarts it) and <see cref="FailureReason"/> says why.
    /// </summary>
    public TimeSpan? RequestTimeout { get; init; }

    /// <summary>Why the client gave up on the app-server (a request timed out), or null.</summary>
    public string? FailureReason => Volatile.Read(ref _failureReason);

    /// <summary>Receives the typed notifications (<see cref="TurnNotification"/>, <see cref="ItemNotification"/>...) in order.</summary>
    public Func<string, object, ValueTask>? NotificationReceived { get; set; }

    /// <summary>
    /// The streaming fast path: when set, <c>item/agentMessage/delta</c> notifications are read in place and handed here
    /// as a <see cref="BorrowedAgentMessageDelta"/> (valid only during the call; only the delta text is allocated, by
    /// <see cref="BorrowedAgentMessageDelta.GetDelta"/>) instead of to <see cref="NotificationReceived"/>. Called in order
    /// with the other notifications, on the connection's dispatch loop: it must be quick. Deltas whose params do not
    /// have the expected shape still reach <see cref="NotificationReceived"/> (or its malformed-notification log).
    /// </summary>
    public AgentMessageDeltaHandler? AgentMessageDeltaReceived { get; set; }

    /// <summary>Decides approval requests; returns the decision string (<c>accept</c>, <c>decline</c>...).</summary>
    public Func<CodexApprovalRequest, CancellationToken, Task<string>>? ApprovalRequested { get; set; }

    /// <summary>The app-server process id, when the client runs one.</summary>
    public int? ProcessId => _process?.Id;

    /// <summary>Completes with a human-readable description once the app-server is gone (process exited or stream ended).</summary>
    public Task<string> Closed { get; }

    /// <summary>True once the app-server is gone, or given up on (<see cref="FailureReason"/>) while its process is still being killed.</summary>
    public bool IsClosed => Closed.IsCompleted || FailureReason is not null;

    /// <summary>Starts <paramref name="command"/> (which must run <c>codex app-server</c>) and connects to its stdio.</summary>
    /// <param name="requestTimeout">See <see cref="RequestTimeout"/>.</param>
    public static CodexAppServerClient Start(ProcessCommand command, ILogger logger, TimeSpan? requestTimeout = null)
    {
        var process = command.Start(logger, ProcessOutputMode.Bytes);
        var connection = new JsonRpcConnection(process.StandardOutputBytes, LineTransport.FromDelegate(process.WriteLineAsync), Json, logger);
        return new CodexAppServerClient(connection, process, logger) { RequestTimeout = requestTimeout };
    }

    /// <summary>Connects over an existing line transport (tests, other hosts).</summary>
    /// <param name="requestTimeout">See <see cref="RequestTimeout"/>; on timeout the connection is closed.</param>
    public static CodexAppServerClient Connect(ILineReader reader, ILineWriter writer, ILogger logger, TimeSpan? requestTimeout = null) =>
        new(new JsonRpcConnection(reader, writer, Json, logger), null, logger) { RequestTimeout = requestTimeout };

    /// <summary>Connects over raw UTF-8 input, as from the app-server's stdout (benchmarks, other hosts).</summary>
    public static CodexAppServerClient Connect(PipeReader input, ILineWriter writer, ILogger logger) =>
        new(new JsonRpcConnection(input, writer, Json, logger), null, logger);

    /// <summary>Starts listening and performs the handshake (<c>initialize</c> then <c>initialized</c>).</summary>
    public async Task<InitializeResponse> InitializeAsync(ClientInfo clientInfo, CancellationToken cancellationToken = default)
    {
        _connection.NotificationHandler = OnNotificationAsync;
        _connection.BorrowedNotificationHandler = OnBorrowedNotification;
        _connection.RequestHandler = OnRequestAsync;
        _connection.StartListening();
        var response = await _connection
            .InvokeWithParameterObjectAsync<InitializeResponse>("initialize", new InitializeParams(clientInfo), cancellationToken)
            .ConfigureAwait(false);
        await _connection.NotifyAsync("initialized", null, cancellationToken).ConfigureAwait(false);
        return response;
    }

    public Task<ThreadResponse> StartThreadAsync(ThreadStartParams parameters, CancellationToken cancellationToken = default) =>
        InvokeAsync<ThreadResponse>("thread/start", parameters, cancellationToken);

    public Task<ThreadResponse> ResumeThreadAsync(ThreadResumeParams parameters, CancellationToken cancellationToken = default) =>
        InvokeAsync<ThreadResponse>("thread/resume", parameters, cancellationToken);

    public Task<TurnStartResponse> StartTurnAsync(TurnStartParams parameters, CancellationToken cancellationToken = default) =>
        InvokeAsync<TurnStartResponse>("turn/start", parameters, cancellationToken);

    public Task<TurnSteerResponse> SteerTurnAsync(TurnSteerParams parameters, CancellationToken cancellationToken = default) =>
        InvokeAsync<TurnSteerResponse>("turn/steer", parameters, cancellationToken);

    public Task InterruptTurnAsync(TurnInterruptParams parameters, CancellationToken cancellationToken = default) =>
        InvokeAsync<JsonElement>("turn/interrupt", parameters, cancellationToken);

    public Task SetThreadNameAsync(ThreadSetNameParams parameters, CancellationToken cancellationToken = default) =>
        InvokeAsync<JsonElement>("thread/name/set", parameters, cancellationToken);

    public Task ArchiveThreadAsync(ThreadIdParams parameters, CancellationToken cancellationToken = default) =>
        InvokeAsync<JsonElement>("thread/archive", parameters, cancellationToken);

    public Task DeleteThreadAsync(ThreadIdParams parameters, CancellationToken cancellationToken = default) =>
        InvokeAsync<JsonElement>("thread/delete", parameters, cancellationToken);

    /// <summary><c>thread/list</c>: one page of the threads Codex keeps (newest first).</summary>
    public Task<ThreadListResponse> ListThreadsAsync(ThreadListParams parameters, CancellationToken cancellationToken = default) =>
        InvokeAsync<ThreadListResponse>("thread/list", parameters, cancellationToken);

    /// <summary><c>model/list</c>: one page of the models this Codex offers.</summary>
    public Task<ModelListResponse> ListModelsAsync(ModelListParams parameters, CancellationToken cancellationToken = default) =>
        InvokeAsync<ModelListResponse>("model/list", parameters, cancellationToken);

    /// <summary>A request under <see cref="RequestTimeout"/>: an unanswered one means the app-server hangs, see <see cref="GiveUp"/>.</summary>
    private async Task<TResult> InvokeAsync<TResult>(string method, object parameters, CancellationToken cancellationToken)
    {
        if (RequestTimeout is not { } timeout)
        {
            return await _connection.InvokeWithParameterObjectAsync<TResult>(method, parameters, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await _connection.InvokeWithParameterObjectAsync<TResult>(method, parameters, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            var reason = $"Codex did not answer {method} within {Describe(timeout)}; restarting it";
            GiveUp(reason);
            throw new CodexRequestTimeoutException(reason, ex);
        }
    }

    /// <summary>
    /// Gives up on a hung app-server: records why (<see cref="FailureReason"/>, the first reason wins) and kills it, so
    /// <see cref="Closed"/> completes, running turns fail with the reason and the next use starts a new process.
    /// </summary>
    private void GiveUp(string reason)
    {
        if (Interlocked.CompareExchange(ref _failureReason, reason, null) is not null)
        {
            return;
        }

        _logger.LogWarning("{Reason} (pid {Pid})", reason, ProcessId);
        if (_process is not null)
        {
            _process.Kill();
        }
        else
        {
            _ = _connection.DisposeAsync().AsTask();
        }
    }

    private static string Describe(TimeSpan timeout) =>
        timeout.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " s";

    /// <summary>Kills the app-server process tree at once (tests, crash simulation).</summary>
    internal void KillProcess() => _process?.Kill();

    /// <summary>Stops the app-server: closes stdin, SIGTERM, then kills after <paramref name="gracePeriod"/>.</summary>
    public async Task StopAsync(TimeSpan gracePeriod)
    {
        if (_process is not null)
        {
            await _process.StopAsync(gracePeriod).ConfigureAwait(false);
        }

        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        if (_process is not null)
        {
            await _process.DisposeAsync().ConfigureAwait(false);
        }
    }

    private bool OnBorrowedNotification(in BorrowedNotification notification)
    {
        if (AgentMessageDeltaReceived is not { } handler || !notification.IsMethod("item/agentMessage/delta"u8))
        {
            return false;
        }

        Span<char> ids = stackalloc char[BorrowedAgentMessageDelta.IdBufferLength];
        if (!BorrowedAgentMessageDelta.TryRead(notification.Params, ids, out var delta))
        {
            return false;
        }

        handler(in delta);
        return true;
    }

    private async ValueTask OnNotificationAsync(JsonRpcNotification notification, CancellationToken cancellationToken)
    {
        if (NotificationReceived is not { } handler)
        {
            return;
        }

        object? typed;
        try
        {
            typed = CodexNotificationParser.Parse(notification);
        }
        catch (JsonException ex)
        {
            _logger.LogWarning("Ignoring a malformed '{Method}' notification: {Error}", notification.Method, ex.Message);
            return;
        }

        if (typed is not null)
        {
            await handler(notification.Method, typed).ConfigureAwait(false);
        }
    }

    private async Task<JsonNode?> OnRequestAsync(JsonRpcRequest request, CancellationToken cancellationToken)
    {
        var approval = CodexNotificationParser.ParseApproval(request);
        if (approval is null || ApprovalRequested is not { } handler)
        {
            _logger.LogInformation("Declining unsupported server request '{Method}'", request.Method);
            throw new JsonRpcErrorException(JsonRpcErrorCode.MethodNotFound, $"Orchestrator does not support '{request.Method}'.");
        }

        var decision = await handler(approval, cancellationToken).ConfigureAwait(false);
        return JsonSerializer.SerializeToNode(new ApprovalResponse(decision), CodexJsonContext.Default.ApprovalResponse);
    }
}
