using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Orchestrator.Agents.JsonRpc;

/// <summary>
/// Newline-delimited JSON-RPC (Codex app-server dialect: no <c>jsonrpc</c> field), reading UTF-8 lines from a
/// <see cref="PipeReader"/> (or strings from an <see cref="ILineReader"/>) and writing through an <see cref="ILineWriter"/>.
/// Notifications are dispatched in order, first to <see cref="BorrowedNotificationHandler"/> (params read in place,
/// nothing allocated) and otherwise, parsed, to <see cref="NotificationHandler"/>; requests from the remote side go to
/// <see cref="RequestHandler"/> (unknown ones are answered -32601); malformed and over-long lines are logged and
/// skipped. Set the handlers, then call <see cref="StartListening"/>.
/// </summary>
public sealed partial class JsonRpcConnection : IAsyncDisposable
{
    private readonly ILineReader? _reader;
    private readonly PipeReader? _input;
    private readonly ILineWriter _writer;
    private readonly JsonSerializerOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<long, PendingCall> _pending = new();
    private readonly Channel<InboundMessage> _inbox = Channel.CreateUnbounded<InboundMessage>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly MessageArena _arena = new();
    private readonly CancellationTokenSource _disposeCts = new();
    private readonly TaskCompletionSource<JsonRpcDisconnectedEventArgs> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private JsonRpcDisconnectedEventArgs? _disconnect;
    private long _nextId;
    private int _started;
    private int _disposed;

    /// <summary>Over a line transport that hands over strings (in-memory duplex, tests): each line is encoded to UTF-8 once.</summary>
    /// <param name="serializerOptions">Options whose type resolver knows every params/result type used (source-generated context).</param>
    public JsonRpcConnection(ILineReader reader, ILineWriter writer, JsonSerializerOptions serializerOptions, ILogger? logger = null)
        : this(writer, serializerOptions, logger)
    {
        _reader = reader;
    }

    /// <summary>
    /// Over raw UTF-8 input (a process's stdout): lines are read from the pipe's pooled buffers (<see cref="Utf8LineReader"/>),
    /// no string per line. The connection completes <paramref name="input"/> when it stops reading.
    /// </summary>
    /// <param name="serializerOptions">Options whose type resolver knows every params/result type used (source-generated context).</param>
    public JsonRpcConnection(PipeReader input, ILineWriter writer, JsonSerializerOptions serializerOptions, ILogger? logger = null)
        : this(writer, serializerOptions, logger)
    {
        _input = input;
    }

    private JsonRpcConnection(ILineWriter writer, JsonSerializerOptions serializerOptions, ILogger? logger)
    {
        _writer = writer;
        _options = serializerOptions;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Receives notifications, one at a time, in arrival order. They are parsed and may be kept.</summary>
    public Func<JsonRpcNotification, CancellationToken, ValueTask>? NotificationHandler { get; set; }

    /// <summary>
    /// Sees each notification first, before <see cref="NotificationHandler"/>, in the same order and on the same dispatch
    /// loop, with its params <b>borrowed</b> from the receive buffer (<see cref="BorrowedNotification"/>: nothing parsed or
    /// copied; valid only until the handler returns). Returning true ends the notification there; false passes it on to
    /// <see cref="NotificationHandler"/>, parsed. Meant for frequent notifications read with <see cref="System.Text.Json.Utf8JsonReader"/>
    /// (streamed deltas); it must be quick and must not block, as nothing else is dispatched meanwhile. An exception is
    /// logged and the notification counts as handled.
    /// </summary>
    public BorrowedNotificationHandler? BorrowedNotificationHandler { get; set; }

    /// <summary>Longest accepted line in UTF-8 bytes; longer lines are skipped with a warning. Set before <see cref="StartListening"/>.</summary>
    public int MaxLineLength { get; set; } = Utf8LineReader.DefaultMaxLineLength;

    /// <summary>Answers requests from the remote side (may run concurrently; may take as long as it needs). Null: every request gets -32601.</summary>
    public Func<JsonRpcRequest, CancellationToken, Task<JsonNode?>>? RequestHandler { get; set; }

    /// <summary>
    /// Adds <c>"jsonrpc": "2.0"</c> to every message sent (requests, notifications, answers). Codex's app-server dialect
    /// leaves it out; JSON-RPC 2.0 peers such as ACP agents require it. Set before <see cref="StartListening"/>.
    /// </summary>
    public bool IncludeVersion { get; set; }

    /// <summary>
    /// Answers to calls are handled on the dispatch loop, in arrival order with the notifications, instead of as soon as
    /// they are read: a call then completes only after every notification received before its answer was handled. ACP
    /// needs this (the end of a <c>session/prompt</c> is its answer, and the last streamed text comes just before it);
    /// Codex does not (its turns end with a notification). Set before <see cref="StartListening"/>.
    /// </summary>
    public bool OrderedResponses { get; set; }

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

    /// <summary>Sends a request with its own timeout (instead of <see cref="RequestTimeout"/>) and deserializes the result.</summary>
    /// <exception cref="TimeoutException">No answer within <paramref name="timeout"/>.</exception>
    public async Task<TResult> InvokeWithParameterObjectAsync<TResult>(string method, object? parameters, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var result = await InvokeCoreAsync(method, parameters, timeout, cancellationToken).ConfigureAwait(false);
        return (TResult)result.Deserialize(_options.GetTypeInfo(typeof(TResult)))!;
    }

    /// <summary>Sends a request and returns the raw result.</summary>
    public Task<JsonElement> InvokeWithParameterObjectAsync(string method, object? parameters, CancellationToken cancellationToken = default) =>
        InvokeCoreAsync(method, parameters, RequestTimeout, cancellationToken);

    private async Task<JsonElement> InvokeCoreAsync(string method, object? parameters, TimeSpan? timeout, CancellationToken cancellationToken)
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

            // The timeout covers the write too: a peer that hangs may also have stopped reading its input.
            var exchange = SendAndAwaitAsync(message, call, method, cancellationToken);
            return timeout is { } limit
                ? await exchange.WaitAsync(limit, cancellationToken).ConfigureAwait(false)
                : await exchange.ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    private async Task<JsonElement> SendAndAwaitAsync(JsonObject message, PendingCall call, string method, CancellationToken cancellationToken)
    {
        await WriteAsync(message, cancellationToken).ConfigureAwait(false);
        if (Volatile.Read(ref _disconnect) is { } gone)
        {
            call.Fail(Lost(gone, method));
        }

        return await call.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
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

    private async Task WriteAsync(JsonObject message, CancellationToken cancellationToken)
    {
        if (IncludeVersion)
        {
            message.Insert(0, "jsonrpc", "2.0");
        }

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

    private void Disconnect(JsonRpcDisconnectedEventArgs reason, bool failPending = true)
    {
        if (Interlocked.CompareExchange(ref _disconnect, reason, null) is not null)
        {
            return;
        }

        if (failPending)
        {
            FailPending(reason);
        }
    }

    private void FailPending(JsonRpcDisconnectedEventArgs reason)
    {
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

    /// <summary>The start of a line for a log message (decoded only when something is logged).</summary>
    private static string Describe(ReadOnlySpan<byte> line)
    {
        const int Shown = 300;
        if (line.Length <= Shown)
        {
            return Encoding.UTF8.GetString(line);
        }

        // Cut on a character boundary: back off continuation bytes (10xxxxxx).
        var cut = Shown;
        while (cut > 0 && (line[cut] & 0xC0) == 0x80)
        {
            cut--;
        }

        return Encoding.UTF8.GetString(line[..cut]) + "…";
    }
}
