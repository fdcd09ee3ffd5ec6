namespace Orchestrator.Bot.Telegram.Outbox;

/// <summary>One entry of a chat's queue: a one-off send or a live message with a pending change.</summary>
internal interface IChatWork
{
    /// <summary>Nothing more to do (delivered, failed, cancelled): the sender drops it.</summary>
    bool IsFinished { get; }

    /// <summary>The caller's token for this work.</summary>
    CancellationToken Token { get; }

    /// <summary>Consecutive transient failures, for the backoff.</summary>
    int Attempts { get; }

    /// <summary>
    /// After a step: the user's view is half-updated and the next step completes it (an earlier page was finalized, the
    /// next page is not sent yet). The sender then keeps the chat's place in the bot-wide queue for that step.
    /// </summary>
    bool HasFollowUp { get; }

    /// <summary>Goes before the chat's other queued (non-urgent) work: an approval prompt.</summary>
    bool IsUrgent { get; }

    /// <summary>
    /// The next step may use the chat's burst instead of waiting a whole interval after the previous call: urgent work and
    /// a final answer, which the user waits for. The burst still bounds the chat's calls.
    /// </summary>
    bool MayBurst { get; }

    /// <summary>Makes one Bot API step (one call, or two for a plain-text fallback). Returns true if more work remains.</summary>
    Task<bool> RunStepAsync(ChatSender sender, CancellationToken cancellationToken);

    /// <summary>The chat got a 429. Returns true to retry the step after the ban.</summary>
    bool OnRateLimited(TimeSpan retryAfter, Exception exception);

    /// <summary>A 5xx or transport failure. Returns true to retry the step after a backoff.</summary>
    bool OnTransientFailure(Exception exception);

    /// <summary>A failure retrying will not fix. Returns true if more work remains anyway.</summary>
    bool OnPermanentFailure(Exception exception);

    /// <summary><see cref="Token"/> was cancelled.</summary>
    void OnCancelled();

    /// <summary>The outbox stopped before the work was done.</summary>
    void Abort();
}
