using System.Diagnostics;
using System.IO.Pipelines;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Agents.Processes;

/// <summary>
/// A started <see cref="ProcessCommand"/>: serialized line writes to stdin, stdout as a channel of lines or as a pipe of
/// bytes (<see cref="ProcessOutputMode"/>), drained continuously either way; stderr drained continuously to the logger
/// (its last lines kept in <see cref="StderrTail"/>), and <see cref="Exited"/>.
/// </summary>
public sealed class RunningProcess : IAsyncDisposable
{
    internal static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly Process _process;
    private readonly string _name;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Channel<string> _stdout = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleWriter = true });

    private readonly Pipe _stdoutBytes = new(StandardOutputPipeOptions());
    private readonly ProcessOutputMode _outputMode;
    private readonly bool _ownGroup;
    private readonly Task _stderrPump;
    private bool _stdinClosed;
    private int _disposed;

    /// <summary>
    /// Options for the stdout pipe in <see cref="ProcessOutputMode.Bytes"/>. Unbounded like the line channel (no pause
    /// threshold): the process is never blocked by a slow reader, and a line longer than any threshold cannot deadlock a
    /// reader that waits for its end. 64 KB blocks from a pool of the pipe's own, which keeps up to 1 MB of them for the
    /// next burst of output (see <see cref="RecyclingMemoryPool"/>).
    /// </summary>
    internal static PipeOptions StandardOutputPipeOptions() => new(
        pool: new RecyclingMemoryPool(64 * 1024, maxRetained: 16),
        pauseWriterThreshold: 0,
        resumeWriterThreshold: 0,
        minimumSegmentSize: 64 * 1024,
        useSynchronizationContext: false);

    internal RunningProcess(Process process, string name, ILogger logger, ProcessOutputMode outputMode = ProcessOutputMode.Lines, bool ownGroup = false)
    {
        _ownGroup = ownGroup;
        _process = process;
        _name = name;
        _logger = logger;
        _outputMode = outputMode;
        Id = process.Id;
        _ = outputMode == ProcessOutputMode.Bytes ? PumpStdoutBytesAsync() : PumpStdoutAsync();
        _stderrPump = PumpStderrAsync();
        Exited = WaitForExitAsync();
    }

    /// <summary>The operating-system process id; also its process group id when <see cref="OwnsProcessGroup"/>.</summary>
    public int Id { get; }

    /// <summary>
    /// Whether the process leads a process group (and session) of its own, which stop and kill signal as a whole so that
    /// what the process started goes with it (see <see cref="ProcessGroupLauncher"/>).
    /// </summary>
    public bool OwnsProcessGroup => _ownGroup;

    /// <summary>Lines written by the process to stdout; completes at end of stream. <see cref="ProcessOutputMode.Lines"/> only.</summary>
    /// <exception cref="InvalidOperationException">The process was started with <see cref="ProcessOutputMode.Bytes"/>.</exception>
    public ChannelReader<string> StandardOutput => _outputMode == ProcessOutputMode.Lines
        ? _stdout.Reader
        : throw new InvalidOperationException("This process hands over stdout as bytes (StandardOutputBytes).");

    /// <summary>
    /// The bytes the process writes to stdout, in pooled buffers; completes at end of stream (also when reading stdout
    /// failed, as <see cref="StandardOutput"/> does). <see cref="ProcessOutputMode.Bytes"/> only. One reader, which
    /// should complete it when done.
    /// </summary>
    /// <exception cref="InvalidOperationException">The process was started with <see cref="ProcessOutputMode.Lines"/>.</exception>
    public PipeReader StandardOutputBytes => _outputMode == ProcessOutputMode.Bytes
        ? _stdoutBytes.Reader
        : throw new InvalidOperationException("This process hands over stdout as lines (StandardOutput).");

    /// <summary>The last lines the process wrote to stderr.</summary>
    public OutputTail StderrTail { get; } = new(40);

    /// <summary>Completes with the exit code when the process has exited (never faults).</summary>
    public Task<int> Exited { get; }

    public bool HasExited => Exited.IsCompleted;

    /// <summary>Writes one line to stdin and flushes. Concurrent calls are serialized.</summary>
    /// <exception cref="IOException">The process has exited or closed its stdin.</exception>
    public async Task WriteLineAsync(string line, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_stdinClosed || HasExited)
            {
                throw new IOException($"The process '{_name}' ({Id}) is no longer accepting input.");
            }

            var writer = _process.StandardInput;
            await writer.WriteAsync(line.AsMemory(), cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync('\n').ConfigureAwait(false);
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or InvalidOperationException)
        {
            throw new IOException($"The process '{_name}' ({Id}) is no longer accepting input.", ex);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Closes stdin (end of input for the process).</summary>
    public async Task CloseStandardInputAsync()
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_stdinClosed)
            {
                _stdinClosed = true;
                try
                {
                    _process.StandardInput.Close();
                }
                catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
                {
                    // Already gone (or disposed by a concurrent DisposeAsync).
                }
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Stops the process: closes stdin and sends SIGTERM (to its whole process group when it has one), then after
    /// <paramref name="gracePeriod"/> kills the process tree and group; whatever is left in the group once the process
    /// has exited is killed too. Returns the exit code.
    /// </summary>
    public async Task<int> StopAsync(TimeSpan gracePeriod, CancellationToken cancellationToken = default)
    {
        if (!HasExited)
        {
            await CloseStandardInputAsync().ConfigureAwait(false);
            if (_ownGroup)
            {
                Signals.TerminateGroup(Id);
            }
            else
            {
                Signals.Terminate(Id);
            }

            try
            {
                await Exited.WaitAsync(gracePeriod, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                _logger.LogWarning("{Process} ({Pid}) did not exit within {Grace}; killing its process tree", _name, Id, gracePeriod);
                Kill();
            }
        }

        var code = await Exited.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (_ownGroup)
        {
            // A grandchild that ignored SIGTERM (or was started just before it) must not outlive the stop. The group id
            // cannot name another group yet: it stays taken while any member lives, and the leader was reaped just now.
            Signals.KillGroup(Id);
        }

        return code;
    }

    /// <summary>Kills the process and all its descendants at once: its tree, and its process group when it has one.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            _logger.LogWarning(ex, "Could not kill {Process} ({Pid})", _name, Id);
        }

        // After the tree (enumerated while still intact): the group also holds what left the tree, e.g. by a double fork.
        if (_ownGroup)
        {
            Signals.KillGroup(Id);
        }
    }

    /// <summary>Stops the process (see <see cref="StopAsync"/>) and releases it. Safe to call more than once and while a stop runs.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            // The write lock is not disposed: a concurrent StopAsync or WriteLineAsync may still hold it, and a
            // SemaphoreSlim whose wait handle was never used holds nothing to free.
            _process.Dispose();
        }
    }

    private async Task PumpStdoutAsync()
    {
        try
        {
            var reader = _process.StandardOutput;
            while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                _stdout.Writer.TryWrite(line);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            _logger.LogDebug(ex, "{Process} ({Pid}) stdout closed with an error", _name, Id);
        }
        finally
        {
            _stdout.Writer.TryComplete();
        }
    }

    private async Task PumpStdoutBytesAsync()
    {
        var writer = _stdoutBytes.Writer;
        try
        {
            var stdout = _process.StandardOutput.BaseStream;
            while (true)
            {
                var read = await stdout.ReadAsync(writer.GetMemory()).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                writer.Advance(read);
                var flushed = await writer.FlushAsync().ConfigureAwait(false);
                if (flushed.IsCompleted)
                {
                    // The reader completed: nobody wants the rest, but the process must not block on a full pipe.
                    await stdout.CopyToAsync(Stream.Null).ConfigureAwait(false);
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            _logger.LogDebug(ex, "{Process} ({Pid}) stdout closed with an error", _name, Id);
        }
        finally
        {
            _stdout.Writer.TryComplete();
            await writer.CompleteAsync().ConfigureAwait(false);
        }
    }

    private async Task PumpStderrAsync()
    {
        try
        {
            var reader = _process.StandardError;
            while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                StderrTail.Add(line);
                _logger.LogDebug("{Process} stderr: {Line}", _name, line);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            _logger.LogDebug(ex, "{Process} ({Pid}) stderr closed with an error", _name, Id);
        }
    }

    private async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync().ConfigureAwait(false);
        // Give stderr a moment to drain so the tail explains the exit (a grandchild may keep it open: do not wait forever).
        await Task.WhenAny(_stderrPump, Task.Delay(TimeSpan.FromMilliseconds(200))).ConfigureAwait(false);
        var code = _process.ExitCode;
        _logger.LogDebug("{Process} ({Pid}) exited with code {ExitCode}", _name, Id, code);
        return code;
    }
}
