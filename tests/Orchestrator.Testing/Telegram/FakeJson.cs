using System.Text.Json.Nodes;

using Telegram.Bot.Types.Enums;

namespace Orchestrator.Testing.Telegram;

/// <summary>Builds Bot API JSON objects the way Telegram shapes them (snake_case, optional fields omitted).</summary>
internal static class FakeJson
{
    public static JsonObject User(long id) => new()
    {
        ["id"] = id,
        ["is_bot"] = false,
        ["first_name"] = $"User{id}",
        ["username"] = $"user{id}",
        ["language_code"] = "en",
    };

    public static JsonObject Bot(FakeBotApiOptions options) => new()
    {
        ["id"] = options.BotId,
        ["is_bot"] = true,
        ["first_name"] = options.BotFirstName,
        ["username"] = options.BotUsername,
        ["can_join_groups"] = true,
        ["can_read_all_group_messages"] = false,
        ["supports_inline_queries"] = false,
    };

    public static JsonObject Chat(FakeChat chat)
    {
        var json = new JsonObject { ["id"] = chat.Id, ["type"] = TypeName(chat.Type) };
        if (chat.Type == ChatType.Private)
        {
            json["first_name"] = $"User{chat.Id}";
            json["username"] = $"user{chat.Id}";
        }
        else
        {
            json["title"] = chat.Title ?? $"Chat {chat.Id}";
        }

        if (chat.IsForum)
        {
            json["is_forum"] = true;
        }

        return json;
    }

    public static JsonObject BotMessage(FakeChat chat, FakeBotMessage message, FakeBotApiOptions options)
    {
        var json = new JsonObject
        {
            ["message_id"] = message.MessageId,
            ["from"] = Bot(options),
            ["chat"] = Chat(chat),
            ["date"] = message.SentAt.ToUnixTimeSeconds(),
            ["text"] = message.Text,
        };
        if (message.MessageThreadId is { } thread)
        {
            json["message_thread_id"] = thread;
            json["is_topic_message"] = true;
        }

        if (message.EditCount > 0)
        {
            json["edit_date"] = options.TimeProvider.GetUtcNow().ToUnixTimeSeconds();
        }

        if (message.ReplyToMessageId is { } reply)
        {
            var replied = new JsonObject { ["message_id"] = reply, ["chat"] = Chat(chat), ["date"] = message.SentAt.ToUnixTimeSeconds() };
            if (chat.UserMessageAuthors.TryGetValue(reply, out var author))
            {
                replied["from"] = User(author);
            }
            else if (chat.BotMessages.ContainsKey(reply))
            {
                replied["from"] = Bot(options);
            }

            json["reply_to_message"] = replied;
        }

        if (message.ReplyMarkupJson is { } markup)
        {
            json["reply_markup"] = JsonNode.Parse(markup);
        }

        return json;
    }

    public static string TypeName(ChatType type) => type switch
    {
        ChatType.Private => "private",
        ChatType.Group => "group",
        ChatType.Supergroup => "supergroup",
        ChatType.Channel => "channel",
        _ => "sender",
    };
}
