namespace Orchestrator.Bot.Telegram.Outbox;

/// <summary>
/// The chat's draft budget as a live message spends it. A change of the status line alone (a turn's "Working…" at its
/// start, "✍️ Writing…" when the agent's message begins) does not take the chat's last draft update: the answer's first
/// words usually follow within milliseconds, and with the budget spent they would wait a whole draft interval for the
/// pace. The status draft waits until one more update is spare (at most one interval), and goes at once with the text
/// when the text comes first. With the chat's budget whole, as when a user writes after reading the previous answer,
/// the turn's first draft still goes out at once.
/// </summary>
internal sealed partial class LiveMessage
{
    private bool _textChanged; // the answer's text changed since the owner last rendered it
    private bool _statusChanged; // the status line changed since then (MarkStatusStale)
    private TaskCompletionSource _textWake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _sparedOnce = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes the first time a status draft waits for a spare draft update (for tests: the wait is invisible).</summary>
    internal Task WaitedForSpareDraft => _sparedOnce.Task;

    /// <summary>A change was noted (<see cref="MarkStale(bool)"/>): whether the answer's text is part of it.</summary>
    private void NoteChangeLocked(bool text)
    {
        if (text)
        {
            _textChanged = true;
            _textWake.TrySetResult(); // a status draft waiting for a spare update goes now, with the text
        }
        else
        {
            _statusChanged = true;
        }
    }

    /// <summary>
    /// The owner is asked for the content now: what it hands over shows every change noted so far. Cleared here, not
    /// when the draft goes out: a change noted between the render and the call is not in that draft, so it still counts.
    /// </summary>
    private void ChangesRenderedLocked()
    {
        _textChanged = false;
        _statusChanged = false;
        if (_textWake.Task.IsCompleted)
        {
            _textWake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>
    /// Waits for the chat's draft budget (<see cref="TelegramOutbox.DraftReadyAt"/>, shared by its answers) and a 429's
    /// ban. <paramref name="forStatus"/>: when the pending change is the status line alone, also for a spare update
    /// beyond the one the text may need, unless the text changes meanwhile.
    /// </summary>
    private async Task WaitForDraftBudgetAsync(CancellationToken token, bool forStatus = false)
    {
        while (true)
        {
            Task textChanged;
            bool statusOnly;
            lock (_gate)
            {
                statusOnly = forStatus && _statusChanged && !_textChanged && _outbox.Options.DraftBurst > 1;
                textChanged = _textWake.Task;
            }

            var ready = _outbox.DraftReadyAt(_target.ChatId, spare: statusOnly ? 1 : 0);
            var banned = _outbox.DraftBannedUntil(_target.ChatId);
            if (banned > ready)
            {
                ready = banned;
            }

            var delay = ready - _outbox.Time.GetUtcNow();
            if (delay <= TimeSpan.Zero)
            {
                return;
            }

            if (!statusOnly)
            {
                await Task.Delay(delay, _outbox.Time, token);
                continue;
            }

            _sparedOnce.TrySetResult();
            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(token);
            await Task.WhenAny(textChanged, Task.Delay(delay, _outbox.Time, waiting.Token));
            await waiting.CancelAsync();
            token.ThrowIfCancellationRequested();
        }
    }
}
