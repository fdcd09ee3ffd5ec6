using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Orchestrator.Agents.Claude.Protocol;
using Orchestrator.Agents.Processes;

namespace Orchestrator.Agents.Claude;

/// <summary>How a Claude process ended: exit code and the last stderr lines.</summary>
internal sealed record ClaudeExit(int ExitCode, string StderrTail)
{
    public override string ToString() =>
        StderrTail.Length == 0 ? $"(exit code {ExitCode})" : $"{StderrTail.Trim()} (exit code {ExitCode})";
}

/// <summary>
/// One running <c>claude -p --input-format stream-json</c> process: typed writes to stdin, parsed stdout messages
/// delivered in order to a handler, our own control requests matched to their responses, and <see cref="Closed"/>.
/// </summary>
internal sealed class ClaudeProcess
{
    private static readonly TimeSpan StdoutDrainTime = TimeSpan.FromSeconds(1);

    private readonly RunningProcess _process;
    private readonly ILogger _logger;
    private readonly Action<ClaudeProcess, ClaudeOutputMessage> _onMessage;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<ClaudeControlResponseBody>> _pending = new();
    private readonly TaskCompletionSource<ClaudeExit> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _requestCounter;

    private ClaudeProcess(RunningProcess process, ILogger logger, Action<ClaudeProcess, ClaudeOutputMessage> onMessage)
    {
        _process = process;
        _logger = logger;
        _onMessage = onMessage;
    }

    public int ProcessId => _process.Id;

    /// <summary>Completes once stdout has ended and the process has exited (never faults).</summary>
    public Task<ClaudeExit> Closed => _closed.Task;

    public bool IsClosed => _closed.Task.IsCompleted;

    /// <exception cref="ProcessStartException">The executable could not be started.</exception>
    public static ClaudeProcess Start(ProcessCommand command, ILogger logger, Action<ClaudeProcess, ClaudeOutputMessage> onMessage)
    {
        var process = new ClaudeProcess(command.Start(logger), logger, onMessage);
        var reading = process.ReadLoopAsync();
        _ = process.WatchExitAsync(reading);
        return process;
    }

    public Task WriteAsync<T>(T message, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default) =>
        _process.WriteLineAsync(JsonSerializer.Serialize(message, typeInfo), cancellationToken);

    /// <summary>Sends a control request (<c>initialize</c>, <c>interrupt</c>) and waits for its response.</summary>
    /// <exception cref="IOException">The process exited first.</exception>
    public Task<ClaudeControlResponseBody> SendControlRequestAsync(string subtype, CancellationToken cancellationToken) =>
        SendControlRequestAsync(new ClaudeControlRequestInputBody(subtype), cancellationToken);

    /// <inheritdoc cref="SendControlRequestAsync(string, CancellationToken)"/>
    public async Task<ClaudeControlResponseBody> SendControlRequestAsync(ClaudeControlRequestInputBody request, CancellationToken cancellationToken)
    {
        var id = $"orch_{request.Subtype}_{Interlocked.Increment(ref _requestCounter)}";
        var response = new TaskCompletionSource<ClaudeControlResponseBody>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = response;
        try
        {
            await WriteAsync(new ClaudeControlRequestInput(id, request), ClaudeJsonContext.Default.ClaudeControlRequestInput, cancellationToken)
                .ConfigureAwait(false);
            return await response.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>Answers a control request of the CLI with success and <paramref name="result"/>; a gone process is only logged.</summary>
    public Task RespondAsync(string requestId, ClaudePermissionResult result, CancellationToken cancellationToken = default) =>
        WriteQuietlyAsync(new ClaudeControlResponseInput(new ClaudeControlResponseInputBody("success", requestId, result)), cancellationToken);

    /// <summary>Answers a control request of the CLI with an error; a gone process is only logged.</summary>
    public Task RespondErrorAsync(string requestId, string error) =>
        WriteQuietlyAsync(new ClaudeControlResponseInput(new ClaudeControlResponseInputBody("error", requestId, Error: error)), CancellationToken.None);

    /// <summary>Closes stdin, sends SIGTERM, kills the tree after <paramref name="gracePeriod"/>; waits for <see cref="Closed"/>.</summary>
    public async Task StopAsync(TimeSpan gracePeriod)
    {
        await _process.StopAsync(gracePeriod).ConfigureAwait(false);
        await Closed.ConfigureAwait(false); // Completes at most StdoutDrainTime after the exit.
    }

    public void Kill() => _process.Kill();

    private async Task ReadLoopAsync()
    {
        try
        {
            await foreach (var line in _process.StandardOutput.ReadAllAsync().ConfigureAwait(false))
            {
                _logger.LogTrace("claude ({Pid}) stdout: {Line}", ProcessId, Shorten(line));
                if (!ClaudeMessageParser.TryParse(line, out var message, out var error))
                {
                    _logger.LogWarning("Skipping a malformed Claude output line ({Error}): {Line}", error, Shorten(line));
                    continue;
                }

                if (message!.Type == "control_response" && message.Response?.RequestId is { } id && _pending.TryRemove(id, out var waiter))
                {
                    waiter.TrySetResult(message.Response);
                }

                try
                {
                    _onMessage(this, message);
                }
                catch (Exception ex)
                {
                    _logger.LogError(ex, "Handling a Claude '{Type}' message failed", message.Type);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            _logger.LogDebug(ex, "Reading Claude output ended with an error");
        }
    }

    /// <summary>
    /// Completes <see cref="Closed"/> once the process has exited and its output is read, or shortly after the exit when a
    /// left-over grandchild keeps stdout open, so that a dead process never leaves a turn hanging.
    /// </summary>
    private async Task WatchExitAsync(Task reading)
    {
        var code = await _process.Exited.ConfigureAwait(false);
        await Task.WhenAny(reading, Task.Delay(StdoutDrainTime)).ConfigureAwait(false);
        var exit = new ClaudeExit(code, _process.StderrTail.ToString());
        foreach (var waiter in _pending.Values)
        {
            waiter.TrySetException(new IOException($"Claude Code exited {exit}"));
        }

        _closed.TrySetResult(exit);
        await _process.DisposeAsync().ConfigureAwait(false); // Also ends a stdout a grandchild kept open.
    }

    private async Task WriteQuietlyAsync(ClaudeControlResponseInput response, CancellationToken cancellationToken)
    {
        try
        {
            await WriteAsync(response, ClaudeJsonContext.Default.ClaudeControlResponseInput, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            _logger.LogDebug("Could not answer Claude control request {RequestId}: {Error}", response.Response.RequestId, ex.Message);
        }
    }

    private static string Shorten(string line) => line.Length <= 300 ? line : line[..300] + "…";
}
