namespace Orchestrator.Bot.Telegram.Outbox;

/// <summary>
/// Content on request: the owner of a live message (a turn) marks it stale on every change; when the chat's send slot
/// (or the draft's) opens, the message asks for the content as it is then and sends the answer. The request is a
/// message (a task the owner awaits in its own loop), never a call into the owner's code: no owner code and no owner
/// lock ever run on the outbox's thread, and the data path reads in one direction (owner → outbox → Telegram).
/// </summary>
internal sealed partial class LiveMessage
{
    /// <summary>
    /// How long an open slot waits for the owner's answer before it sends the newest state it has: the owner answers in
    /// its own loop at once unless it is busy (e.g. sending an approval prompt's document); then the slot is not held up.
    /// </summary>
    internal static readonly TimeSpan ContentWait = TimeSpan.FromMilliseconds(50);

    private TaskCompletionSource _contentRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource? _contentAnswered;

    public Task ContentRequested
    {
        get
        {
            lock (_gate)
            {
                return _contentRequested.Task;
            }
        }
    }

    public void MarkStale() => MarkStale(text: true);

    public void MarkStatusStale() => MarkStale(text: false);

    private void MarkStale(bool text)
    {
        lock (_gate)
        {
            if (_final || IsFinished)
            {
                return;
            }

            NoteChangeLocked(text);
            _stale = true;
            _version++;
            if (_drafting)
            {
                WakeDraftsLocked();
                return;
            }

            if (!MarkQueuedLocked())
            {
                return;
            }
        }

        _outbox.Enqueue(_target, this);
    }

    /// <summary>A slot opened: if the content changed since the last answer, asks the owner for it and waits briefly.</summary>
    private async Task RefreshIfStaleAsync()
    {
        Task answered;
        lock (_gate)
        {
            if (!_stale)
            {
                return;
            }

            _stale = false; // also once final: the final pages are what goes out, and nothing is left to do for the change
            ChangesRenderedLocked();
            if (_final || IsFinished)
            {
                return;
            }

            _contentAnswered ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            answered = _contentAnswered.Task;

            // The request stays raised until the owner answers (Update), so an owner that looks a moment later still
            // sees it. Continuations run asynchronously: the owner renders on its own thread.
            _contentRequested.TrySetResult();
        }

        try
        {
            await answered.WaitAsync(ContentWait, _outbox.Time);
        }
        catch (TimeoutException)
        {
            // The owner is busy: the newest state it handed over goes out; the next slot asks again if it changes.
        }
    }

    /// <summary>New content arrived (<see cref="Update"/>): a slot waiting for it goes on; the next request is a new one.</summary>
    private void AnsweredLocked()
    {
        _contentAnswered?.TrySetResult();
        _contentAnswered = null;
        if (_contentRequested.Task.IsCompleted)
        {
            _contentRequested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }
}
