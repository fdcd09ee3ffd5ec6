using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Orchestrator.Agents.JsonRpc;
using Orchestrator.Agents.Processes;

namespace Orchestrator.Agents.Acp;

/// <summary>
/// One ACP agent process and its JSON-RPC 2.0 connection (one JSON object per line on stdio): <c>initialize</c>,
/// <c>session/new</c>, <c>session/load</c>, <c>session/prompt</c>, the <c>session/cancel</c> notification, the
/// <c>session/update</c> notifications and the <c>session/request_permission</c> requests. Every other request from
/// the agent (<c>fs/*</c>, <c>terminal/*</c>: this client announces no such capability) is answered with an error.
/// </summary>
public sealed partial class AcpConnection : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = AcpJsonContext.Default.Options;

    private readonly JsonRpcConnection _connection;
    private readonly RunningProcess? _process;
    private readonly ILogger _logger;
    private string? _failureReason;

    private AcpConnection(JsonRpcConnection connection, RunningProcess? process, ILogger logger, TimeSpan? requestTimeout)
    {
        _connection = connection;
        _connection.IncludeVersion = true;
        _connection.OrderedResponses = true;
        _process = process;
        _logger = logger;
        RequestTimeout = requestTimeout;
        Closed = ProcessConnectionEnd.WatchAsync(_connection, _process, "the agent connection closed");
    }

    /// <summary>How long a request other than <c>session/prompt</c> may go unanswered before the agent counts as hung.</summary>
    public TimeSpan? RequestTimeout { get; }

    /// <summary>Why the client gave up on the agent (a request timed out), or null.</summary>
    public string? FailureReason => Volatile.Read(ref _failureReason);

    /// <summary>Receives each <c>session/update</c>: the session id and the <c>update</c> object, in arrival order.</summary>
    public Func<string, JsonElement, ValueTask>? UpdateReceived { get; set; }

    /// <summary>Answers <c>session/request_permission</c>: returns the <c>outcome</c> object.</summary>
    public Func<AcpPermissionRequest, CancellationToken, Task<JsonObject>>? PermissionRequested { get; set; }

    /// <summary>What the agent announced in <c>initialize</c> (after <see cref="InitializeAsync"/>).</summary>
    public AcpAgentInfo? Agent { get; private set; }

    public int? ProcessId => _process?.Id;

    /// <summary>Completes with a human-readable description once the agent is gone.</summary>
    public Task<string> Closed { get; }

    public bool IsClosed => Closed.IsCompleted || FailureReason is not null;

    /// <summary>Starts <paramref name="command"/> (an agent in ACP mode) and connects to its stdio.</summary>
    public static AcpConnection Start(ProcessCommand command, ILogger logger, TimeSpan? requestTimeout)
    {
        var process = command.Start(logger, ProcessOutputMode.Bytes);
        var connection = new JsonRpcConnection(process.StandardOutputBytes, LineTransport.FromDelegate(process.WriteLineAsync), Json, logger);
        return new AcpConnection(connection, process, logger, requestTimeout);
    }

    /// <summary>Connects over an existing line transport (tests).</summary>
    public static AcpConnection Connect(ILineReader reader, ILineWriter writer, ILogger logger, TimeSpan? requestTimeout = null) =>
        new(new JsonRpcConnection(reader, writer, Json, logger), null, logger, requestTimeout);

    /// <summary>Starts listening and runs <c>initialize</c> (protocol version 1, no file system or terminal offered).</summary>
    public async Task<AcpAgentInfo> InitializeAsync(CancellationToken cancellationToken = default)
    {
        _connection.NotificationHandler = OnNotificationAsync;
        _connection.RequestHandler = OnRequestAsync;
        _connection.StartListening();
        var parameters = new JsonObject
        {
            ["protocolVersion"] = 1,
            ["clientCapabilities"] = new JsonObject
            {
                ["fs"] = new JsonObject { ["readTextFile"] = false, ["writeTextFile"] = false },
                ["terminal"] = false,
            },
            ["clientInfo"] = new JsonObject { ["name"] = "orchestrator-bot", ["title"] = "Orchestrator.Bot", ["version"] = "1.0.0" },
        };
        var result = await InvokeAsync("initialize", parameters, cancellationToken).ConfigureAwait(false);
        Agent = AcpAgentInfo.Parse(result);
        return Agent;
    }

    /// <summary><c>session/new</c> in <paramref name="cwd"/>; returns the session id.</summary>
    public async Task<string> NewSessionAsync(string cwd, CancellationToken cancellationToken = default)
    {
        var result = await InvokeAsync("session/new", SessionParameters(null, cwd), cancellationToken).ConfigureAwait(false);
        return result.TryGetProperty("sessionId", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } text
            ? text
            : throw new InvalidOperationException("The agent answered session/new without a session id.");
    }

    /// <summary>
    /// <c>session/load</c>: the agent replays the conversation as <c>session/update</c> notifications (ignored here) and
    /// continues it.
    /// </summary>
    /// <exception cref="AgentSessionNotFoundException">The agent does not know the session.</exception>
    public async Task LoadSessionAsync(string sessionId, string cwd, CancellationToken cancellationToken = default)
    {
        try
        {
            await InvokeAsync("session/load", SessionParameters(sessionId, cwd), cancellationToken).ConfigureAwait(false);
        }
        catch (RemoteInvocationException ex) when (IsNotFound(ex))
        {
            throw new AgentSessionNotFoundException(sessionId, $"The agent has no session '{sessionId}': {ex.RemoteMessage}", ex);
        }
    }

    /// <summary>
    /// <c>session/prompt</c>: completes with the result (<c>stopReason</c>, <c>usage</c>) when the turn is over. It streams
    /// and has no timeout.
    /// </summary>
    public Task<JsonElement> PromptAsync(string sessionId, JsonArray prompt, CancellationToken cancellationToken = default) =>
        _connection.InvokeWithParameterObjectAsync("session/prompt", new JsonObject { ["sessionId"] = sessionId, ["prompt"] = prompt }, cancellationToken);

    /// <summary>The <c>session/cancel</c> notification: the running prompt ends with <c>stopReason: cancelled</c>.</summary>
    public Task CancelAsync(string sessionId, CancellationToken cancellationToken = default) =>
        _connection.NotifyAsync("session/cancel", new JsonObject { ["sessionId"] = sessionId }, cancellationToken);

    /// <summary>Stops the agent: closes stdin, SIGTERM to its group, then kills after <paramref name="gracePeriod"/>.</summary>
    public async Task StopAsync(TimeSpan gracePeriod)
    {
        if (_process is not null)
        {
            await _process.StopAsync(gracePeriod).ConfigureAwait(false);
        }

        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Kills the agent's process group at once (tests, crash simulation).</summary>
    public void Kill()
    {
        if (_process is not null)
        {
            _process.Kill();
        }
        else
        {
            _ = _connection.DisposeAsync().AsTask();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        if (_process is not null)
        {
            await _process.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static bool IsNotFound(RemoteInvocationException ex) =>
        ex.ErrorCode == -32002 // ACP "resource not found"
        || ex.RemoteMessage.Contains("not found", StringComparison.OrdinalIgnoreCase)
        || ex.RemoteMessage.Contains("no session", StringComparison.OrdinalIgnoreCase);

    private static JsonObject SessionParameters(string? sessionId, string cwd)
    {
        var parameters = new JsonObject();
        if (sessionId is not null)
        {
            parameters["sessionId"] = sessionId;
        }

        parameters["cwd"] = cwd;
        parameters["mcpServers"] = new JsonArray();
        return parameters;
    }

    /// <summary>A request under <see cref="RequestTimeout"/>: an unanswered one means the agent hangs, see <see cref="GiveUp"/>.</summary>
    private async Task<JsonElement> InvokeAsync(string method, JsonObject parameters, CancellationToken cancellationToken)
    {
        if (RequestTimeout is not { } timeout)
        {
            return await _connection.InvokeWithParameterObjectAsync(method, parameters, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await _connection.InvokeWithParameterObjectAsync<JsonElement>(method, parameters, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            var reason = $"The agent did not answer {method} within {timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s; stopping it";
            GiveUp(reason);
            throw new TimeoutException(reason, ex);
        }
    }

    /// <summary>Gives up on a hung agent: records why (the first reason wins) and kills it, so <see cref="Closed"/> completes.</summary>
    internal void GiveUp(string reason)
    {
        if (Interlocked.CompareExchange(ref _failureReason, reason, null) is not null)
        {
            return;
        }

        _logger.LogWarning("{Reason} (pid {Pid})", reason, ProcessId);
        Kill();
    }

    private async ValueTask OnNotificationAsync(JsonRpcNotification notification, CancellationToken cancellationToken)
    {
        if (notification.Method != "session/update" || UpdateReceived is not { } handler
            || notification.Params is not { ValueKind: JsonValueKind.Object } parameters
            || !parameters.TryGetProperty("sessionId", out var id) || id.ValueKind != JsonValueKind.String
            || !parameters.TryGetProperty("update", out var update) || update.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        await handler(id.GetString()!, update).ConfigureAwait(false);
    }

    private async Task<JsonNode?> OnRequestAsync(JsonRpcRequest request, CancellationToken cancellationToken)
    {
        if (request.Method != "session/request_permission" || PermissionRequested is not { } handler)
        {
            _logger.LogInformation("Declining unsupported agent request '{Method}'", request.Method);
            throw new JsonRpcErrorException(JsonRpcErrorCode.MethodNotFound, $"Orchestrator does not support '{request.Method}'.");
        }

        var permission = AcpPermissionRequest.Parse(request.IdText, request.Params)
            ?? throw new JsonRpcErrorException(JsonRpcErrorCode.InvalidParams, "session/request_permission needs a sessionId and options.");
        var outcome = await handler(permission, cancellationToken).ConfigureAwait(false);
        return new JsonObject { ["outcome"] = outcome };
    }
}
