using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace Orchestrator.Agents.JsonRpc;

/// <summary>What <see cref="Utf8LineReader.ReadAsync"/> found.</summary>
public enum Utf8LineStatus
{
    /// <summary><see cref="Utf8LineReader.Line"/> holds the next line.</summary>
    Line,

    /// <summary>
    /// A line longer than <see cref="Utf8LineReader.MaxLineLength"/> was dropped: reported once, as soon as the limit is
    /// passed, and its bytes are discarded up to and including its line break without being buffered.
    /// </summary>
    TooLong,

    /// <summary>The input ended; every later call says so too.</summary>
    Ended,
}

/// <summary>
/// Newline-delimited input read as UTF-8 bytes straight from a <see cref="PipeReader"/>'s pooled buffers: no string and
/// no array per line. A line is the bytes before a <c>\n</c>, without a <c>\r</c> just before it; a last line without
/// <c>\n</c> at the end of the input counts. Lines are split on the byte <c>\n</c>, which never occurs inside a
/// multi-byte UTF-8 sequence, so a character split across reads is whole in the line. Not thread-safe: one reader.
/// </summary>
public sealed class Utf8LineReader
{
    /// <summary>The default limit: far above any app-server message, low enough that a runaway line cannot exhaust memory.</summary>
    public const int DefaultMaxLineLength = 64 * 1024 * 1024;

    private readonly PipeReader _input;
    private ReadOnlySequence<byte> _buffer;
    private long _scanned; // bytes at the start of _buffer known to hold no line break
    private bool _holding; // _buffer came from a ReadAsync that was not advanced yet
    private bool _inputEnded;
    private bool _discarding; // inside a line that was too long

    /// <param name="input">The bytes; <see cref="Complete"/> completes it.</param>
    /// <param name="maxLineLength">Longest line in bytes (line break excluded); longer ones are dropped (<see cref="Utf8LineStatus.TooLong"/>).</param>
    public Utf8LineReader(PipeReader input, int maxLineLength = DefaultMaxLineLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineLength, 1);
        _input = input;
        MaxLineLength = maxLineLength;
    }

    public int MaxLineLength { get; }

    /// <summary>
    /// The line found by the last <see cref="ReadAsync"/> that returned <see cref="Utf8LineStatus.Line"/>. It is a view
    /// of the pipe's buffers: valid only until the next call to <see cref="ReadAsync"/> or <see cref="Complete"/>.
    /// </summary>
    public ReadOnlySequence<byte> Line { get; private set; }

    /// <summary>Waits for the next line (or a dropped over-long line, or the end of the input).</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired, or the pending read was cancelled.</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] // no state machine box per line that had to wait
    public async ValueTask<Utf8LineStatus> ReadAsync(CancellationToken cancellationToken = default)
    {
        Line = default;
        while (true)
        {
            if (_holding)
            {
                if (TryTake(out var status))
                {
                    return status;
                }

                // Nothing complete left: keep the partial line, ask for more.
                _input.AdvanceTo(_buffer.Start, _buffer.End);
                _holding = false;
            }

            if (_inputEnded)
            {
                return Utf8LineStatus.Ended;
            }

            var result = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (result.IsCanceled)
            {
                _input.AdvanceTo(result.Buffer.Start);
                throw new OperationCanceledException("The pending read was cancelled.");
            }

            _buffer = result.Buffer;
            _holding = true;
            _inputEnded = result.IsCompleted;
        }
    }

    /// <summary>Completes the input (returns its buffers to their pool). <see cref="Line"/> is no longer valid.</summary>
    public void Complete()
    {
        Line = default;
        _holding = false;
        _input.Complete();
    }

    private bool TryTake(out Utf8LineStatus status)
    {
        while (true)
        {
            var lineBreak = _buffer.Slice(_scanned).PositionOf((byte)'\n');
            if (lineBreak is not { } at)
            {
                _scanned = _buffer.Length;
                if (_discarding)
                {
                    Consume(_buffer.End);
                    status = default;
                    return false;
                }

                if (_buffer.Length > MaxLineLength)
                {
                    _discarding = true;
                    Consume(_buffer.End);
                    status = Utf8LineStatus.TooLong;
                    return true;
                }

                if (_inputEnded && !_buffer.IsEmpty)
                {
                    Line = WithoutCarriageReturn(_buffer);
                    Consume(_buffer.End);
                    status = Utf8LineStatus.Line;
                    return true;
                }

                status = default;
                return false;
            }

            var line = _buffer.Slice(0, at);
            Consume(_buffer.GetPosition(1, at));
            if (_discarding)
            {
                _discarding = false; // the rest of a line already reported
                continue;
            }

            if (line.Length > MaxLineLength)
            {
                status = Utf8LineStatus.TooLong;
                return true;
            }

            Line = WithoutCarriageReturn(line);
            status = Utf8LineStatus.Line;
            return true;
        }
    }

    private void Consume(SequencePosition upTo)
    {
        _buffer = _buffer.Slice(upTo);
        _scanned = 0;
    }

    private static ReadOnlySequence<byte> WithoutCarriageReturn(ReadOnlySequence<byte> line)
    {
        if (line.IsEmpty)
        {
            return line;
        }

        var last = line.IsSingleSegment ? line.FirstSpan[^1] : line.Slice(line.Length - 1).FirstSpan[0];
        return last == (byte)'\r' ? line.Slice(0, line.Length - 1) : line;
    }
}
