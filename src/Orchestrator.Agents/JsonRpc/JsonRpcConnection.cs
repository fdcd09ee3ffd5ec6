using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Orchestrator.Agents.JsonRpc;

/// <summary>
/// Newline-delimited JSON-RPC over a pair of line reader/writer (Codex app-server dialect: no <c>jsonrpc</c> field).
/// Notifications are dispatched in order to <see cref="NotificationHandler"/>; requests from the remote side go to
/// <see cref="RequestHandler"/> (unknown ones are answered -32601); malformed lines are logged and skipped.
/// Set the handlers, then call <see cref="StartListening"/>.
/// </summary>
public sealed class JsonRpcConnection : IAsyncDisposable
{
    private readonly ILineReader _reader;
    private readonly ILineWriter _writer;
    private readonly JsonSerializerOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<long, PendingCall> _pending = new();
    private readonly Channel<object> _inbox = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _disposeCts = new();
    private readonly TaskCompletionSource<JsonRpcDisconnectedEventArgs> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private JsonRpcDisconnectedEventArgs? _disconnect;
    private long _nextId;
    private int _started;
    private int _disposed;

    /// <param name="serializerOptions">Options whose type resolver knows every params/result type used (source-generated context).</param>
    public JsonRpcConnection(ILineReader reader, ILineWriter writer, JsonSerializerOptions serializerOptions, ILogger? logger = null)
    {
        _reader = reader;
        _writer = writer;
        _options = serializerOptions;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Receives notifications, one at a time, in arrival order.</summary>
    public Func<JsonRpcNotification, CancellationToken, ValueTask>? NotificationHandler { get; set; }

    /// <summary>Answers requests from the remote side (may run concurrently; may take as long as it needs). Null: every request gets -32601.</summary>
    public Func<JsonRpcRequest, CancellationToken, Task<JsonNode?>>? RequestHandler { get; set; }

    /// <summary>Timeout applied to every call (in addition to its cancellation token); null for none.</summary>
    public TimeSpan? RequestTimeout { get; set; }

    /// <summary>Completes (never faults) once the connection stopped and every received message has been dispatched.</summary>
    public Task<JsonRpcDisconnectedEventArgs> Completion => _completion.Task;

    /// <summary>Raised once when the connection stops (after dispatching what was received).</summary>
    public event EventHandler<JsonRpcDisconnectedEventArgs>? Disconnected;

    public bool IsDisconnected => Volatile.Read(ref _disconnect) is not null;

    public void StartListening()
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            throw new InvalidOperationException("The connection is already listening.");
        }

        _ = ReadLoopAsync();
        _ = DispatchLoopAsync();
    }

    /// <summary>Sends a request with <paramref name="parameters"/> as the params object and deserializes the result.</summary>
    /// <exception cref="RemoteInvocationException">The remote side answered with an error.</exception>
    /// <exception cref="ConnectionLostException">The connection dropped before the answer.</exception>
    /// <exception cref="TimeoutException">No answer within <see cref="RequestTimeout"/>.</exception>
    public async Task<TResult> InvokeWithParameterObjectAsync<TResult>(string method, object? parameters, CancellationToken cancellationToken = default)
    {
        var result = await InvokeWithParameterObjectAsync(method, parameters, cancellationToken).ConfigureAwait(false);
        return (TResult)result.Deserialize(_options.GetTypeInfo(typeof(TResult)))!;
    }

    /// <summary>Sends a request and returns the raw result.</summary>
    public async Task<JsonElement> InvokeWithParameterObjectAsync(string method, object? parameters, CancellationToken cancellationToken = default)
    {
        ThrowIfDisconnected();
        var id = Interlocked.Increment(ref _nextId);
        var call = new PendingCall(method);
        _pending[id] = call;
        try
        {
            var message = new JsonObject { ["id"] = id, ["method"] = method };
            if (ToNode(parameters) is { } node)
            {
                message["params"] = node;
            }

            await WriteAsync(message, cancellationToken).ConfigureAwait(false);
            if (Volatile.Read(ref _disconnect) is { } gone)
            {
                call.Fail(Lost(gone, method));
            }

            var answer = call.Task.WaitAsync(cancellationToken);
            return RequestTimeout is { } timeout
                ? await answer.WaitAsync(timeout, cancellationToken).ConfigureAwait(false)
                : await answer.ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>Sends a notification (no answer expected).</summary>
    public Task NotifyAsync(string method, object? parameters = null, CancellationToken cancellationToken = default)
    {
        ThrowIfDisconnected();
        var message = new JsonObject { ["method"] = method };
        if (ToNode(parameters) is { } node)
        {
            message["params"] = node;
        }

        return WriteAsync(message, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            await Completion.ConfigureAwait(false);
            return;
        }

        Disconnect(new JsonRpcDisconnectedEventArgs(DisconnectedReason.Disposed, "The connection was disposed."));
        await _disposeCts.CancelAsync().ConfigureAwait(false);
        if (Volatile.Read(ref _started) == 0)
        {
            Complete();
        }

        await Completion.ConfigureAwait(false);
    }

    private JsonNode? ToNode(object? parameters) => parameters switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        JsonElement element => JsonNode.Parse(element.GetRawText()),
        _ => JsonSerializer.SerializeToNode(parameters, _options.GetTypeInfo(parameters.GetType())),
    };

    private async Task WriteAsync(JsonNode message, CancellationToken cancellationToken)
    {
        var line = message.ToJsonString();
        try
        {
            await _writer.WriteLineAsync(line, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw new ConnectionLostException($"Could not send to the remote side: {ex.Message}", DisconnectedReason.WriteError);
        }
    }

    private void ThrowIfDisconnected()
    {
        if (Volatile.Read(ref _disconnect) is { } gone)
        {
            throw Lost(gone, null);
        }
    }

    private static ConnectionLostException Lost(JsonRpcDisconnectedEventArgs gone, string? method) =>
        new(method is null
                ? $"The JSON-RPC connection is closed: {gone.Description}"
                : $"The JSON-RPC connection closed before '{method}' was answered: {gone.Description}",
            gone.Reason);

    private async Task ReadLoopAsync()
    {
        var reason = new JsonRpcDisconnectedEventArgs(DisconnectedReason.StreamEnded, "The remote side ended the stream.");
        try
        {
            while (await _reader.ReadLineAsync(_disposeCts.Token).ConfigureAwait(false) is { } line)
            {
                if (!string.IsNullOrWhiteSpace(line))
                {
                    HandleLine(line);
                }
            }
        }
        catch (OperationCanceledException) when (_disposeCts.IsCancellationRequested)
        {
            reason = new JsonRpcDisconnectedEventArgs(DisconnectedReason.Disposed, "The connection was disposed.");
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "JSON-RPC read failed");
            reason = new JsonRpcDisconnectedEventArgs(DisconnectedReason.ReadError, $"Reading failed: {ex.Message}", ex);
        }

        Disconnect(reason);
        _inbox.Writer.TryComplete();
    }

    private void HandleLine(string line)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(line);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            _logger.LogWarning("Skipping a malformed JSON-RPC line ({Error}): {Line}", ex.Message, Truncate(line));
            return;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            _logger.LogWarning("Skipping a JSON-RPC line that is not an object: {Line}", Truncate(line));
            return;
        }

        var hasId = root.TryGetProperty("id", out var id) && id.ValueKind is JsonValueKind.Number or JsonValueKind.String;
        JsonElement? parameters = root.TryGetProperty("params", out var p) ? p : null;
        if (root.TryGetProperty("method", out var methodElement) && methodElement.ValueKind == JsonValueKind.String)
        {
            var method = methodElement.GetString()!;
            _inbox.Writer.TryWrite(hasId ? new JsonRpcRequest(id, method, parameters) : new JsonRpcNotification(method, parameters));
        }
        else if (hasId && id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out var callId))
        {
            HandleResponse(callId, root);
        }
        else
        {
            _logger.LogWarning("Skipping an unrecognised JSON-RPC message: {Line}", Truncate(line));
        }
    }

    private void HandleResponse(long id, JsonElement root)
    {
        if (!_pending.TryGetValue(id, out var call))
        {
            _logger.LogDebug("Ignoring a response to unknown or abandoned request {Id}", id);
            return;
        }

        if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            var code = error.TryGetProperty("code", out var c) && c.TryGetInt32(out var n) ? n : JsonRpcErrorCode.InternalError;
            var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "(no message)";
            call.Fail(new RemoteInvocationException(call.Method, code, message));
        }
        else
        {
            call.Succeed(root.TryGetProperty("result", out var result) ? result : default);
        }
    }

    private async Task DispatchLoopAsync()
    {
        await foreach (var message in _inbox.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (message is JsonRpcNotification notification)
            {
                await DispatchNotificationAsync(notification).ConfigureAwait(false);
            }
            else if (message is JsonRpcRequest request)
            {
                _ = AnswerRequestAsync(request);
            }
        }

        Complete();
    }

    private async Task DispatchNotificationAsync(JsonRpcNotification notification)
    {
        if (NotificationHandler is not { } handler)
        {
            return;
        }

        try
        {
            await handler(notification, _disposeCts.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "The handler of notification '{Method}' failed", notification.Method);
        }
    }

    private async Task AnswerRequestAsync(JsonRpcRequest request)
    {
        JsonObject answer;
        try
        {
            if (RequestHandler is not { } handler)
            {
                throw new JsonRpcErrorException(JsonRpcErrorCode.MethodNotFound, $"Method not supported: {request.Method}");
            }

            var result = await handler(request, _disposeCts.Token).ConfigureAwait(false);
            answer = new JsonObject { ["id"] = JsonNode.Parse(request.Id.GetRawText()), ["result"] = result };
        }
        catch (Exception ex)
        {
            var (code, message) = ex switch
            {
                JsonRpcErrorException rpc => (rpc.ErrorCode, rpc.Message),
                OperationCanceledException => (JsonRpcErrorCode.InternalError, "The client is shutting down."),
                _ => (JsonRpcErrorCode.InternalError, "The client failed to handle the request."),
            };
            if (ex is not JsonRpcErrorException and not OperationCanceledException)
            {
                _logger.LogError(ex, "The handler of request '{Method}' failed", request.Method);
            }

            answer = new JsonObject
            {
                ["id"] = JsonNode.Parse(request.Id.GetRawText()),
                ["error"] = new JsonObject { ["code"] = code, ["message"] = message },
            };
        }

        if (IsDisconnected)
        {
            return;
        }

        try
        {
            await WriteAsync(answer, CancellationToken.None).ConfigureAwait(false);
        }
        catch (ConnectionLostException ex)
        {
            _logger.LogDebug("Could not answer request '{Method}': {Error}", request.Method, ex.Message);
        }
    }

    private void Disconnect(JsonRpcDisconnectedEventArgs reason)
    {
        if (Interlocked.CompareExchange(ref _disconnect, reason, null) is not null)
        {
            return;
        }

        foreach (var (_, call) in _pending)
        {
            call.Fail(Lost(reason, call.Method));
        }
    }

    private void Complete()
    {
        var reason = Volatile.Read(ref _disconnect)!;
        if (_completion.TrySetResult(reason))
        {
            Disconnected?.Invoke(this, reason);
        }
    }

    private static string Truncate(string line) => line.Length <= 300 ? line : line[..300] + "…";

    private sealed class PendingCall(string method)
    {
        private readonly TaskCompletionSource<JsonElement> _tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Method { get; } = method;

        public Task<JsonElement> Task => _tcs.Task;

        public void Succeed(JsonElement result) => _tcs.TrySetResult(result);

        public void Fail(Exception exception) => _tcs.TrySetException(exception);
    }
}
