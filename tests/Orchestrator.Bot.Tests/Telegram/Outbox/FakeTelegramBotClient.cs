using System.Net;
using System.Text.RegularExpressions;

using Orchestrator.Telegram;
using Orchestrator.Testing.Telegram;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Requests;
using Telegram.Bot.Requests.Abstractions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace Orchestrator.Bot.Tests.Telegram.Outbox;

/// <summary>
/// An in-memory Bot API that behaves like Telegram for the outbox: per-chat and global rate limits answered with 429 and
/// retry_after (calling a banned chat prolongs the ban), "message is not modified" (compared on the rendered text),
/// "can't parse entities" for HTML containing <see cref="BadHtmlMarker"/>, "message to edit not found", and scripted
/// failures. Records every call with its arrival time. Negative chat ids are groups.
/// </summary>
internal sealed partial class FakeTelegramBotClient : BotClientDouble
{
    public const string BadHtmlMarker = "<unclosed-tag>";

    private readonly object _gate = new();
    private readonly FakeTelegramLimits _limits;
    private readonly TimeProvider _time;
    private readonly List<FakeCall> _calls = [];
    private readonly Dictionary<long, ChatState> _chats = [];
    private readonly Queue<DateTimeOffset> _globalCalls = new();
    private readonly List<(Func<FakeCall, bool> Match, TaskCompletionSource<FakeCall> Seen)> _waiters = [];
    private int _nextMessageId = 100;

    public FakeTelegramBotClient(FakeTelegramLimits limits, TimeProvider? time = null)
        : base(botId: 42)
    {
        _limits = limits;
        _time = time ?? TimeProvider.System;
    }

    public IReadOnlyList<FakeCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    public IReadOnlyList<FakeCall> CallsTo(long chatId) => Calls.Where(c => c.ChatId == chatId).ToArray();

    /// <summary>The chat's current messages, oldest first.</summary>
    public IReadOnlyList<FakeMessage> Messages(long chatId)
    {
        lock (_gate)
        {
            return StateOf(chatId).Messages.Values.OrderBy(m => m.Id).ToArray();
        }
    }

    /// <summary>The next message call to <paramref name="chatId"/> gets a 429 and bans the chat for that long.</summary>
    public void ForceTooManyRequests(long chatId, int retryAfterSeconds) =>
        Script(chatId, (state, now) =>
        {
            state.BannedUntil = now + TimeSpan.FromSeconds(retryAfterSeconds);
            return (FakeOutcome.TooManyRequests, retryAfterSeconds);
        });

    /// <summary>The next message call to <paramref name="chatId"/> fails with a 502, a transport error or a 403.</summary>
    public void FailNext(long chatId, FakeOutcome failure)
    {
        if (failure is not (FakeOutcome.ServerError or FakeOutcome.NetworkError or FakeOutcome.Forbidden))
        {
            throw new ArgumentOutOfRangeException(nameof(failure));
        }

        Script(chatId, (_, _) => (failure, null));
    }

    /// <summary>The user deletes a message.</summary>
    public void DeleteByUser(long chatId, int messageId)
    {
        lock (_gate)
        {
            StateOf(chatId).Messages.Remove(messageId);
        }
    }

    /// <summary>Completes with the first recorded call (past or future) matching <paramref name="match"/>.</summary>
    public Task<FakeCall> WaitForCallAsync(Func<FakeCall, bool> match)
    {
        lock (_gate)
        {
            if (_calls.FirstOrDefault(match) is { } seen)
            {
                return Task.FromResult(seen);
            }

            var waiter = new TaskCompletionSource<FakeCall>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, waiter));
            return waiter.Task;
        }
    }

    public override Task<TResponse> SendRequest<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Task<TResponse> answer;
        try
        {
            lock (_gate)
            {
                answer = Task.FromResult((TResponse)Handle(request));
            }
        }
        catch (Exception ex)
        {
            answer = Task.FromException<TResponse>(ex);
        }

        return _limits.AnswerDelay > TimeSpan.Zero ? Delayed(answer, cancellationToken) : answer;
    }

    private async Task<T> Delayed<T>(Task<T> answer, CancellationToken cancellationToken)
    {
        await Task.Delay(_limits.AnswerDelay, _time, cancellationToken);
        return await answer;
    }

    public override Task DownloadFile(string filePath, Stream destination, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    private object Handle<TResponse>(IRequest<TResponse> request)
    {
        var now = _time.GetUtcNow();
        return request switch
        {
            SendMessageRequest send => MessageCall(now, "sendMessage", send.ChatId!.Identifier!.Value, null, send.Text!, send.ParseMode, send.ReplyMarkup as InlineKeyboardMarkup,
                state =>
                {
                    var id = ++_nextMessageId;
                    state.Messages[id] = new FakeMessage(id, send.ChatId.Identifier.Value, send.Text!, send.ParseMode, send.ReplyParameters?.MessageId, Keyboard(send.ReplyMarkup as InlineKeyboardMarkup));
                    return new Message { Id = id, Chat = new Chat { Id = send.ChatId.Identifier.Value }, Text = send.Text };
                }),
            EditMessageTextRequest edit => MessageCall(now, "editMessageText", edit.ChatId.Identifier!.Value, edit.MessageId, edit.Text!, edit.ParseMode, edit.ReplyMarkup,
                state =>
                {
                    var old = state.Messages[edit.MessageId];
                    state.Messages[edit.MessageId] = old with { Text = edit.Text!, ParseMode = edit.ParseMode, Keyboard = Keyboard(edit.ReplyMarkup) };
                    return new Message { Id = edit.MessageId, Chat = new Chat { Id = old.ChatId }, Text = edit.Text };
                }),
            DeleteMessageRequest delete => Other(now, "deleteMessage", delete.ChatId.Identifier, () =>
                StateOf(delete.ChatId.Identifier!.Value).Messages.Remove(delete.MessageId)
                    ? true
                    : throw new ApiRequestException("Bad Request: message to delete not found", 400)),
            SendChatActionRequest action => Other(now, "sendChatAction", action.ChatId.Identifier, () => true),
            AnswerCallbackQueryRequest => Other(now, "answerCallbackQuery", null, () => true),
            _ => throw new NotSupportedException(request.MethodName),
        };
    }

    private Message MessageCall(
        DateTimeOffset now, string method, long chatId, int? messageId, string text, ParseMode parseMode, InlineKeyboardMarkup? markup,
        Func<ChatState, Message> apply)
    {
        var state = StateOf(chatId);
        var (outcome, retryAfter) = Limit(state, chatId, now, countsForChat: true);
        if (outcome == FakeOutcome.Ok && messageId is int id && !state.Messages.ContainsKey(id))
        {
            outcome = FakeOutcome.MessageToEditNotFound;
        }

        if (outcome == FakeOutcome.Ok && parseMode == ParseMode.Html && text.Contains(BadHtmlMarker, StringComparison.Ordinal))
        {
            outcome = FakeOutcome.CantParseEntities;
        }

        if (outcome == FakeOutcome.Ok && string.IsNullOrWhiteSpace(Visible(text, parseMode)))
        {
            outcome = FakeOutcome.MessageTextEmpty; // Telegram counts the text after entity parsing
        }

        if (outcome == FakeOutcome.Ok && messageId is int edited && IsSame(state.Messages[edited], text, parseMode, markup))
        {
            outcome = FakeOutcome.NotModified;
        }

        Record(new FakeCall(now, method, chatId, messageId, text, parseMode, outcome, retryAfter));
        return outcome == FakeOutcome.Ok ? apply(state) : throw Failure(outcome, retryAfter);
    }

    private static string Visible(string text, ParseMode parseMode) =>
        parseMode == ParseMode.Html ? System.Net.WebUtility.HtmlDecode(Tags().Replace(text, "")) : text;

    [System.Text.RegularExpressions.GeneratedRegex("<[^>]*>")]
    private static partial System.Text.RegularExpressions.Regex Tags();

    private object Other(DateTimeOffset now, string method, long? chatId, Func<object> apply)
    {
        var (outcome, retryAfter) = Limit(chatId is long id ? StateOf(id) : null, chatId, now, countsForChat: false);
        Record(new FakeCall(now, method, chatId, null, null, ParseMode.None, outcome, retryAfter));
        return outcome == FakeOutcome.Ok ? apply() : throw Failure(outcome, retryAfter);
    }

    private void Record(FakeCall call)
    {
        _calls.Add(call);
        foreach (var waiter in _waiters.Where(w => w.Match(call)).ToArray())
        {
            _waiters.Remove(waiter);
            waiter.Seen.TrySetResult(call);
        }
    }

    private static Exception Failure(FakeOutcome outcome, int? retryAfter) => outcome switch
    {
        FakeOutcome.TooManyRequests => new ApiRequestException(
            $"Too Many Requests: retry after {retryAfter}", 429, new ResponseParameters { RetryAfter = retryAfter }),
        FakeOutcome.NotModified => new ApiRequestException(
            "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message", 400),
        FakeOutcome.CantParseEntities => new ApiRequestException("Bad Request: can't parse entities: Unsupported start tag \"unclosed-tag\" at byte offset 0", 400),
        FakeOutcome.MessageToEditNotFound => new ApiRequestException("Bad Request: message to edit not found", 400),
        FakeOutcome.MessageTextEmpty => new ApiRequestException("Bad Request: message text is empty", 400),
        FakeOutcome.Forbidden => new ApiRequestException("Forbidden: bot was blocked by the user", 403),
        FakeOutcome.ServerError => new ApiRequestException("Bad Gateway", 502),
        FakeOutcome.NetworkError => new RequestException("Connection reset by peer", new IOException("reset")),
        _ => new InvalidOperationException(outcome.ToString()),
    };

    /// <summary>Telegram compares the rendered text and entities, not the raw HTML.</summary>
    private static bool IsSame(FakeMessage message, string text, ParseMode parseMode, InlineKeyboardMarkup? markup) =>
        Render(message.Text, message.ParseMode) == Render(text, parseMode) && message.Keyboard == Keyboard(markup);

    private static (string Text, string Entities) Render(string text, ParseMode parseMode) =>
        parseMode == ParseMode.Html
            ? (WebUtility.HtmlDecode(Tag().Replace(text, "")), string.Join("", Tag().Matches(text).Select(m => m.Value)))
            : (text, "");

    private static string Keyboard(InlineKeyboardMarkup? markup) =>
        string.Join("\n", (markup?.InlineKeyboard ?? []).Select(row => string.Join("|", row.Select(b => $"{b.Text}:{b.CallbackData}:{b.Url}"))));

    private ChatState StateOf(long chatId)
    {
        if (!_chats.TryGetValue(chatId, out var state))
        {
            state = new ChatState { Tokens = _limits.PrivateBurst, RefilledAt = _time.GetUtcNow() };
            _chats[chatId] = state;
        }

        return state;
    }

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();
}
