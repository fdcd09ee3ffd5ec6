using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Agents.JsonRpc;

/// <summary>The receiving side: the read loop, response matching and in-order dispatch.</summary>
public sealed partial class JsonRpcConnection
{
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

    private sealed class PendingCall(string method)
    {
        private readonly TaskCompletionSource<JsonElement> _tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Method { get; } = method;

        public Task<JsonElement> Task => _tcs.Task;

        public void Succeed(JsonElement result) => _tcs.TrySetResult(result);

        public void Fail(Exception exception) => _tcs.TrySetException(exception);
    }
}
