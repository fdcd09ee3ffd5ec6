using System.Collections.Concurrent;

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using Orchestrator.Telegram;
using Telegram.Bot;
using Telegram.Bot.Requests;
using Telegram.Bot.Types.Enums;

namespace Orchestrator.Bot.Telegram.Outbox;

/// <summary>
/// The outbox: a <see cref="ChatSender"/> per chat (created on demand, retired when idle) sharing one global budget.
/// A slow or banned chat never holds up another. Stopping flushes pending work within the given time.
/// </summary>
public sealed partial class TelegramOutbox : ITelegramOutbox, IHostedService, IAsyncDisposable
{
    private readonly ConcurrentDictionary<long, ChatSender> _senders = new();
    private readonly ConcurrentDictionary<LiveMessage, byte> _live = new();
    private readonly ConcurrentDictionary<long, LiveMessage> _drafting = new(); // the live message streaming a draft, per chat
    private readonly ConcurrentDictionary<long, byte> _noDrafts = new(); // chats whose draft failed: edits from now on
    private readonly ConcurrentDictionary<long, DateTimeOffset> _draftBans = new(); // a 429 on a draft: until when
    private readonly ConcurrentDictionary<long, DateTimeOffset> _draftPace = new(); // a chat's next draft, paced (GCRA)
    private volatile bool _draftsUnknown; // the Bot API server does not know sendMessageDraft (404)
    private long _nextDraftId;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _stopRequested;

    public TelegramOutbox(ITelegramBotClient client, IOptions<OutboxOptions> options, ILogger<TelegramOutbox> logger, TimeProvider timeProvider)
    {
        Client = client;
        Options = options.Value;
        Logger = logger;
        Time = timeProvider;
        Global = new GlobalRateLimiter(
            Options.GlobalMessagesPerSecond, Options.GlobalWindow, timeProvider, reservedForAhead: Options.GlobalMessagesPerSecond / PermitsPerReservedForNextPages);
    }

    /// <summary>
    /// One permit in this many of the bot-wide budget (one at Telegram's 30/s) is kept for the next page of a split
    /// answer, so under a full budget that page goes out right after the previous page's last edit.
    /// </summary>
    internal const int PermitsPerReservedForNextPages = 30;

    internal ITelegramBotClient Client { get; }

    internal OutboxOptions Options { get; }

    internal ILogger Logger { get; }

    internal TimeProvider Time { get; }

    internal GlobalRateLimiter Global { get; }

    internal CancellationToken StoppingToken => _stopping.Token;

    public async Task<int> SendAsync(ChatTarget target, OutgoingContent content, int? replyToMessageId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(content);
        var work = new OneOffSend(target, content, replyToMessageId, Options, cancellationToken);
        Enqueue(target, work);
        return await work.Sent.WaitAsync(cancellationToken);
    }

    public async Task<int> SendDocumentAsync(ChatTarget target, OutgoingDocument document, int? replyToMessageId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(document);
        var work = new OneOffSend(target, document, replyToMessageId, Options, cancellationToken);
        Enqueue(target, work);
        return await work.Sent.WaitAsync(cancellationToken);
    }

    public ILiveMessage CreateLive(ChatTarget target, int? replyToMessageId = null) => CreateLive(target, replyToMessageId, LiveOptions.Default);

    public ILiveMessage CreateLive(ChatTarget target, int? replyToMessageId, LiveOptions options)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        var live = new LiveMessage(this, target, replyToMessageId, options with { Drafts = options.Drafts && DraftsAllowed(target) });
        if (_stopping.IsCancellationRequested)
        {
            live.Abort();
            return live;
        }

        _live.TryAdd(live, 0);
        live.Completion.ContinueWith(_ => _live.TryRemove(live, out var _), TaskScheduler.Default);
        return live;
    }

    public async Task SendTypingAsync(ChatTarget target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var sender = _senders.TryGetValue(target.ChatId, out var existing) ? existing : null;
        if (sender?.IsBanned(Time.GetUtcNow()) == true || _stopping.IsCancellationRequested)
        {
            return; // calling a banned chat would prolong its ban
        }

        // Best effort: under load the indicator is skipped rather than delaying a turn or taking the budget of messages.
        using var permit = Global.TryTake(keepFree: Options.GlobalMessagesPerSecond / 3);
        if (permit is null)
        {
            return;
        }

        try
        {
            await Client.SendRequest(
                new SendChatActionRequest { ChatId = target.ChatId, MessageThreadId = target.MessageThreadId, Action = ChatAction.Typing },
                cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (TelegramFailures.IsTooManyRequests(ex))
        {
            var retryAfter = TelegramFailures.RetryAfter((global::Telegram.Bot.Exceptions.ApiRequestException)ex, Options);
            sender ??= _senders.GetOrAdd(target.ChatId, id => new ChatSender(this, id, target.Kind));
            sender.Ban(retryAfter);
            sender.EnsureRunning();
        }
        catch (Exception ex)
        {
            Logger.LogWarning("sendChatAction typing to chat {ChatId} failed: {Error}", target.ChatId, ex.Message);
        }
    }

    public async Task AnswerCallbackAsync(string callbackQueryId, string? text = null, bool showAlert = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(callbackQueryId);
        try
        {
            using var permit = await Global.WaitAsync(cancellationToken);
            await Client.SendRequest(
                new AnswerCallbackQueryRequest { CallbackQueryId = callbackQueryId, Text = text, ShowAlert = showAlert },
                cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            Logger.LogWarning("answerCallbackQuery {CallbackQueryId} failed: {Error}", callbackQueryId, ex.Message);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Flushes pending work (final states included) until <paramref name="cancellationToken"/> fires, then stops.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopRequested, 1) == 1)
        {
            await _stopped.Task.WaitAsync(cancellationToken);
            return;
        }

        try
        {
            try
            {
                while (_senders.Values.ToArray() is { Length: > 0 } senders)
                {
                    var drained = senders.Select(s => s.WhenDrainedAsync()).ToArray();
                    if (drained.All(t => t.IsCompleted))
                    {
                        break;
                    }

                    await Task.WhenAll(drained).WaitAsync(cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                Logger.LogWarning("The outbox stopped with undelivered messages in {ChatCount} chat(s)", _senders.Count);
            }

            await _stopping.CancelAsync();
            await Task.WhenAll(_senders.Values.Select(s => s.Completion));
            foreach (var live in _live.Keys)
            {
                live.Abort(); // live messages that had nothing pending: their waiters must not hang
            }
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(Options.ShutdownTimeout, Time);
        await StopAsync(timeout.Token);
    }

    internal void Enqueue(ChatTarget target, IChatWork work)
    {
        while (true)
        {
            if (_stopping.IsCancellationRequested)
            {
                work.Abort();
                return;
            }

            var sender = _senders.GetOrAdd(target.ChatId, id => new ChatSender(this, id, target.Kind));
            if (sender.TryEnqueue(work, target.Kind))
            {
                return;
            }

            _senders.TryRemove(KeyValuePair.Create(target.ChatId, sender));
        }
    }

    /// <summary>Native drafts: private chats only, when configured, and not in a chat (or on a server) where they failed.</summary>
    internal bool DraftsAllowed(ChatTarget target) =>
        Options.Drafts && target.Kind == ChatKind.Private && target.ChatId > 0 && !_draftsUnknown && !_noDrafts.ContainsKey(target.ChatId);

    /// <summary>
    /// A draft call failed in a way retrying cannot fix: this chat uses edited messages for the rest of the process (every
    /// chat when the server does not know the method).
    /// </summary>
    internal void DisableDrafts(long chatId, bool everywhere)
    {
        _noDrafts.TryAdd(chatId, 0);
        if (everywhere)
        {
            _draftsUnknown = true;
        }
    }

    internal long NextDraftId() => Interlocked.Increment(ref _nextDraftId);

    /// <summary>A message was sent to the chat: Telegram ended the chat's draft, so its stream shows it again.</summary>
    internal void OnMessageSent(long chatId)
    {
        if (_drafting.TryGetValue(chatId, out var live))
        {
            live.OnChatMessageSent();
        }
    }

    /// <summary>Queued work of the chat may now burst: its sender looks at its pacing wait again.</summary>
    internal void Poke(long chatId)
    {
        if (_senders.TryGetValue(chatId, out var sender))
        {
            sender.Poke();
        }
    }

    internal void OnSenderRetired(ChatSender sender) => _senders.TryRemove(KeyValuePair.Create(sender.ChatId, sender));
}
