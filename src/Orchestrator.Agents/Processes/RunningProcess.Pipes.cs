using System.IO.Pipelines;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Agents.Processes;

// The pumps between CliWrap's pipes and this class's: stdin lines out, stdout as lines or pooled bytes in, stderr to the
// log and the tail.
public sealed partial class RunningProcess
{
    /// <summary>CliWrap's stdin source: copies each flushed line to the process until stdin is closed or the process exits.</summary>
    private async Task PumpStdinAsync(Stream destination, CancellationToken cancellationToken)
    {
        var reader = _stdin.Reader;
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                foreach (var segment in read.Buffer)
                {
                    await destination.WriteAsync(segment, cancellationToken).ConfigureAwait(false);
                }

                reader.AdvanceTo(read.Buffer.End);
                await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (read.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            _logger.LogDebug("{Process} ({Pid}) stdin closed: {Error}", _name, Id, ex.Message);
        }
        finally
        {
            // Later writes see a completed pipe and throw IOException.
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private async Task PumpStdoutLinesAsync(Stream source, CancellationToken cancellationToken)
    {
        try
        {
            using var reader = new StreamReader(source, Utf8, detectEncodingFromByteOrderMarks: false);
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                _stdout.Writer.TryWrite(line);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            _logger.LogDebug(ex, "{Process} ({Pid}) stdout closed with an error", _name, Id);
        }
        finally
        {
            _stdout.Writer.TryComplete();
        }
    }

    /// <summary>
    /// The stdout target in <see cref="ProcessOutputMode.Bytes"/>: reads straight into the pooled pipe's blocks (no
    /// buffer of CliWrap's, nothing allocated per read), for <see cref="JsonRpc.Utf8LineReader"/> to scan in place.
    /// </summary>
    private async Task PumpStdoutBytesAsync(Stream source, CancellationToken cancellationToken)
    {
        var writer = _stdoutBytes.Writer;
        try
        {
            while (true)
            {
                var read = await source.ReadAsync(writer.GetMemory(), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                writer.Advance(read);
                var flushed = await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (flushed.IsCompleted)
                {
                    // The reader completed: nobody wants the rest, but the process must not block on a full pipe.
                    await source.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            _logger.LogDebug(ex, "{Process} ({Pid}) stdout closed with an error", _name, Id);
        }
        finally
        {
            await writer.CompleteAsync().ConfigureAwait(false);
        }
    }

    private async Task PumpStderrAsync(Stream source, CancellationToken cancellationToken)
    {
        try
        {
            using var reader = new StreamReader(source, Utf8, detectEncodingFromByteOrderMarks: false);
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                StderrTail.Add(line);
                _logger.LogDebug("{Process} stderr: {Line}", _name, line);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            _logger.LogDebug(ex, "{Process} ({Pid}) stderr closed with an error", _name, Id);
        }
    }
}
