using Microsoft.Extensions.Logging;

using Orchestrator.Telegram;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Requests;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace Orchestrator.Bot.Telegram.Outbox;

/// <summary>How an edit ended.</summary>
internal enum EditOutcome
{
    Edited,
    NotModified,
    NotFound,
}

/// <summary>The Bot API calls of a chat's sender: every one waits for the chat's budget and the global one.</summary>
internal sealed partial class ChatSender
{
    private const int MaxRememberedBadHtml = 64;
    private readonly HashSet<string> _badHtml = new(StringComparer.Ordinal);

    private ITelegramBotClient Client => _outbox.Client;

    /// <summary>
    /// Telegram refused the HTML itself: it cannot parse it, or nothing visible is left after parsing (an empty code
    /// block). The plain text goes instead (an ellipsis if that is blank too), so the message is never lost.
    /// </summary>
    private static bool IsRejectedHtml(ApiRequestException exception) => exception.IsCantParseEntities || exception.IsMessageTextEmpty;

    /// <summary>Sends a page as a new message (HTML, or plain text if Telegram refuses the HTML); returns its id.</summary>
    public async Task<int> SendPageAsync(ChatTarget target, OutgoingContent content, int? replyToMessageId, CancellationToken cancellationToken)
    {
        if (!IsKnownBadHtml(content.Html))
        {
            try
            {
                var sent = await CallAsync(ct => Client.SendRequest(NewSend(target, content.Html, ParseMode.Html, content, replyToMessageId), ct), cancellationToken);
                _outbox.OnMessageSent(target.ChatId);
                return sent.Id;
            }
            catch (ApiRequestException ex) when (IsRejectedHtml(ex))
            {
                RememberBadHtml(content.Html, ex);
            }
        }

        var plain = await CallAsync(ct => Client.SendRequest(NewSend(target, content.PlainText, ParseMode.None, content, replyToMessageId), ct), cancellationToken);
        _outbox.OnMessageSent(target.ChatId);
        return plain.Id;
    }

    /// <summary>Edits a page in place; "not modified" and "not found" are outcomes, not errors.</summary>
    public async Task<EditOutcome> EditPageAsync(ChatTarget target, int messageId, OutgoingContent content, CancellationToken cancellationToken)
    {
        if (!IsKnownBadHtml(content.Html))
        {
            try
            {
                await CallAsync(ct => Client.SendRequest(NewEdit(target, messageId, content.Html, ParseMode.Html, content), ct), cancellationToken);
                return EditOutcome.Edited;
            }
            catch (ApiRequestException ex) when (IsRejectedHtml(ex))
            {
                RememberBadHtml(content.Html, ex);
            }
            catch (ApiRequestException ex) when (Outcome(ex) is { } outcome)
            {
                return outcome;
            }
        }

        try
        {
            await CallAsync(ct => Client.SendRequest(NewEdit(target, messageId, content.PlainText, ParseMode.None, content), ct), cancellationToken);
            return EditOutcome.Edited;
        }
        catch (ApiRequestException ex) when (Outcome(ex) is { } outcome)
        {
            return outcome;
        }
    }

    /// <summary>Deletes a message; failures other than rate limits are logged and ignored.</summary>
    public async Task DeleteAsync(ChatTarget target, int messageId, CancellationToken cancellationToken)
    {
        try
        {
            await CallAsync(ct => Client.SendRequest(new DeleteMessageRequest { ChatId = target.ChatId, MessageId = messageId }, ct), cancellationToken);
        }
        catch (ApiRequestException ex) when (ex.ErrorCode is >= 400 and < 500 and not 429)
        {
            _outbox.Logger.LogWarning("Could not delete message {MessageId} in chat {ChatId}: {Error}", messageId, target.ChatId, ex.Message);
        }
    }

    /// <summary>
    /// Waits for the chat's pacing, ban and backoff, then the global budget (unless the loop already holds a permit for
    /// this step), and makes the call. The chat's next call is allowed one interval after this one started: Telegram
    /// allows short bursts, so a slow answer does not make two calls arrive closer than it tolerates.
    /// </summary>
    private async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        await WaitForBudgetAsync(cancellationToken);
        using var permit = TakeReservedPermit() ?? await _outbox.Global.WaitAsync(cancellationToken);
        StampCall();
        return await call(cancellationToken);
    }

    /// <summary>The permit the loop took for this step, once: later calls of the same step wait for their own.</summary>
    private GlobalRateLimiter.Permit? TakeReservedPermit() => Interlocked.Exchange(ref _reserved, null);

    private void ReturnReservedPermit() => Interlocked.Exchange(ref _reserved, null)?.Return();

    private void StampCall()
    {
        lock (_gate)
        {
            var now = _outbox.Time.GetUtcNow();
            var interval = Interval;
            _nextAllowed = now + interval;
            _theoretical = (_theoretical > now ? _theoretical : now) + interval;
            _burst = false; // a step's second call (plain-text fallback) waits like any other
        }
    }

    private async Task WaitForBudgetAsync(CancellationToken cancellationToken, bool fromLoop = false)
    {
        while (true)
        {
            TimeSpan delay;
            Task wake;
            lock (_gate)
            {
                if (fromLoop && !_burst && HeadMayBurstLocked())
                {
                    _burst = true; // a final answer or urgent work arrived while waiting
                }

                if (_budgetWake.Task.IsCompleted)
                {
                    _budgetWake = NewSignal();
                }

                wake = _budgetWake.Task;

                // Over any stretch of time the chat makes at most one call per interval plus its burst; ordinary calls
                // are also kept an interval apart, so only a page split's next page uses the burst.
                var ready = _theoretical - ((Burst - 1) * Interval);
                if (!_burst && _nextAllowed > ready)
                {
                    ready = _nextAllowed;
                }

                if (_bannedUntil > ready)
                {
                    ready = _bannedUntil;
                }

                if (_backoffUntil > ready)
                {
                    ready = _backoffUntil;
                }

                delay = ready - _outbox.Time.GetUtcNow();
            }

            if (delay <= TimeSpan.Zero)
            {
                return;
            }

            if (!fromLoop)
            {
                await Task.Delay(delay, _outbox.Time, cancellationToken);
                continue;
            }

            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var elapsed = Task.Delay(delay, _outbox.Time, waiting.Token);
            await Task.WhenAny(elapsed, wake);
            await waiting.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>
    /// Edit failures that are outcomes. A message left in a group that became a supergroup cannot be edited any more:
    /// like a deleted one, its page is sent anew (to the supergroup).
    /// </summary>
    private static EditOutcome? Outcome(ApiRequestException exception) =>
        exception.IsMessageNotModified ? EditOutcome.NotModified
        : exception.IsMessageToEditNotFound || exception.Parameters?.MigrateToChatId is not null ? EditOutcome.NotFound
        : null;

    private bool IsKnownBadHtml(string html)
    {
        lock (_badHtml)
        {
            return _badHtml.Contains(html);
        }
    }

    private void RememberBadHtml(string html, ApiRequestException exception)
    {
        lock (_badHtml)
        {
            if (_badHtml.Count >= MaxRememberedBadHtml)
            {
                _badHtml.Clear();
            }

            _badHtml.Add(html);
        }

        _outbox.Logger.LogWarning(
            "Telegram refused the HTML of a message for chat {ChatId} ({Error}); sending it as plain text",
            ChatId, exception.Message);
    }

    private static SendMessageRequest NewSend(ChatTarget target, string text, ParseMode parseMode, OutgoingContent content, int? replyToMessageId) => new()
    {
        ChatId = target.ChatId,
        MessageThreadId = target.MessageThreadId,
        Text = NonEmpty(text),
        ParseMode = parseMode,
        LinkPreviewOptions = new LinkPreviewOptions { IsDisabled = true },
        ReplyParameters = replyToMessageId is int reply ? new ReplyParameters { MessageId = reply, AllowSendingWithoutReply = true } : null,
        ReplyMarkup = content.Markup,
    };

    private static EditMessageTextRequest NewEdit(ChatTarget target, int messageId, string text, ParseMode parseMode, OutgoingContent content) => new()
    {
        ChatId = target.ChatId,
        MessageId = messageId,
        Text = NonEmpty(text),
        ParseMode = parseMode,
        LinkPreviewOptions = new LinkPreviewOptions { IsDisabled = true },
        ReplyMarkup = content.Markup,
    };

    /// <summary>Telegram rejects empty text; an empty page shows an ellipsis instead.</summary>
    private static string NonEmpty(string text) => string.IsNullOrWhiteSpace(text) ? "…" : text;
}
