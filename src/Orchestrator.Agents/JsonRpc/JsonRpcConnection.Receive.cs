using System.Buffers;
using System.Text;
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
            if (_input is { } input)
            {
                await ReadUtf8LinesAsync(new Utf8LineReader(input, MaxLineLength)).ConfigureAwait(false);
            }
            else
            {
                await ReadStringLinesAsync(_reader!).ConfigureAwait(false);
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

    private async Task ReadUtf8LinesAsync(Utf8LineReader lines)
    {
        try
        {
            while (true)
            {
                switch (await lines.ReadAsync(_disposeCts.Token).ConfigureAwait(false))
                {
                    case Utf8LineStatus.Line:
                        var line = lines.Line;
                        var length = (int)line.Length;
                        var (chunk, offset) = _arena.Allocate(length);
                        line.CopyTo(chunk.Buffer.AsSpan(offset, length));
                        HandleLine(chunk, offset, length);
                        break;
                    case Utf8LineStatus.TooLong:
                        LineTooLong();
                        break;
                    default:
                        return;
                }
            }
        }
        finally
        {
            lines.Complete();
        }
    }

    private async Task ReadStringLinesAsync(ILineReader lines)
    {
        while (await lines.ReadLineAsync(_disposeCts.Token).ConfigureAwait(false) is { } line)
        {
            var length = Encoding.UTF8.GetByteCount(line);
            if (length > MaxLineLength)
            {
                LineTooLong();
                continue;
            }

            var (chunk, offset) = _arena.Allocate(length);
            Encoding.UTF8.GetBytes(line, chunk.Buffer.AsSpan(offset, length));
            HandleLine(chunk, offset, length);
        }
    }

    private void LineTooLong() =>
        _logger.LogWarning("Skipping a JSON-RPC line longer than {Limit} bytes", MaxLineLength);

    /// <summary>Takes over the caller's reference to <paramref name="chunk"/>, which holds the line at <paramref name="offset"/>.</summary>
    private void HandleLine(MessageArena.Chunk chunk, int offset, int length)
    {
        var line = chunk.Buffer.AsSpan(offset, length);
        if (line.Trim(" \t\r\n"u8).IsEmpty)
        {
            chunk.Release();
            return;
        }

        InboundMessage message;
        try
        {
            message = InboundMessage.Scan(chunk, offset, length);
        }
        catch (JsonException ex)
        {
            _logger.LogWarning("Skipping a malformed JSON-RPC line ({Error}): {Line}", ex.Message, Describe(line));
            chunk.Release();
            return;
        }

        switch (message.Kind)
        {
            case InboundKind.Notification or InboundKind.Request:
                if (!_inbox.Writer.TryWrite(message))
                {
                    message.Release();
                }

                return;
            case InboundKind.Response:
                if (ParseAndRelease(message) is { } root)
                {
                    HandleResponse(message.CallId, root);
                }

                return;
            case InboundKind.NotAnObject:
                _logger.LogWarning("Skipping a JSON-RPC line that is not an object: {Line}", Describe(line));
                break;
            default:
                _logger.LogWarning("Skipping an unrecognised JSON-RPC message: {Line}", Describe(line));
                break;
        }

        message.Release();
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
        var inbox = _inbox.Reader;
        while (await inbox.WaitToReadAsync().ConfigureAwait(false))
        {
            while (inbox.TryRead(out var message))
            {
                if (message.Kind == InboundKind.Request)
                {
                    var request = ToRequest(message);
                    if (request is not null)
                    {
                        _ = AnswerRequestAsync(request);
                    }
                }
                else if (!TryDispatchBorrowed(message) && ToNotification(message) is { } notification)
                {
                    await DispatchNotificationAsync(notification).ConfigureAwait(false);
                }
            }
        }

        Complete();
    }

    /// <summary>
    /// The borrowed path: <see cref="BorrowedNotificationHandler"/> sees the notification in the receive buffer. Releases
    /// the buffer and returns true when the handler took it (or failed on it); false leaves the message to the parsed path.
    /// </summary>
    private bool TryDispatchBorrowed(InboundMessage message)
    {
        if (BorrowedNotificationHandler is not { } handler || message.MethodEscaped)
        {
            return false;
        }

        bool handled;
        try
        {
            handled = handler(new BorrowedNotification(message.Method, message.Params));
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "The handler of notification '{Method}' failed", Encoding.UTF8.GetString(message.Method));
            handled = true;
        }

        if (handled)
        {
            message.Release();
        }

        return handled;
    }

    /// <summary>The parsed path: a notification whose params may be kept. Releases the buffer.</summary>
    private JsonRpcNotification? ToNotification(InboundMessage message)
    {
        if (ParseAndRelease(message) is not { } root)
        {
            return null;
        }

        JsonElement? parameters = root.TryGetProperty("params", out var p) ? p : null;
        return root.TryGetProperty("method", out var method) && method.ValueKind == JsonValueKind.String
            ? new JsonRpcNotification(method.GetString()!, parameters)
            : null;
    }

    /// <summary>A request from the remote side, parsed (it may be kept while it is answered). Releases the buffer.</summary>
    private JsonRpcRequest? ToRequest(InboundMessage message)
    {
        if (ParseAndRelease(message) is not { } root)
        {
            return null;
        }

        JsonElement? parameters = root.TryGetProperty("params", out var p) ? p : null;
        return root.TryGetProperty("method", out var method) && method.ValueKind == JsonValueKind.String
               && root.TryGetProperty("id", out var id) && id.ValueKind is JsonValueKind.Number or JsonValueKind.String
            ? new JsonRpcRequest(id, method.GetString()!, parameters)
            : null;
    }

    /// <summary>The message as elements that may be kept (the scan validated it; null if parsing fails anyway). Releases the buffer.</summary>
    private JsonElement? ParseAndRelease(InboundMessage message)
    {
        try
        {
            return message.ParseRoot();
        }
        catch (JsonException ex)
        {
            _logger.LogWarning("Skipping a malformed JSON-RPC line ({Error}): {Line}", ex.Message, Describe(message.Line));
            return null;
        }
        finally
        {
            message.Release();
        }
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
