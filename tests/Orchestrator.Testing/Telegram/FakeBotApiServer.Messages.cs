using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Testing.Telegram;

// sendMessage, editMessageText, editMessageReplyMarkup, deleteMessage with Telegram's validation and error texts.
public sealed partial class FakeBotApiServer
{
    /// <summary>Telegram's limit on message text, in UTF-16 code units after entity parsing.</summary>
    public const int MaxTextLength = 4096;

    private const string NotModifiedText =
        "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";

    private JsonNode SendMessage(FakeArgs args)
    {
        var chatId = RequireChatId(args);
        var (text, raw, parseMode) = ParseText(args);
        var (markup, buttons) = ParseMarkup(args);
        var threadId = args.Int("message_thread_id");
        lock (gate)
        {
            var chat = RequireChat(chatId);
            var replyTo = ReplyTargetOf(chat, args);

            Throttle(chat);
            var message = new FakeBotMessage
            {
                ChatId = chatId,
                MessageId = chat.NextMessageId++,
                Text = text,
                RawText = raw,
                ParseMode = parseMode,
                ReplyMarkupJson = markup,
                Buttons = buttons,
                MessageThreadId = threadId,
                ReplyToMessageId = replyTo,
                History = [text],
                SentAt = Now,
            };
            chat.BotMessages[message.MessageId] = message;
            NotifyChangedLocked();
            return FakeJson.BotMessage(chat, message, Options);
        }
    }

    private JsonNode EditMessageText(FakeArgs args)
    {
        var chatId = RequireChatId(args);
        var (text, raw, parseMode) = ParseText(args);
        var (markup, buttons) = ParseMarkup(args);
        lock (gate)
        {
            var chat = RequireChat(chatId);
            var current = RequireEditable(chat, args.Int("message_id"));
            if (current.RawText == raw && current.ParseMode == parseMode && current.ReplyMarkupJson == markup)
            {
                throw FakeApiError.BadRequest(NotModifiedText);
            }

            Throttle(chat);
            var edited = current with
            {
                Text = text,
                RawText = raw,
                ParseMode = parseMode,
                ReplyMarkupJson = markup,
                Buttons = buttons,
                EditCount = current.EditCount + 1,
                History = [.. current.History, text],
            };
            chat.BotMessages[edited.MessageId] = edited;
            NotifyChangedLocked();
            return FakeJson.BotMessage(chat, edited, Options);
        }
    }

    private JsonNode EditMessageReplyMarkup(FakeArgs args)
    {
        var chatId = RequireChatId(args);
        var (markup, buttons) = ParseMarkup(args);
        lock (gate)
        {
            var chat = RequireChat(chatId);
            var current = RequireEditable(chat, args.Int("message_id"));
            if (current.ReplyMarkupJson == markup)
            {
                throw FakeApiError.BadRequest(NotModifiedText);
            }

            Throttle(chat);
            var edited = current with { ReplyMarkupJson = markup, Buttons = buttons, EditCount = current.EditCount + 1 };
            chat.BotMessages[edited.MessageId] = edited;
            NotifyChangedLocked();
            return FakeJson.BotMessage(chat, edited, Options);
        }
    }

    private JsonNode DeleteMessage(FakeArgs args)
    {
        var chatId = RequireChatId(args);
        lock (gate)
        {
            var chat = RequireChat(chatId);
            var id = args.Int("message_id") ?? throw FakeApiError.BadRequest("message identifier is not specified");
            if (chat.BotMessages.TryGetValue(id, out var message) && !message.IsDeleted)
            {
                chat.BotMessages[id] = message with { IsDeleted = true };
            }
            else if (!chat.UserMessages.Remove(id))
            {
                throw FakeApiError.BadRequest("message to delete not found");
            }

            NotifyChangedLocked();
            return true;
        }
    }

    private static long RequireChatId(FakeArgs args) =>
        args.Long("chat_id") ?? throw FakeApiError.BadRequest(args.Has("chat_id") ? "chat not found" : "chat_id is empty");

    /// <summary>
    /// The message a send replies to (<c>reply_parameters</c>), as Telegram checks it: a missing or deleted message is
    /// refused unless <c>allow_sending_without_reply</c>, which sends it as no reply.
    /// </summary>
    private static int? ReplyTargetOf(FakeChat chat, FakeArgs args)
    {
        if (args.Node("reply_parameters") is not JsonObject reply || reply["message_id"]?.GetValue<int>() is not { } target)
        {
            return null;
        }

        var exists = chat.BotMessages.TryGetValue(target, out var m) ? !m.IsDeleted : chat.UserMessages.ContainsKey(target);
        if (!exists && reply["allow_sending_without_reply"]?.GetValueKind() != JsonValueKind.True)
        {
            throw FakeApiError.BadRequest("message to be replied not found");
        }

        return exists ? target : null;
    }

    private FakeChat RequireChat(long chatId)
    {
        if (upgraded.TryGetValue(chatId, out var supergroup))
        {
            throw new FakeApiError(400, "Bad Request: group chat was upgraded to a supergroup chat", migrateToChatId: supergroup);
        }

        if (chats.TryGetValue(chatId, out var chat))
        {
            return chat;
        }

        if (Options.RequireKnownChats)
        {
            throw FakeApiError.BadRequest("chat not found");
        }

        return GetOrAddChat(chatId, chatId > 0 ? global::Telegram.Bot.Types.Enums.ChatType.Private : global::Telegram.Bot.Types.Enums.ChatType.Supergroup, null, false);
    }

    private static FakeBotMessage RequireEditable(FakeChat chat, int? messageId)
    {
        var id = messageId ?? throw FakeApiError.BadRequest("message identifier is not specified");
        if (chat.BotMessages.TryGetValue(id, out var message) && !message.IsDeleted)
        {
            return message;
        }

        throw FakeApiError.BadRequest(chat.UserMessages.ContainsKey(id) ? "message can't be edited" : "message to edit not found");
    }

    private void Throttle(FakeChat chat)
    {
        if (rateLimiter.TryAcquire(chat.Id, chat.IsGroup) is { } retryAfter)
        {
            chat.RateLimitViolations++;
            rateLimitViolations++;
            NotifyChangedLocked();
            throw new FakeApiError(429, $"Too Many Requests: retry after {retryAfter}", retryAfter);
        }
    }

    /// <summary>The visible text of a text or caption under the request's parse_mode; Telegram's 400 when it cannot be parsed.</summary>
    private static (string Text, string? ParseMode) ApplyParseMode(string raw, FakeArgs args)
    {
        var mode = args.String("parse_mode") is { Length: > 0 } m ? m : null;
        var text = raw;
        switch (mode?.ToUpperInvariant())
        {
            case null:
                break;
            case "HTML":
                if (!TelegramHtml.TryParse(raw, out text, out var error))
                {
                    throw FakeApiError.BadRequest("can't parse entities: " + error);
                }

                mode = "HTML";
                break;
            case "MARKDOWN" or "MARKDOWNV2":
                // Markdown is accepted as-is (not parsed): the bot targets HTML.
                break;
            default:
                throw FakeApiError.BadRequest("unsupported parse_mode");
        }

        return (text, mode);
    }

    /// <summary>Returns (visible text, raw text, parse mode) or throws Telegram's 400 for empty, too long or unparsable text.</summary>
    private static (string Text, string Raw, string? ParseMode) ParseText(FakeArgs args)
    {
        var raw = args.String("text") ?? throw FakeApiError.BadRequest("message text is empty");
        var (text, mode) = ApplyParseMode(raw, args);

        if (text.Trim().Length == 0)
        {
            throw FakeApiError.BadRequest("message text is empty");
        }

        if (text.Length > MaxTextLength)
        {
            throw FakeApiError.BadRequest("message is too long");
        }

        return (text, raw, mode);
    }

    /// <summary>Validates reply_markup's inline keyboard; returns its canonical JSON and buttons (null/empty when absent).</summary>
    private static (string? Json, IReadOnlyList<IReadOnlyList<FakeButton>> Buttons) ParseMarkup(FakeArgs args)
    {
        var node = args.Node("reply_markup");
        if (node is null)
        {
            return (null, []);
        }

        if (node is not JsonObject { } markup || markup["inline_keyboard"] is not JsonArray rows)
        {
            throw FakeApiError.BadRequest("can't parse reply keyboard markup JSON object");
        }

        var parsed = new List<IReadOnlyList<FakeButton>>();
        foreach (var row in rows)
        {
            if (row is not JsonArray buttons)
            {
                throw FakeApiError.BadRequest("field \"inline_keyboard\" of the InlineKeyboardMarkup should be an Array of Arrays");
            }

            parsed.Add(buttons.Select(ParseButton).ToArray());
        }

        return (parsed.Count == 0 ? null : markup.ToJsonString(), parsed);
    }

    private static FakeButton ParseButton(JsonNode? node)
    {
        if (node is not JsonObject button || button["text"]?.GetValueKind() != JsonValueKind.String)
        {
            throw FakeApiError.BadRequest("can't parse inline keyboard button: Text is not specified");
        }

        var text = button["text"]!.GetValue<string>();
        var data = button["callback_data"]?.GetValueKind() == JsonValueKind.String ? button["callback_data"]!.GetValue<string>() : null;
        var url = button["url"]?.GetValueKind() == JsonValueKind.String ? button["url"]!.GetValue<string>() : null;
        if (text.Length == 0)
        {
            throw FakeApiError.BadRequest("can't parse inline keyboard button: Text must be non-empty");
        }

        if (data is not null && Encoding.UTF8.GetByteCount(data) is 0 or > 64)
        {
            throw FakeApiError.BadRequest("BUTTON_DATA_INVALID");
        }

        if (data is null && url is null)
        {
            throw FakeApiError.BadRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
        }

        if (url is not null && !Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            throw FakeApiError.BadRequest("BUTTON_URL_INVALID");
        }

        return new FakeButton(text, data, url);
    }
}
