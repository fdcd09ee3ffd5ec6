namespace Orchestrator.Agents.JsonRpc;

/// <summary>
/// Storage for received messages waiting for dispatch, without an array per message: the read loop copies each line
/// into the current 64 KB chunk, the dispatch loop releases it when done, and a chunk whose messages were all released
/// (and that the read loop has left) is reused. A message over a quarter of a chunk gets an array of its own.
/// One writer thread (<see cref="Allocate"/>), releases from any thread.
/// </summary>
/// <remarks>
/// <see cref="System.Buffers.ArrayPool{T}"/> with a rent per message was tried first: when the read loop gets ahead of
/// the dispatcher (a burst of lines in one read) more arrays are out than the pool keeps per core, and the rest are
/// allocated anyway (≈ 150 B per message measured across threads).
/// </remarks>
internal sealed class MessageArena
{
    public const int ChunkSize = 64 * 1024;
    private const int MaxFreeChunks = 16;

    private readonly Lock _lock = new();
    private readonly Stack<Chunk> _free = new();
    private Chunk? _current;
    private int _used;

    /// <summary>Room for a message of <paramref name="length"/> bytes; write it into <see cref="Chunk.Buffer"/> at the offset.</summary>
    public (Chunk Chunk, int Offset) Allocate(int length)
    {
        if (length > ChunkSize / 4)
        {
            return (new Chunk(this, new byte[length], pooled: false), 0);
        }

        if (_current is null || _used + length > ChunkSize)
        {
            _current?.Release(); // the arena's own reference: the chunk goes back once its messages are released too
            _current = TakeFree();
            _used = 0;
        }

        _current.AddReference();
        var offset = _used;
        _used += length;
        return (_current, offset);
    }

    private Chunk TakeFree()
    {
        lock (_lock)
        {
            if (_free.TryPop(out var chunk))
            {
                chunk.Reset();
                return chunk;
            }
        }

        return new Chunk(this, new byte[ChunkSize], pooled: true);
    }

    private void Recycle(Chunk chunk)
    {
        lock (_lock)
        {
            if (_free.Count < MaxFreeChunks)
            {
                _free.Push(chunk);
            }
        }
    }

    /// <summary>
    /// A block of messages, reference-counted: one per message in it, plus one while the arena writes into it (a chunk
    /// of its own has just its message's).
    /// </summary>
    internal sealed class Chunk
    {
        private readonly MessageArena _owner;
        private readonly bool _pooled;
        private int _references = 1;

        public Chunk(MessageArena owner, byte[] buffer, bool pooled)
        {
            _owner = owner;
            Buffer = buffer;
            _pooled = pooled; // not pooled: a message of its own, whose reference is the initial one
        }

        public byte[] Buffer { get; }

        public void AddReference() => Interlocked.Increment(ref _references);

        /// <summary>Drops one reference; the last one gives the chunk back to the arena.</summary>
        public void Release()
        {
            if (Interlocked.Decrement(ref _references) == 0 && _pooled)
            {
                _owner.Recycle(this);
            }
        }

        public void Reset() => Volatile.Write(ref _references, 1);
    }
}
