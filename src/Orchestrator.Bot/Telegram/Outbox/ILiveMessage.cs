namespace Orchestrator.Bot.Telegram.Outbox;

/// <summary>
/// A streamed reply that may span several Telegram messages (pages). Only the newest desired state matters: the chat's
/// sender sends missing pages and edits changed ones, earlier pages first, skipping intermediate states when the budget
/// does not allow them.
/// </summary>
public interface ILiveMessage
{
    /// <summary>Ids of the Telegram messages sent so far, page by page (0 while a page awaits a resend).</summary>
    IReadOnlyList<int> MessageIds { get; }

    /// <summary>The id of the native draft the message streams into (0: it never streams as a draft).</summary>
    long DraftId => 0;

    /// <summary>
    /// The user pressed the draft's stop button: no more drafts are shown (Telegram stopped this one); the pages still go
    /// out as real messages when the message completes.
    /// </summary>
    void OnDraftStopped()
    {
    }

    /// <summary>Completes with the first page's message id once it has been sent.</summary>
    Task<int> FirstMessageIdAsync { get; }

    /// <summary>
    /// Stores <paramref name="pages"/> as the newest desired state and answers a pending content request (no pages:
    /// the request is answered and the last state kept). Non-blocking; ignored after completion.
    /// </summary>
    void Update(IReadOnlyList<OutgoingContent> pages);

    /// <summary>
    /// Marks the content changed without rendering it. When the chat's next send slot (or the draft's) opens, the message
    /// asks its owner for the content as it is then (<see cref="ContentRequested"/> completes) and waits briefly for the
    /// answer, an <see cref="Update"/>: many changes between two slots cost one render, done by the owner on its own
    /// thread, never by the outbox. Non-blocking; ignored after completion.
    /// </summary>
    void MarkStale();

    /// <summary>
    /// Like <see cref="MarkStale"/>, for a change of the status line only (what the agent is doing), not of the answer's
    /// text. Streamed as a draft, such a change does not take the chat's last draft update when the answer's words may
    /// need it a moment later: it waits (at most one draft interval) until one more is spare, or goes with the next text.
    /// </summary>
    void MarkStatusStale() => MarkStale();

    /// <summary>
    /// Completes when a send slot opened for a stale message and the outbox asks for its content; it stays completed
    /// until the owner answers with <see cref="Update"/> (so a request is never missed), and a new task is there then.
    /// </summary>
    Task ContentRequested { get; }

    /// <summary>
    /// Delivers <paramref name="finalPages"/>, retrying through rate limits, server and network errors, and completes once
    /// Telegram has them. Pages beyond the final count are deleted. Faults on a permanent Bot API error; cancelled by
    /// <paramref name="cancellationToken"/> (the outbox then stops trying).
    /// </summary>
    Task CompleteAsync(IReadOnlyList<OutgoingContent> finalPages, CancellationToken cancellationToken = default);
}
