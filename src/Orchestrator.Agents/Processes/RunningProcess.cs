using System.IO.Pipelines;
using System.Text;
using System.Threading.Channels;
using CliWrap;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Agents.Processes;

/// <summary>
/// A started <see cref="ProcessCommand"/>, run by CliWrap: serialized line writes to stdin (through a pipe that CliWrap's
/// stdin <see cref="PipeSource"/> copies to the process), stdout as a channel of lines or as a pipe of bytes
/// (<see cref="ProcessOutputMode"/>), drained continuously either way by a <see cref="PipeTarget"/>; stderr drained
/// continuously to the logger (its last lines kept in <see cref="StderrTail"/>), and <see cref="Exited"/>. Stop is a
/// SIGTERM to the process group, then CliWrap's forceful cancellation (process tree) plus SIGKILL to the group.
/// </summary>
public sealed partial class RunningProcess : IAsyncDisposable
{
    internal static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly string _name;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Channel<string> _stdout = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly Pipe _stdin = new(new PipeOptions(useSynchronizationContext: false));
    private readonly Pipe _stdoutBytes = new(StandardOutputPipeOptions());
    private readonly CancellationTokenSource _forceful = new();
    private readonly ProcessOutputMode _outputMode;
    private readonly bool _ownGroup;
    private bool _stdinClosed;
    private volatile bool _killed;
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

    private RunningProcess(string name, ILogger logger, ProcessOutputMode outputMode, bool ownGroup)
    {
        _name = name;
        _logger = logger;
        _outputMode = outputMode;
        _ownGroup = ownGroup;
    }

    /// <summary>Runs <paramref name="command"/> with this class's pipes attached.</summary>
    /// <exception cref="ProcessStartException">The executable could not be started.</exception>
    internal static RunningProcess Start(Command command, string name, ILogger logger, ProcessOutputMode outputMode, bool ownGroup)
    {
        var process = new RunningProcess(name, logger, outputMode, ownGroup);
        var stdout = outputMode == ProcessOutputMode.Bytes
            ? PipeTarget.Create(process.PumpStdoutBytesAsync)
            : PipeTarget.Create(process.PumpStdoutLinesAsync);
        CommandTask<CommandResult> execution;
        try
        {
            execution = command
                .WithStandardInputPipe(PipeSource.Create(process.PumpStdinAsync))
                .WithStandardOutputPipe(stdout)
                .WithStandardErrorPipe(PipeTarget.Create(process.PumpStderrAsync))
                .ExecuteAsync(process._forceful.Token);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            process._forceful.Dispose();
            throw new ProcessStartException($"Could not start '{command.TargetFilePath}': {(ex.InnerException ?? ex).Message}", ex);
        }

        process.Id = execution.ProcessId;
        process.Exited = process.WaitForExitAsync(execution.Task);
        return process;
    }

    /// <summary>The operating-system process id; also its process group id when <see cref="OwnsProcessGroup"/>.</summary>
    public int Id { get; private set; }

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
    public Task<int> Exited { get; private set; } = Task.FromResult(0);

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

            var writer = _stdin.Writer;
            var bytes = writer.GetSpan(Utf8.GetMaxByteCount(line.Length) + 1);
            var length = Utf8.GetBytes(line, bytes);
            bytes[length] = (byte)'\n';
            writer.Advance(length + 1);
            var flushed = await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (flushed.IsCompleted)
            {
                throw new IOException($"The process '{_name}' ({Id}) is no longer accepting input.");
            }
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
                await _stdin.Writer.CompleteAsync().ConfigureAwait(false); // CliWrap closes the process's stdin once copied
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
        // CliWrap's forceful cancellation kills the process tree.
        _killed = true;
        try
        {
            _forceful.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Disposed after exit.
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
            // The write lock and the cancellation source are not disposed: a concurrent StopAsync, Kill or WriteLineAsync
            // may still use them, and neither holds anything to free when its wait handle was never used.
            await _stdin.Reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The exit code from CliWrap's result; 128 + SIGKILL after a forceful cancellation (CliWrap then throws instead).</summary>
    private async Task<int> WaitForExitAsync(Task<CommandResult> execution)
    {
        int code;
        try
        {
            code = (await execution.ConfigureAwait(false)).ExitCode;
        }
        catch (Exception ex)
        {
            if (!_killed)
            {
                _logger.LogDebug(ex, "{Process} ({Pid}) ended with an error", _name, Id);
            }

            code = 128 + 9;
        }

        _logger.LogDebug("{Process} ({Pid}) exited with code {ExitCode}", _name, Id, code);
        return code;
    }
}
