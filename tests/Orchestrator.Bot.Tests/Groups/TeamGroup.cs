using System.Globalization;
using System.Text.Json.Nodes;
using Telegram.Bot.Types.Enums;
using Orchestrator.Testing.Telegram;

namespace Orchestrator.Bot.Tests.Groups;

/// <summary>
/// A team's supergroup (optionally a forum) on the fake Bot API, with the kinds of messages people write there:
/// plain chatter, commands, @mentions of the bot (with Telegram's entities), replies to the bot and to each other.
/// Messages built here (mentions, replies to users) carry their own message ids from 50 000 up.
/// </summary>
internal sealed class TeamGroup
{
    private static int s_nextMessageId = 50_000;

    public TeamGroup(FakeBotApiServer telegram, long chatId, bool isForum = false, ChatType type = ChatType.Supergroup)
    {
        Telegram = telegram;
        ChatId = chatId;
        IsForum = isForum;
        Type = type;
        telegram.AddChat(chatId, type, "Team", isForum);
    }

    public FakeBotApiServer Telegram { get; }

    public long ChatId { get; }

    public bool IsForum { get; }

    public ChatType Type { get; }

    public string BotName => Telegram.Options.BotUsername;

    /// <summary>Plain text (no entities). Returns the message id.</summary>
    public int Say(long userId, string text, int? topic = null)
    {
        Telegram.SendText(ChatId, userId, text, Type, topic);
        return Telegram.LastUserMessageId;
    }

    /// <summary>A command (the fake adds the bot_command entity). Returns the message id.</summary>
    public int Command(long userId, string command, int? topic = null) => Say(userId, command, topic);

    /// <summary>A reply to the bot's message <paramref name="botMessageId"/>. Returns the message id.</summary>
    public int ReplyToBot(long userId, int botMessageId, string text, int? topic = null)
    {
        Telegram.SendText(ChatId, userId, text, Type, topic, botMessageId);
        return Telegram.LastUserMessageId;
    }

    /// <summary>"@bot {request}" with a <c>mention</c> entity. Returns the message id.</summary>
    public int Mention(long userId, string request, int? topic = null)
    {
        var mention = "@" + BotName;
        return Raw(userId, $"{mention} {request}", topic, [Entity("mention", 0, mention.Length)]);
    }

    /// <summary>"{request}" where the first word is a <c>text_mention</c> of the bot (a mention by name, for bots without a username).</summary>
    public int TextMention(long userId, string name, string request, int? topic = null)
    {
        var entity = Entity("text_mention", 0, name.Length);
        entity["user"] = new JsonObject { ["id"] = Telegram.Options.BotId, ["is_bot"] = true, ["first_name"] = name };
        return Raw(userId, $"{name} {request}", topic, [entity]);
    }

    /// <summary>A mention of another account (not the bot).</summary>
    public int MentionOf(long userId, string otherUsername, string request) =>
        Raw(userId, $"@{otherUsername} {request}", null, [Entity("mention", 0, otherUsername.Length + 1)]);

    /// <summary>A command sent as a reply to <paramref name="authorId"/>'s message (as /allow is used).</summary>
    public int CommandReplyingTo(long userId, string command, long authorId)
    {
        var replied = new JsonObject
        {
            ["message_id"] = Interlocked.Increment(ref s_nextMessageId),
            ["from"] = User(authorId),
            ["chat"] = Chat(),
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["text"] = "hi, can I use the bot?",
        };
        var length = command.IndexOf(' ', StringComparison.Ordinal) is var end and >= 0 ? end : command.Length;
        return Raw(userId, command, null, [Entity("bot_command", 0, length)], replied);
    }

    /// <summary>The service message of an upgrade to a supergroup, in this (old) group.</summary>
    public void MigratedTo(long userId, long supergroupId) =>
        Telegram.EnqueueRawUpdate(new JsonObject
        {
            ["message"] = new JsonObject
            {
                ["message_id"] = Interlocked.Increment(ref s_nextMessageId),
                ["from"] = User(userId),
                ["chat"] = Chat(),
                ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["migrate_to_chat_id"] = supergroupId,
            },
        }.ToJsonString());

    /// <summary>The service message of an upgrade, in this (new) supergroup.</summary>
    public void MigratedFrom(long oldGroupId) =>
        Telegram.EnqueueRawUpdate(new JsonObject
        {
            ["message"] = new JsonObject
            {
                ["message_id"] = Interlocked.Increment(ref s_nextMessageId),
                ["from"] = new JsonObject { ["id"] = 1087968824, ["is_bot"] = true, ["first_name"] = "Group", ["username"] = "GroupAnonymousBot" },
                ["sender_chat"] = Chat(),
                ["chat"] = Chat(),
                ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["migrate_from_chat_id"] = oldGroupId,
            },
        }.ToJsonString());

    /// <summary>The bot's messages in <paramref name="topic"/> (null: all), not deleted.</summary>
    public IReadOnlyList<FakeBotMessage> BotMessages(int? topic = null) =>
        Telegram.BotMessages(ChatId).Where(m => !m.IsDeleted && (topic is null || m.MessageThreadId == topic)).ToList();

    public Task<FakeBotMessage> WaitForBotMessageAsync(Func<FakeBotMessage, bool> predicate, TimeSpan timeout, string? what = null) =>
        Telegram.WaitForBotMessageAsync(ChatId, predicate, timeout, what);

    private int Raw(long userId, string text, int? topic, JsonObject[] entities, JsonObject? replyTo = null)
    {
        var id = Interlocked.Increment(ref s_nextMessageId);
        var message = new JsonObject
        {
            ["message_id"] = id,
            ["from"] = User(userId),
            ["chat"] = Chat(),
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["text"] = text,
            ["entities"] = new JsonArray(entities.Cast<JsonNode>().ToArray()),
        };
        if (topic is { } thread)
        {
            message["message_thread_id"] = thread;
            message["is_topic_message"] = true;
        }

        if (replyTo is not null)
        {
            message["reply_to_message"] = replyTo;
        }

        Telegram.EnqueueRawUpdate(new JsonObject { ["message"] = message }.ToJsonString());
        return id;
    }

    private JsonObject Chat()
    {
        var chat = new JsonObject
        {
            ["id"] = ChatId,
            ["type"] = Type == ChatType.Group ? "group" : "supergroup",
            ["title"] = "Team",
        };
        if (IsForum)
        {
            chat["is_forum"] = true;
        }

        return chat;
    }

    private static JsonObject User(long id) => new()
    {
        ["id"] = id,
        ["is_bot"] = false,
        ["first_name"] = "User" + id.ToString(CultureInfo.InvariantCulture),
        ["username"] = "user" + id.ToString(CultureInfo.InvariantCulture),
    };

    private static JsonObject Entity(string type, int offset, int length) => new() { ["type"] = type, ["offset"] = offset, ["length"] = length };
}
