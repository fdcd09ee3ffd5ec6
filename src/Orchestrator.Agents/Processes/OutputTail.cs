namespace Orchestrator.Agents.Processes;

/// <summary>A thread-safe bounded buffer of the last lines of a stream (for error messages).</summary>
public sealed class OutputTail
{
    private readonly Queue<string> _lines = new();
    private readonly int _capacity;
    private readonly Lock _lock = new();

    public OutputTail(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    public void Add(string line)
    {
        lock (_lock)
        {
            if (_lines.Count == _capacity)
            {
                _lines.Dequeue();
            }

            _lines.Enqueue(line);
        }
    }

    /// <summary>The kept lines, oldest first, joined with newlines.</summary>
    public override string ToString()
    {
        lock (_lock)
        {
            return string.Join('\n', _lines);
        }
    }
}
