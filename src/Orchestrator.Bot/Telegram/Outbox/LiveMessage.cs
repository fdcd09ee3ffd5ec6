using Microsoft.Extensions.Logging;

namespace Orchestrator.Bot.Telegram.Outbox;

/// <summary>
/// A streamed reply: holds the newest desired pages and what Telegram has, and makes one step at a time toward the
/// desired state when its chat's sender serves it. Queued at most once, however many updates arrive.
/// </summary>
internal sealed partial class LiveMessage : ILiveMessage, IChatWork
{
    private readonly TelegramOutbox _outbox;
    private readonly ChatTarget _target;
    private readonly int? _replyToMessageId;
    private readonly object _gate = new();
    private readonly List<DeliveredPage> _pages = [];
    private readonly TaskCompletionSource<int> _firstId = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IReadOnlyList<OutgoingContent> _desired = [];
    private long _version;
    private long _blockedVersion = -1;
    private bool _final;
    private bool _queued;
    private bool _stale;
    private CancellationToken _token;

    public LiveMessage(TelegramOutbox outbox, ChatTarget target, int? replyToMessageId, LiveOptions? options = null)
    {
        _outbox = outbox;
        _target = target;
        _replyToMessageId = replyToMessageId;
        _options = options ?? LiveOptions.Default;
        _drafting = _options.Drafts;
        _draftId = _drafting ? outbox.NextDraftId() : 0;
    }

    internal long ChatId => _target.ChatId;

    public IReadOnlyList<int> MessageIds
    {
        get
        {
            lock (_gate)
            {
                return _pages.Select(p => p.MessageId).ToArray();
            }
        }
    }

    public Task<int> FirstMessageIdAsync => _firstId.Task;

    /// <summary>Completes when the message is delivered, failed, cancelled or aborted.</summary>
    internal Task Completion => _completed.Task;

    public bool IsFinished => _completed.Task.IsCompleted;

    public CancellationToken Token
    {
        get
        {
            lock (_gate)
            {
                return _token;
            }
        }
    }

    public int Attempts { get; private set; }

    public bool HasFollowUp { get; private set; }

    public bool IsUrgent => _options.Urgent;

    public bool MayBurst
    {
        get
        {
            lock (_gate)
            {
                return _options.Urgent || _final;
            }
        }
    }

    public void Update(IReadOnlyList<OutgoingContent> pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        var snapshot = pages.ToArray();
        lock (_gate)
        {
            AnsweredLocked(); // whatever becomes of the pages, a content request is answered by them
            if (_final || IsFinished || snapshot.Length == 0)
            {
                return;
            }

            _desired = snapshot;
            _version++;
            if (_drafting)
            {
                WakeDraftsLocked(); // the draft stream shows it, and hands finished pages to the sender
                return;
            }

            if (!MarkQueuedLocked())
            {
                return;
            }
        }

        _outbox.Enqueue(_target, this);
    }

    public Task CompleteAsync(IReadOnlyList<OutgoingContent> finalPages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(finalPages);
        if (finalPages.Count == 0)
        {
            throw new ArgumentException("A live message needs at least one final page.", nameof(finalPages));
        }

        var snapshot = finalPages.ToArray();
        bool enqueue;
        lock (_gate)
        {
            if (IsFinished)
            {
                return _completed.Task;
            }

            _desired = snapshot;
            _final = true;
            _version++;
            _token = cancellationToken;
            enqueue = MarkQueuedLocked();
            StopDraftsLocked();
        }

        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(() => OnCancelled());
            _ = _completed.Task.ContinueWith(_ => registration.Dispose(), TaskScheduler.Default);
        }

        if (enqueue)
        {
            _outbox.Enqueue(_target, this);
        }
        else
        {
            _outbox.Poke(_target.ChatId); // already queued behind a pacing wait: the final state may use the burst
        }

        return _completed.Task;
    }

    public async Task<bool> RunStepAsync(ChatSender sender, CancellationToken cancellationToken)
    {
        HasFollowUp = false;
        await AwaitDraftsEndedAsync();
        await RefreshIfStaleAsync();
        LiveStep? step;
        lock (_gate)
        {
            step = NextStepLocked();
        }

        if (step is { } s)
        {
            switch (s.Kind)
            {
                case LiveStepKind.Send:
                    var id = await sender.SendPageAsync(_target, s.Content!, s.Page == 0 ? _replyToMessageId : null, cancellationToken);
                    OnSent(s.Page, id, s.Content!);
                    break;
                case LiveStepKind.Edit:
                    var outcome = await sender.EditPageAsync(_target, s.MessageId, s.Content!, cancellationToken);
                    OnEdited(s, outcome);
                    break;
                case LiveStepKind.Delete:
                    await sender.DeleteAsync(_target, s.MessageId, cancellationToken);
                    OnDeleted(s.Page);
                    break;
            }

            Attempts = 0;
        }

        return AfterStep();
    }

    public bool OnRateLimited(TimeSpan retryAfter, Exception exception) => true; // keep the state; deliver after the ban

    public bool OnTransientFailure(Exception exception)
    {
        Attempts++;
        return true;
    }

    public bool OnPermanentFailure(Exception exception)
    {
        lock (_gate)
        {
            if (_final)
            {
                _queued = false;
                _firstId.TrySetException(exception);
                _completed.TrySetException(exception);
                return false;
            }

            _blockedVersion = _version; // wait for a newer state: retrying this one cannot help
        }

        _outbox.Logger.LogWarning(
            "A live message in chat {ChatId} skips an intermediate state Telegram rejected: {Error}", _target.ChatId, exception.Message);
        return AfterStep();
    }

    public void OnCancelled()
    {
        lock (_gate)
        {
            StopDraftsLocked();
            _queued = false;
            _firstId.TrySetCanceled(_token);
            _completed.TrySetCanceled(_token);
        }
    }

    public void Abort()
    {
        lock (_gate)
        {
            StopDraftsLocked();
            _queued = false;
            _firstId.TrySetCanceled();
            _completed.TrySetCanceled();
        }
    }

    /// <summary>True when the caller must enqueue this message (it was not queued yet).</summary>
    private bool MarkQueuedLocked()
    {
        if (_queued)
        {
            return false;
        }

        _queued = true;
        return true;
    }
}
