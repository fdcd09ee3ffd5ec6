using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Agents.JsonRpc;

/// <summary>
/// The dispatch side: requests and notifications in arrival order, notifications first to the borrowed handler (in
/// the receive buffer), then parsed to <see cref="NotificationHandler"/>; requests answered concurrently.
/// </summary>
public sealed partial class JsonRpcConnection
{
    private async Task DispatchLoopAsync()
    {
        var inbox = _inbox.Reader;
        while (await inbox.WaitToReadAsync().ConfigureAwait(false))
        {
            while (inbox.TryRead(out var message))
            {
                if (message.Kind == InboundKind.Response)
                {
                    if (ParseAndRelease(message) is { } root)
                    {
                        HandleResponse(message.CallId, root);
                    }
                }
                else if (message.Kind == InboundKind.Request)
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

        if (OrderedResponses && Volatile.Read(ref _disconnect) is { } gone)
        {
            FailPending(gone);
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
}
