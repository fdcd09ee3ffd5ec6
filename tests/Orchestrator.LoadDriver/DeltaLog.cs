using System.Collections.Concurrent;

namespace Orchestrator.LoadDriver;

/// <summary>Per chat: when each delta was emitted, and the whole streamed text once the turn ended.</summary>
internal sealed class DeltaLog
{
    private readonly ConcurrentDictionary<long, DateTimeOffset[]> _emitted = new();
    private readonly ConcurrentDictionary<long, (string Text, int Count)> _ended = new();
    private readonly TaskCompletionSource _allEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _expected = int.MaxValue;

    public void Expect(int turns) => _expected = turns;

    public Task AllEnded => _allEnded.Task;

    public DateTimeOffset[] Begin(long chat, int total) => _emitted[chat] = new DateTimeOffset[total];

    public void End(long chat, string text, int count)
    {
        _ended[chat] = (text, count);
        if (_ended.Count >= _expected)
        {
            _allEnded.TrySetResult();
        }
    }

    public IReadOnlyDictionary<long, DateTimeOffset[]> Emitted => _emitted;

    public IReadOnlyDictionary<long, (string Text, int Count)> Ended => _ended;
}
