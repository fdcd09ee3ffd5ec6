using Microsoft.Extensions.Logging;

namespace Orchestrator.Bot.Telegram.Outbox;

/// <summary>Step planning of a live message: what Telegram has versus the desired pages.</summary>
internal sealed partial class LiveMessage
{
    /// <summary>The next call toward the desired state: earlier pages first; trailing pages are deleted only at the end.</summary>
    private LiveStep? NextStepLocked()
    {
        if (IsFinished || _version == _blockedVersion)
        {
            return null;
        }

        // While a draft shows the page being written, only the pages before it are real messages.
        var pages = _drafting && !_final ? _desired.Count - 1 : _desired.Count;
        for (var i = 0; i < pages; i++)
        {
            if (i >= _pages.Count || _pages[i].MessageId == 0)
            {
                return new LiveStep(LiveStepKind.Send, i, 0, _desired[i]);
            }

            if (!_desired[i].Equals(_pages[i].Content))
            {
                return new LiveStep(LiveStepKind.Edit, i, _pages[i].MessageId, _desired[i]);
            }
        }

        if (_final && _pages.Count > _desired.Count)
        {
            var last = _pages.Count - 1;
            return _pages[last].MessageId == 0
                ? new LiveStep(LiveStepKind.Forget, last, 0, null)
                : new LiveStep(LiveStepKind.Delete, last, _pages[last].MessageId, null);
        }

        return null;
    }

    /// <summary>Decides whether more work remains; completes the message when the final state is delivered.</summary>
    private bool AfterStep()
    {
        lock (_gate)
        {
            while (NextStepLocked() is { Kind: LiveStepKind.Forget } forget)
            {
                _pages.RemoveAt(forget.Page);
            }

            var next = NextStepLocked();
            HasFollowUp = next is { Kind: LiveStepKind.Send, Page: > 0 };
            if ((_stale && !(_drafting && !_final)) || next is not null)
            {
                return true;
            }

            _queued = false;
            if (_final && _version != _blockedVersion)
            {
                _completed.TrySetResult();
            }

            return false;
        }
    }

    private void OnSent(int page, int messageId, OutgoingContent content)
    {
        lock (_gate)
        {
            var delivered = new DeliveredPage(messageId, content);
            if (page < _pages.Count)
            {
                _pages[page] = delivered;
            }
            else
            {
                _pages.Add(delivered);
            }

            if (page == 0)
            {
                _firstId.TrySetResult(messageId);
            }
        }
    }

    private void OnEdited(LiveStep step, EditOutcome outcome)
    {
        lock (_gate)
        {
            if (outcome == EditOutcome.NotFound)
            {
                _pages[step.Page] = new DeliveredPage(0, null); // gone (deleted by the user?): send it anew
            }
            else
            {
                _pages[step.Page] = new DeliveredPage(step.MessageId, step.Content);
            }
        }

        if (outcome == EditOutcome.NotFound)
        {
            _outbox.Logger.LogInformation(
                "Message {MessageId} in chat {ChatId} is gone; sending page {Page} as a new message", step.MessageId, _target.ChatId, step.Page);
        }
    }

    private void OnDeleted(int page)
    {
        lock (_gate)
        {
            _pages.RemoveAt(page);
        }
    }

    private readonly record struct DeliveredPage(int MessageId, OutgoingContent? Content);

    private enum LiveStepKind
    {
        Send,
        Edit,
        Delete,
        Forget,
    }

    private readonly record struct LiveStep(LiveStepKind Kind, int Page, int MessageId, OutgoingContent? Content);
}
