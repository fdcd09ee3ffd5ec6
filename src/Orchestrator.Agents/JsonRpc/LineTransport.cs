using System.Threading.Channels;

namespace Orchestrator.Agents.JsonRpc;

/// <summary>The reading half of a line-oriented transport.</summary>
public interface ILineReader
{
    /// <summary>Returns the next line, or null at end of stream.</summary>
    ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken = default);
}

/// <summary>The writing half of a line-oriented transport. Implementations must accept concurrent calls.</summary>
public interface ILineWriter
{
    Task WriteLineAsync(string line, CancellationToken cancellationToken = default);
}

/// <summary>Adapters from channels and delegates to <see cref="ILineReader"/> / <see cref="ILineWriter"/>.</summary>
public static class LineTransport
{
    public static ILineReader FromChannel(ChannelReader<string> reader) => new ChannelLineReader(reader);

    public static ILineWriter FromChannel(ChannelWriter<string> writer) => new ChannelLineWriter(writer);

    public static ILineWriter FromDelegate(Func<string, CancellationToken, Task> write) => new DelegateLineWriter(write);

    /// <summary>Two connected in-memory endpoints: what one side writes, the other reads (for tests).</summary>
    public static (LineEndpoint Left, LineEndpoint Right) CreateDuplex()
    {
        var leftToRight = Channel.CreateUnbounded<string>();
        var rightToLeft = Channel.CreateUnbounded<string>();
        return (
            new LineEndpoint(FromChannel(rightToLeft.Reader), FromChannel(leftToRight.Writer), () => leftToRight.Writer.TryComplete()),
            new LineEndpoint(FromChannel(leftToRight.Reader), FromChannel(rightToLeft.Writer), () => rightToLeft.Writer.TryComplete()));
    }

    private sealed class ChannelLineReader(ChannelReader<string> reader) : ILineReader
    {
        public async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken = default)
        {
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (reader.TryRead(out var line))
                {
                    return line;
                }
            }

            return null;
        }
    }

    private sealed class ChannelLineWriter(ChannelWriter<string> writer) : ILineWriter
    {
        public async Task WriteLineAsync(string line, CancellationToken cancellationToken = default)
        {
            try
            {
                await writer.WriteAsync(line, cancellationToken).ConfigureAwait(false);
            }
            catch (ChannelClosedException ex)
            {
                throw new IOException("The line channel is closed.", ex);
            }
        }
    }

    private sealed class DelegateLineWriter(Func<string, CancellationToken, Task> write) : ILineWriter
    {
        public Task WriteLineAsync(string line, CancellationToken cancellationToken = default) => write(line, cancellationToken);
    }
}

/// <summary>One side of an in-memory duplex: read what the other side writes; <see cref="Close"/> ends the other side's stream.</summary>
public sealed class LineEndpoint(ILineReader reader, ILineWriter writer, Action close)
{
    public ILineReader Reader { get; } = reader;

    public ILineWriter Writer { get; } = writer;

    /// <summary>Ends the stream the other side reads.</summary>
    public void Close() => close();
}
