using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

using Telegram.Bot.Types.Enums;

namespace Orchestrator.Testing.Telegram;

// Injecting updates (what users do) and serving them through getUpdates long polling.
public sealed partial class FakeBotApiServer
{
    private const string ConflictText = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running";

    private readonly Dictionary<long, FakeChat> chats = [];
    private readonly Dictionary<long, long> upgraded = []; // group id → the supergroup it became
    private readonly List<(int Id, string Kind, JsonObject Json)> pendingUpdates = [];
    private readonly Dictionary<string, (long ChatId, int MessageId, bool Answered)> callbackQueries = [];
    private int nextUpdateId = 100;
    private int nextCallbackId = 1;
    private string[] allowedUpdates = [];
    private CancellationTokenSource? activePoll;

    /// <summary>Registers a chat the bot may send to (private chats are registered by <see cref="SendText"/> as well).</summary>
    public void AddChat(long chatId, ChatType chatType = ChatType.Private, string? title = null, bool isForum = false)
    {
        lock (gate)
        {
            GetOrAddChat(chatId, chatType, title, isForum);
        }
    }

    /// <summary>
    /// The group becomes a supergroup with a new id, as Telegram does: from now on every call naming the old id fails
    /// with 400 "group chat was upgraded to a supergroup chat" and <c>parameters.migrate_to_chat_id</c>, and its
    /// messages can no longer be edited. (The service messages announcing it are the test's to send.)
    /// </summary>
    public void UpgradeGroup(long groupId, long supergroupId)
    {
        lock (gate)
        {
            var title = chats.TryGetValue(groupId, out var old) ? old.Title : null;
            GetOrAddChat(supergroupId, ChatType.Supergroup, title, false);
            upgraded[groupId] = supergroupId;
            NotifyChangedLocked();
        }
    }

    /// <summary>
    /// A user writes <paramref name="text"/> in <paramref name="chatId"/> (registered with <paramref name="chatType"/> on first use).
    /// Text starting with '/' gets a bot_command entity. Returns the update id; the message id is in <see cref="LastUserMessageId"/>.
    /// </summary>
    public int SendText(
        long chatId, long userId, string text, ChatType chatType = ChatType.Private, int? messageThreadId = null, int? replyToMessageId = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        lock (gate)
        {
            var chat = GetOrAddChat(chatId, chatType, null, messageThreadId is not null);
            var messageId = chat.NextMessageId++;
            chat.UserMessages[messageId] = text;
            chat.UserMessageAuthors[messageId] = userId;
            var message = new JsonObject
            {
                ["message_id"] = messageId,
                ["from"] = FakeJson.User(userId),
                ["chat"] = FakeJson.Chat(chat),
                ["date"] = Now.ToUnixTimeSeconds(),
                ["text"] = text,
            };
            if (messageThreadId is { } thread)
            {
                message["message_thread_id"] = thread;
                message["is_topic_message"] = true;
            }

            if (text.StartsWith('/'))
            {
                var length = text.IndexOfAny([' ', '\n']) is var end and >= 0 ? end : text.Length;
                message["entities"] = new JsonArray(new JsonObject { ["type"] = "bot_command", ["offset"] = 0, ["length"] = length });
            }

            if (replyToMessageId is { } reply)
            {
                message["reply_to_message"] = ReplyTarget(chat, reply);
            }

            LastUserMessageId = messageId;
            return EnqueueLocked("message", new JsonObject { ["message"] = message });
        }
    }

    /// <summary>True while a getUpdates long poll is waiting on the server.</summary>
    public bool IsPolling
    {
        get
        {
            lock (gate)
            {
                return activePoll is not null;
            }
        }
    }

    /// <summary>The message id of the last message injected with <see cref="SendText"/>.</summary>
    public int LastUserMessageId { get; private set; }

    /// <summary>A user presses the inline button with <paramref name="data"/> under message <paramref name="messageId"/>. Returns the update id.</summary>
    public int PressButton(long chatId, long userId, int messageId, string data)
    {
        lock (gate)
        {
            var chat = GetOrAddChat(chatId, ChatType.Private, null, false);
            var id = string.Create(CultureInfo.InvariantCulture, $"{Options.BotId}{nextCallbackId++:D6}");
            callbackQueries[id] = (chatId, messageId, false);
            var message = chat.BotMessages.TryGetValue(messageId, out var sent)
                ? FakeJson.BotMessage(chat, sent, Options)
                : new JsonObject { ["message_id"] = messageId, ["chat"] = FakeJson.Chat(chat), ["date"] = 0 };
            var query = new JsonObject
            {
                ["id"] = id,
                ["from"] = FakeJson.User(userId),
                ["message"] = message,
                ["chat_instance"] = chatId.ToString(CultureInfo.InvariantCulture),
                ["data"] = data,
            };
            return EnqueueLocked("callback_query", new JsonObject { ["callback_query"] = query });
        }
    }

    /// <summary>Queues any JSON object as an update (fuzzing, unknown update types); the fake sets its update_id.</summary>
    public int EnqueueRawUpdate(string json)
    {
        if (JsonNode.Parse(json) is not JsonObject update)
        {
            throw new ArgumentException("An update must be a JSON object.", nameof(json));
        }

        update.Remove("update_id");
        var kind = update.Select(p => p.Key).FirstOrDefault() ?? "unknown";
        lock (gate)
        {
            return EnqueueLocked(kind, update);
        }
    }

    private DateTimeOffset Now => Options.TimeProvider.GetUtcNow();

    private FakeChat GetOrAddChat(long chatId, ChatType type, string? title, bool isForum)
    {
        if (!chats.TryGetValue(chatId, out var chat))
        {
            chats[chatId] = chat = new FakeChat(chatId, type, title, isForum);
        }

        return chat;
    }

    private JsonObject ReplyTarget(FakeChat chat, int messageId) =>
        userMedia.TryGetValue((chat.Id, messageId), out var media) ? (JsonObject)media.DeepClone()
        : chat.BotMessages.TryGetValue(messageId, out var bot)
            ? FakeJson.BotMessage(chat, bot, Options)
            : new JsonObject
            {
                ["message_id"] = messageId,
                ["chat"] = FakeJson.Chat(chat),
                ["date"] = Now.ToUnixTimeSeconds(),
                ["text"] = chat.UserMessages.GetValueOrDefault(messageId, ""),
            };

    private int EnqueueLocked(string kind, JsonObject body)
    {
        var id = nextUpdateId++;
        var update = new JsonObject { ["update_id"] = id };
        foreach (var (key, value) in body.ToArray())
        {
            body.Remove(key);
            update[key] = value;
        }

        pendingUpdates.Add((id, kind, update));
        NotifyChangedLocked();
        return id;
    }

    private async Task<JsonNode> GetUpdates(FakeArgs args, CancellationToken aborted)
    {
        var timeout = TimeSpan.FromSeconds(Math.Clamp(args.Int("timeout") ?? 0, 0, 50));
        var limit = Math.Clamp(args.Int("limit") ?? 100, 1, 100);
        using var superseded = new CancellationTokenSource();
        CancellationTokenSource? previous;
        lock (gate)
        {
            if (forcedConflict)
            {
                throw new FakeApiError(409, ConflictText);
            }

            previous = activePoll;
            activePoll = superseded;
            NotifyChangedLocked();
            if (args.Long("offset") is { } offset and > 0)
            {
                pendingUpdates.RemoveAll(u => u.Id < offset);
            }

            if (args.Node("allowed_updates") is JsonArray allowed)
            {
                allowedUpdates = allowed.Select(a => a?.GetValueKind() == JsonValueKind.String ? a.GetValue<string>() : "").ToArray();
            }
        }

        previous?.Cancel();
        var deadline = Now + timeout;
        try
        {
            while (true)
            {
                Task changed;
                lock (gate)
                {
                    if (superseded.IsCancellationRequested)
                    {
                        throw new FakeApiError(409, ConflictText);
                    }

                    if (allowedUpdates.Length > 0)
                    {
                        pendingUpdates.RemoveAll(u => !allowedUpdates.Contains(u.Kind));
                    }

                    if (pendingUpdates.Count > 0 || Now >= deadline)
                    {
                        return new JsonArray(pendingUpdates.Take(limit).Select(u => u.Json.DeepClone()).ToArray());
                    }

                    changed = changeSignal.Task;
                }

                try
                {
                    using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, superseded.Token, stopping.Token);
                    var remaining = deadline - Now;
                    if (remaining > TimeSpan.Zero)
                    {
                        await changed.WaitAsync(remaining, linked.Token).ConfigureAwait(false);
                    }
                }
                catch (TimeoutException)
                {
                    // Loop once more: returns the empty array.
                }
                catch (OperationCanceledException) when (superseded.IsCancellationRequested && !aborted.IsCancellationRequested)
                {
                    throw new FakeApiError(409, ConflictText);
                }
            }
        }
        finally
        {
            lock (gate)
            {
                if (activePoll == superseded)
                {
                    activePoll = null;
                    NotifyChangedLocked();
                }
            }
        }
    }
}
