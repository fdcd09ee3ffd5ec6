using System.Buffers;

namespace Orchestrator.Agents.Processes;

/// <summary>
/// A memory pool of fixed-size blocks for one pipe: returned blocks are kept (up to <c>maxRetained</c>) and handed out
/// again, owner objects included, so a pipe that buffers a burst of output allocates nothing once warm. The shared
/// array pool keeps only a few arrays of a size per core and allocated the rest when a reader fell behind by a few
/// hundred KB.
/// </summary>
internal sealed class RecyclingMemoryPool(int blockSize, int maxRetained) : MemoryPool<byte>
{
    private readonly Lock _lock = new();
    private readonly Stack<Block> _free = new();

    public override int MaxBufferSize => blockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        if (minBufferSize > blockSize)
        {
            return new Block(this, new byte[minBufferSize], recycled: false);
        }

        lock (_lock)
        {
            if (_free.TryPop(out var block))
            {
                block.Rented();
                return block;
            }
        }

        return new Block(this, new byte[blockSize], recycled: true);
    }

    protected override void Dispose(bool disposing)
    {
        lock (_lock)
        {
            _free.Clear();
        }
    }

    private void Return(Block block)
    {
        lock (_lock)
        {
            if (_free.Count < maxRetained)
            {
                _free.Push(block);
            }
        }
    }

    private sealed class Block(RecyclingMemoryPool owner, byte[] array, bool recycled) : IMemoryOwner<byte>
    {
        private int _returned;

        public Memory<byte> Memory => array;

        public void Rented() => Volatile.Write(ref _returned, 0);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _returned, 1) == 0 && recycled)
            {
                owner.Return(this);
            }
        }
    }
}
