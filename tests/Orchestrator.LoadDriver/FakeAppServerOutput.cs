using System.Text;

namespace Orchestrator.LoadDriver;

/// <summary>The fake app-server's stdout: one JSON object per line, written under a lock, flushed per batch.</summary>
internal sealed class FakeAppServerOutput(Stream stdout)
{
    private readonly Lock _gate = new();
    private readonly StreamWriter _writer = new(stdout, new UTF8Encoding(false), 1 << 16) { AutoFlush = false, NewLine = "\n" };

    /// <summary>Writes one line and flushes (responses, single notifications).</summary>
    public void Send(string line)
    {
        lock (_gate)
        {
            _writer.WriteLine(line);
            _writer.Flush();
        }
    }

    /// <summary>Writes lines without flushing; call <see cref="Flush"/> after the batch.</summary>
    public void Queue(string line)
    {
        lock (_gate)
        {
            _writer.WriteLine(line);
        }
    }

    public void Flush()
    {
        lock (_gate)
        {
            _writer.Flush();
        }
    }
}
