using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Agents.JsonRpc;

/// <summary>The receiving side: the read loop (lines into the arena, scanned in place) and response matching.</summary>
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

        // With ordered responses, calls still pending fail only once the dispatch loop has handled what was received
        // (a final answer may be queued behind notifications).
        Disconnect(reason, failPending: !OrderedResponses);
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
            case InboundKind.Response when OrderedResponses:
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

    private sealed class PendingCall(string method)
    {
        private readonly TaskCompletionSource<JsonElement> _tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Method { get; } = method;

        public Task<JsonElement> Task => _tcs.Task;

        public void Succeed(JsonElement result) => _tcs.TrySetResult(result);

        public void Fail(Exception exception) => _tcs.TrySetException(exception);
    }
}
