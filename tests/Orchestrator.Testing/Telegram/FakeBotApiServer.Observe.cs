using System.Text;
using System.Text.Json.Nodes;

using Telegram.Bot.Types;

namespace Orchestrator.Testing.Telegram;

// What tests look at: the request log, messages per chat, chat actions, callback answers, commands, and event-driven waiting.
public sealed partial class FakeBotApiServer
{
    private readonly List<FakeRequest> requests = [];
    private readonly List<FakeChatAction> chatActions = [];
    private readonly List<FakeCallbackAnswer> callbackAnswers = [];
    private TaskCompletionSource changeSignal = NewSignal();
    private int rateLimitViolations;

    /// <summary>Raised (outside the lock) after every state change: a request answered, an update queued, a message sent...</summary>
    public event EventHandler? Changed;

    /// <summary>Every request answered so far, oldest first (including failed ones).</summary>
    public IReadOnlyList<FakeRequest> Requests => Snapshot(requests);

    /// <summary>Requests to one Bot API method (case-insensitive), oldest first.</summary>
    public IReadOnlyList<FakeRequest> RequestsFor(string method)
    {
        lock (gate)
        {
            return requests.Where(r => string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase)).ToArray();
        }
    }

    /// <summary>Every message the bot sent to <paramref name="chatId"/>, by id, deleted ones included (<see cref="FakeBotMessage.IsDeleted"/>).</summary>
    public IReadOnlyList<FakeBotMessage> BotMessages(long chatId)
    {
        lock (gate)
        {
            return chats.TryGetValue(chatId, out var chat) ? chat.BotMessages.Values.ToArray() : [];
        }
    }

    /// <summary>The newest message the bot sent to <paramref name="chatId"/> that is not deleted.</summary>
    public FakeBotMessage? LastBotMessage(long chatId) => BotMessages(chatId).LastOrDefault(m => !m.IsDeleted);

    public FakeBotMessage? BotMessage(long chatId, int messageId) => BotMessages(chatId).FirstOrDefault(m => m.MessageId == messageId);

    public IReadOnlyList<FakeChatAction> ChatActions => Snapshot(chatActions);

    public IReadOnlyList<FakeCallbackAnswer> CallbackAnswers => Snapshot(callbackAnswers);

    /// <summary>Commands set per scope: "default", "all_private_chats", "all_group_chats", "all_chat_administrators", "chat:{id}"; with ":{language}" when given.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<BotCommand>> Commands
    {
        get
        {
            lock (gate)
            {
                return commands.ToDictionary(c => c.Key, c => (IReadOnlyList<BotCommand>)c.Value);
            }
        }
    }

    /// <summary>How many sends/edits were refused with 429, in all chats.</summary>
    public int RateLimitViolations
    {
        get
        {
            lock (gate)
            {
                return rateLimitViolations;
            }
        }
    }

    /// <summary>Updates queued and not yet confirmed by an offset.</summary>
    public IReadOnlyList<FakePendingUpdate> PendingUpdates
    {
        get
        {
            lock (gate)
            {
                return pendingUpdates.Select(u => new FakePendingUpdate(u.Id, u.Kind, u.Json.ToJsonString())).ToArray();
            }
        }
    }

    public int RateLimitViolationsIn(long chatId)
    {
        lock (gate)
        {
            return chats.TryGetValue(chatId, out var chat) ? chat.RateLimitViolations : 0;
        }
    }

    /// <summary>When the flood-control ban on <paramref name="chatId"/> ends, or null when it is not banned.</summary>
    public DateTimeOffset? BannedUntil(long chatId)
    {
        lock (gate)
        {
            return rateLimiter.BannedUntil(chatId);
        }
    }

    /// <summary>
    /// Evaluates <paramref name="probe"/> now and after every state change until it returns something other than
    /// null/default (false, 0), and returns that. Throws <see cref="TimeoutException"/> describing the server's state.
    /// </summary>
    public async Task<T> WaitForAsync<T>(Func<FakeBotApiServer, T?> probe, TimeSpan timeout, string? what = null)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            Task changed;
            lock (gate)
            {
                changed = changeSignal.Task;
            }

            var value = probe(this);
            if (value is not null && !EqualityComparer<T>.Default.Equals(value, default!))
            {
                return value;
            }

            var remaining = deadline - DateTimeOffset.UtcNow;
            try
            {
                if (remaining <= TimeSpan.Zero)
                {
                    throw new TimeoutException();
                }

                await changed.WaitAsync(remaining).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"Fake Bot API: condition {(what is null ? "" : $"'{what}' ")}not met within {timeout.TotalSeconds:0.#} s.\n{Describe()}");
            }
        }
    }

    /// <summary>Waits for a bot message in <paramref name="chatId"/> matching <paramref name="predicate"/> (current state, not history).</summary>
    public Task<FakeBotMessage> WaitForBotMessageAsync(long chatId, Func<FakeBotMessage, bool> predicate, TimeSpan timeout, string? what = null) =>
        WaitForAsync(s => s.BotMessages(chatId).FirstOrDefault(m => !m.IsDeleted && predicate(m)), timeout, what ?? $"bot message in chat {chatId}");

    /// <summary>Waits until every injected update has been confirmed by a getUpdates offset.</summary>
    public Task WaitForUpdatesConfirmedAsync(TimeSpan timeout) =>
        WaitForAsync(s => s.PendingUpdates.Count == 0, timeout, "all updates confirmed");

    /// <summary>A readable summary of recent requests and bot messages, for failure messages.</summary>
    public string Describe()
    {
        var sb = new StringBuilder();
        lock (gate)
        {
            sb.AppendLine($"Pending updates: {pendingUpdates.Count}; rate-limit violations: {rateLimitViolations}; outage: {outage}.");
            sb.AppendLine("Last requests:");
            foreach (var r in requests.TakeLast(15))
            {
                sb.AppendLine($"  {r.Time:HH:mm:ss.fff} {r.Method} chat={r.ChatId} msg={r.MessageId} -> {r.StatusCode} {r.ErrorDescription}");
            }

            foreach (var chat in chats.Values.Where(c => c.BotMessages.Count > 0))
            {
                sb.AppendLine($"Chat {chat.Id} bot messages:");
                foreach (var m in chat.BotMessages.Values.TakeLast(10))
                {
                    var text = m.Text.Length > 80 ? m.Text[..80] + "…" : m.Text;
                    sb.AppendLine($"  #{m.MessageId}{(m.IsDeleted ? " (deleted)" : "")} edits={m.EditCount}: {text.ReplaceLineEndings(" ")}");
                }
            }
        }

        return sb.ToString();
    }

    private IReadOnlyList<T> Snapshot<T>(List<T> list)
    {
        lock (gate)
        {
            return list.ToArray();
        }
    }

    private void Log(string method, FakeArgs? args, string body, int status, string? error)
    {
        lock (gate)
        {
            requests.Add(new FakeRequest(method, args?.Long("chat_id"), args?.Int("message_id"), Now, body, status, error));
            NotifyChangedLocked();
        }
    }

    private void NotifyChanged()
    {
        lock (gate)
        {
            NotifyChangedLocked();
        }
    }

    /// <summary>Wakes every waiter. Called with the lock held; the event is raised on the thread pool to stay outside it.</summary>
    private void NotifyChangedLocked()
    {
        var previous = changeSignal;
        changeSignal = NewSignal();
        previous.TrySetResult();
        if (Changed is { } handler)
        {
            ThreadPool.QueueUserWorkItem(_ => handler(this, EventArgs.Empty));
        }
    }
}
