using Microsoft.Extensions.Logging;

using Orchestrator.Telegram;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Requests;
using Telegram.Bot.Types.Enums;

namespace Orchestrator.Bot.Telegram.Outbox;

/// <summary>
/// Native drafts (sendMessageDraft) of a live message in a private chat: the page being written streams as a draft on
/// its own budget (<see cref="OutboxOptions.DraftInterval"/>, a 429 honoured), apart from the chat's message pacing;
/// finished pages and the final state go to the chat's sender as real messages. A draft error that retrying cannot fix
/// switches the chat to edited messages for the rest of the process.
/// </summary>
internal sealed partial class LiveMessage
{
    private static readonly TimeSpan DraftsEndWait = TimeSpan.FromSeconds(2);

    private readonly LiveOptions _options;
    private readonly long _draftId;
    private readonly CancellationTokenSource _draftsStop = new();
    private bool _drafting;
    private bool _draftStopped;
    private Task? _drafts;
    private TaskCompletionSource _draftWake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private OutgoingContent? _draftShown;
    private DateTimeOffset _draftShownAt;
    private long _chatMessages; // messages sent to the chat so far (each one ends the draft)
    private long _draftShownAfter; // _chatMessages when the shown draft went out

    /// <summary>Telegram ended the chat's draft by a message (a finished page, an approval prompt): show it again.</summary>
    internal void OnChatMessageSent()
    {
        lock (_gate)
        {
            _chatMessages++;
            if (_drafting && !_final)
            {
                _draftWake.TrySetResult();
            }
        }
    }

    public long DraftId => _draftId;

    public void OnDraftStopped()
    {
        lock (_gate)
        {
            _draftStopped = true;
            StopDraftsLocked();
        }
    }

    private void WakeDraftsLocked()
    {
        if (_draftStopped)
        {
            return; // Telegram ended the draft at the user's request: the text goes out as messages at the end
        }

        _draftWake.TrySetResult();
        _drafts ??= Task.Run(StreamDraftsAsync);
    }

    private void StopDraftsLocked()
    {
        if (_drafts is not null && !_draftsStop.IsCancellationRequested)
        {
            _draftsStop.Cancel();
        }
    }

    /// <summary>
    /// Before the final state goes out: the draft stream has ended, so no draft arrives after the answer (it would show a
    /// stale preview under it). A draft call that hangs is not waited for long.
    /// </summary>
    private async Task AwaitDraftsEndedAsync()
    {
        Task? drafts;
        lock (_gate)
        {
            if (!_final)
            {
                return;
            }

            StopDraftsLocked();
            drafts = _drafts;
        }

        if (drafts is not null)
        {
            await Task.WhenAny(drafts, Task.Delay(DraftsEndWait, _outbox.Time));
        }
    }

    private async Task StreamDraftsAsync()
    {
        _outbox.RegisterDrafting(this);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_outbox.StoppingToken, _draftsStop.Token);
        var token = linked.Token;
        try
        {
            while (true)
            {
                Task wake;
                DateTimeOffset refreshAt;
                lock (_gate)
                {
                    if (!_drafting || _final || IsFinished || _draftStopped)
                    {
                        return;
                    }

                    wake = _draftWake.Task;
                    refreshAt = _draftShown is null ? DateTimeOffset.MaxValue : _draftShownAt + _outbox.Options.DraftRefreshInterval;
                }

                await WaitForChangeAsync(wake, refreshAt, token);
                await WaitForDraftBudgetAsync(token, forStatus: true);
                lock (_gate)
                {
                    _draftWake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously); // later changes wake the next round
                }

                await ShowDraftAsync(refreshAt, token);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            _outbox.Logger.LogError(ex, "The draft stream of chat {ChatId} failed", _target.ChatId);
            FallBackToEdits();
        }
        finally
        {
            _outbox.UnregisterDrafting(this);
        }
    }

    private async Task WaitForChangeAsync(Task wake, DateTimeOffset refreshAt, CancellationToken token)
    {
        if (wake.IsCompleted)
        {
            return;
        }

        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(token);
        var untilRefresh = refreshAt == DateTimeOffset.MaxValue ? Timeout.InfiniteTimeSpan : refreshAt - _outbox.Time.GetUtcNow();
        if (untilRefresh != Timeout.InfiniteTimeSpan && untilRefresh <= TimeSpan.Zero)
        {
            return;
        }

        await Task.WhenAny(wake, Task.Delay(untilRefresh, _outbox.Time, waiting.Token));
        await waiting.CancelAsync();
        token.ThrowIfCancellationRequested();
    }

    private async Task ShowDraftAsync(DateTimeOffset refreshAt, CancellationToken token)
    {
        await RefreshIfStaleAsync();
        OutgoingContent content;
        long messages;
        bool enqueue;
        lock (_gate)
        {
            if (!_drafting || _final || _desired.Count == 0)
            {
                return;
            }

            content = _desired[^1];
            messages = _chatMessages;
            enqueue = NextStepLocked() is not null && MarkQueuedLocked(); // a page was finished: it becomes a message
            var due = !content.Equals(_draftShown) || _draftShownAfter != messages || _outbox.Time.GetUtcNow() >= refreshAt;
            if (!due)
            {
                content = null!;
            }
        }

        if (enqueue)
        {
            _outbox.Enqueue(_target, this);
        }

        if (content is null)
        {
            return;
        }

        // A share of the bot-wide budget, first come, first served with every chat's ordinary calls (pages and final
        // answers go ahead of them): under load each streaming chat still gets its turn, and a draft never takes the
        // place of a message that must go out. The text is read again once the permit is there, so it is current.
        using var permit = await _outbox.Global.WaitAsync(token);
        await RefreshIfStaleAsync();
        lock (_gate)
        {
            if (!_drafting || _final || _desired.Count == 0)
            {
                permit.Return(); // no call made: the next waiter gets it
                return;
            }

            content = _desired[^1];
            messages = _chatMessages;
        }

        try
        {
            await SendDraftAsync(content, token);
            lock (_gate)
            {
                _draftShown = content;
                _draftShownAt = _outbox.Time.GetUtcNow();
                _draftShownAfter = messages;
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (TelegramFailures.IsTooManyRequests(ex))
        {
            _outbox.BanDrafts(_target.ChatId, TelegramFailures.RetryAfter((ApiRequestException)ex, _outbox.Options));
            WakeDrafts(); // show the newest state once the ban ends
        }
        catch (Exception ex) when (TelegramFailures.IsTransient(ex))
        {
            _outbox.Logger.LogDebug(ex, "A draft for chat {ChatId} failed; trying again: {Error}", _target.ChatId, ex.Message);
            WakeDrafts();
        }
        catch (Exception ex)
        {
            _outbox.DisableDrafts(_target.ChatId, everywhere: ex is ApiRequestException { ErrorCode: 404 });
            _outbox.Logger.LogInformation(
                "Telegram refused a draft in chat {ChatId} ({Error}); streaming with an edited message there from now on", _target.ChatId, ex.Message);
            FallBackToEdits();
        }
    }

    private async Task SendDraftAsync(OutgoingContent content, CancellationToken token)
    {
        StampDraft();
        try
        {
            await _outbox.Client.SendRequest(NewDraft(content.Html, ParseMode.Html), token);
        }
        catch (ApiRequestException ex) when (ex.IsCantParseEntities)
        {
            await WaitForDraftBudgetAsync(token);
            StampDraft();
            await _outbox.Client.SendRequest(NewDraft(content.PlainText, ParseMode.None), token);
        }
    }

    private SendMessageDraftRequest NewDraft(string text, ParseMode parseMode) => new()
    {
        ChatId = _target.ChatId,
        MessageThreadId = _target.MessageThreadId,
        DraftId = _draftId,
        Text = text,
        ParseMode = parseMode,
        CanStop = _options.DraftStop,
        KeepOnStop = _options.DraftStop, // the partial answer stays on screen until the final message replaces it
    };

    private void StampDraft() => _outbox.DraftSent(_target.ChatId);

    private void WakeDrafts()
    {
        lock (_gate)
        {
            _draftWake.TrySetResult();
        }
    }

    /// <summary>From now on the page being written is a real message, edited as it grows (as in groups).</summary>
    private void FallBackToEdits()
    {
        bool enqueue;
        lock (_gate)
        {
            _drafting = false;
            _stale |= !_final; // the page being written becomes a message now: ask for its newest text
            enqueue = !IsFinished && MarkQueuedLocked();
        }

        if (enqueue)
        {
            _outbox.Enqueue(_target, this);
        }
    }
}
