namespace Orchestrator.Core.Events;

/// <summary>What a reader of <see cref="ITransientEvents"/> gets: the events after its position, and whether some were lost.</summary>
public sealed record TransientBatch(IReadOnlyList<TransientEvent> Events, bool Gap);

/// <summary>
/// The live events that are not stored (text deltas of running turns), in one in-memory sequence with a bounded replay
/// ring. Like <see cref="IEventLog"/>, the ring is the source and a wake-up only says "read again", so a slow reader
/// never misses an event that is still in the ring; a reader that fell further behind than the ring gets
/// <see cref="TransientBatch.Gap"/> (and the events it can still have). A restart starts a new sequence.
/// </summary>
public interface ITransientEvents
{
    /// <summary>The last sequence number given (0 before the first event).</summary>
    long LastSeq { get; }

    /// <summary>A number that tells this process's sequence from another's (a reader's position from before a restart is void).</summary>
    string Epoch { get; }

    void Publish(string kind, string agentId, long chatId, long turnId, string text);

    /// <summary>The events with a sequence above <paramref name="afterSeq"/>, oldest first, at most <paramref name="max"/>.</summary>
    TransientBatch ReadAfter(long afterSeq, int max = 500);

    /// <summary>Completes when an event above <paramref name="afterSeq"/> exists.</summary>
    Task WaitAfterAsync(long afterSeq, CancellationToken cancellationToken);
}
