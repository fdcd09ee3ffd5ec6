using Microsoft.Extensions.Logging;

namespace Orchestrator.Bot.Telegram.Outbox;

/// <summary>
/// The single sender of one chat: serves the chat's queue in order of arrival, one Bot API call at a time, inside the
/// chat's pacing, its 429 ban and the global budget. Created on demand; retires itself when idle and outside any ban.
/// </summary>
internal sealed partial class ChatSender
{
    private readonly TelegramOutbox _outbox;
    private readonly object _gate = new();
    private readonly LinkedList<IChatWork> _queue = new();
    private TaskCompletionSource _signal = NewSignal();
    private TaskCompletionSource _budgetWake = NewSignal(); // set when work that may burst arrives during a pacing wait
    private TaskCompletionSource? _drained;
    private bool _busy;
    private bool _retired;
    private Task? _loop;
    private ChatKind _kind;
    private DateTimeOffset _nextAllowed; // a call's start plus the interval: the pace of ordinary calls
    private DateTimeOffset _theoretical; // GCRA: when the chat's calls so far would have ended at one per interval
    private DateTimeOffset _bannedUntil;
    private DateTimeOffset _backoffUntil;
    private GlobalRateLimiter.Permit? _reserved;
    private bool _followUp;
    private bool _burst; // the step being made may use the chat's burst allowance (a page split's next page)

    public ChatSender(TelegramOutbox outbox, long chatId, ChatKind kind)
    {
        _outbox = outbox;
        ChatId = chatId;
        _kind = kind;
        _theoretical = outbox.Time.GetUtcNow();
    }

    public long ChatId { get; }

    public Task Completion => _loop ?? Task.CompletedTask;

    private TimeSpan Interval
    {
        get
        {
            var options = _outbox.Options;
            if (_kind == ChatKind.Private)
            {
                return options.PrivateChatInterval;
            }

            var groupPacing = options.GroupWindow / options.GroupMessagesPerMinute;
            return groupPacing > options.PrivateChatInterval ? groupPacing : options.PrivateChatInterval;
        }
    }

    /// <summary>Calls allowed back to back: <see cref="OutboxOptions.PrivateChatBurst"/> in private chats, none in groups.</summary>
    private int Burst => _kind == ChatKind.Private ? _outbox.Options.PrivateChatBurst : 1;

    /// <summary>Appends work; false if this sender has retired (the caller makes a new one).</summary>
    public bool TryEnqueue(IChatWork work, ChatKind kind)
    {
        lock (_gate)
        {
            if (_retired)
            {
                return false;
            }

            if (kind == ChatKind.Group)
            {
                _kind = ChatKind.Group; // the stricter budget wins
            }

            if (work.IsUrgent)
            {
                // After other urgent work (first come, first served), before everything else.
                var node = _queue.First;
                while (node is not null && node.Value.IsUrgent)
                {
                    node = node.Next;
                }

                if (node is null)
                {
                    _queue.AddLast(work);
                }
                else
                {
                    _queue.AddBefore(node, work);
                }
            }
            else
            {
                _queue.AddLast(work);
            }

            _signal.TrySetResult();
            if (work.MayBurst)
            {
                _budgetWake.TrySetResult();
            }

            _loop ??= Task.Run(RunAsync);
            return true;
        }
    }

    /// <summary>
    /// Queued work may now burst (a live message got its final state): a pacing wait in progress is looked at again, so
    /// the final answer goes out as soon as the chat's burst allows, not an interval after the last edit.
    /// </summary>
    public void Poke()
    {
        lock (_gate)
        {
            _budgetWake.TrySetResult();
        }
    }

    /// <summary>Starts the loop if it is not running, so a sender made only to hold a ban retires once idle.</summary>
    public void EnsureRunning()
    {
        lock (_gate)
        {
            if (!_retired)
            {
                _loop ??= Task.Run(RunAsync);
            }
        }
    }

    /// <summary>True while a 429 ban of this chat lasts.</summary>
    public bool IsBanned(DateTimeOffset now)
    {
        lock (_gate)
        {
            return now < _bannedUntil;
        }
    }

    /// <summary>Records a 429: nothing is sent to this chat before the ban ends.</summary>
    public void Ban(TimeSpan retryAfter)
    {
        var until = _outbox.Time.GetUtcNow() + retryAfter;
        lock (_gate)
        {
            if (until > _bannedUntil)
            {
                _bannedUntil = until;
            }
        }

        _outbox.Logger.LogWarning(
            "Telegram rate limit (429) for chat {ChatId}: waiting {RetryAfterSeconds} s before calling it again",
            ChatId, retryAfter.TotalSeconds);
    }

    /// <summary>Completes when the queue is empty and no step is running.</summary>
    public Task WhenDrainedAsync()
    {
        lock (_gate)
        {
            DropFinishedLocked();
            if (_queue.Count == 0 && !_busy)
            {
                return Task.CompletedTask;
            }

            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _drained.Task;
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void DropFinishedLocked()
    {
        for (var node = _queue.First; node is not null;)
        {
            var next = node.Next;
            if (node.Value.IsFinished)
            {
                _queue.Remove(node);
            }

            node = next;
        }
    }

    private void SetDrainedLocked()
    {
        if (_queue.Count == 0 && !_busy && _drained is not null)
        {
            _drained.TrySetResult();
            _drained = null;
        }
    }

    private void AbortAll()
    {
        List<IChatWork> pending;
        lock (_gate)
        {
            _retired = true;
            pending = [.. _queue];
            _queue.Clear();
            _busy = false;
            SetDrainedLocked();
        }

        foreach (var work in pending)
        {
            work.Abort();
        }

        _outbox.OnSenderRetired(this);
    }
}
