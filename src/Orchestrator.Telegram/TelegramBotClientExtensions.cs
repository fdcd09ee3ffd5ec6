using Orchestrator.Telegram.Requests;
using Orchestrator.Telegram.Types;
using Orchestrator.Telegram.Types.Enums;
using Orchestrator.Telegram.Types.ReplyMarkups;

namespace Orchestrator.Telegram;

/// <summary>Friendly Bot API methods with Telegram.Bot v22 names and parameter order; <c>cancellationToken</c> is always last.</summary>
public static class TelegramBotClientExtensions
{
    public static Task<User> GetMe(this ITelegramBotClient bot, CancellationToken cancellationToken = default) =>
        bot.SendRequest(new GetMeRequest(), cancellationToken);

    /// <summary>Long-polls for updates. <paramref name="offset"/> = last handled update id + 1 confirms everything before it.</summary>
    public static Task<Update[]> GetUpdates(
        this ITelegramBotClient bot, int? offset = null, int? limit = null, int? timeout = null, IEnumerable<UpdateType>? allowedUpdates = null,
        CancellationToken cancellationToken = default) =>
        bot.SendRequest(
            new GetUpdatesRequest { Offset = offset, Limit = limit, Timeout = timeout, AllowedUpdates = allowedUpdates?.Select(ToWire).ToArray() },
            cancellationToken);

    /// <summary>Sends a text message. The returned <see cref="Message"/> carries the new message id.</summary>
    public static Task<Message> SendMessage(
        this ITelegramBotClient bot, ChatId chatId, string text, ParseMode parseMode = default, ReplyParameters? replyParameters = null,
        InlineKeyboardMarkup? replyMarkup = null, LinkPreviewOptions? linkPreviewOptions = null, int? messageThreadId = null,
        bool disableNotification = false, CancellationToken cancellationToken = default) =>
        bot.SendRequest(
            new SendMessageRequest
            {
                ChatId = chatId,
                Text = text,
                ParseMode = parseMode,
                ReplyParameters = replyParameters,
                ReplyMarkup = replyMarkup,
                LinkPreviewOptions = linkPreviewOptions,
                MessageThreadId = messageThreadId,
                DisableNotification = disableNotification ? true : null,
            },
            cancellationToken);

    /// <summary>Uploads a file as a document (multipart/form-data). The returned <see cref="Message"/> carries the new message id.</summary>
    public static Task<Message> SendDocument(
        this ITelegramBotClient bot, ChatId chatId, InputFile document, string? caption = null, ParseMode parseMode = default,
        ReplyParameters? replyParameters = null, InlineKeyboardMarkup? replyMarkup = null, int? messageThreadId = null,
        bool disableNotification = false, CancellationToken cancellationToken = default) =>
        bot.SendRequest(
            new SendDocumentRequest
            {
                ChatId = chatId,
                Document = document,
                Caption = caption,
                ParseMode = parseMode,
                ReplyParameters = replyParameters,
                ReplyMarkup = replyMarkup,
                MessageThreadId = messageThreadId,
                DisableNotification = disableNotification ? true : null,
            },
            cancellationToken);

    /// <summary>Replaces a message's text. Omitting <paramref name="replyMarkup"/> removes its inline keyboard (Telegram's rule).</summary>
    public static Task<Message> EditMessageText(
        this ITelegramBotClient bot, ChatId chatId, int messageId, string text, ParseMode parseMode = default,
        InlineKeyboardMarkup? replyMarkup = null, LinkPreviewOptions? linkPreviewOptions = null, CancellationToken cancellationToken = default) =>
        bot.SendRequest(
            new EditMessageTextRequest
            {
                ChatId = chatId,
                MessageId = messageId,
                Text = text,
                ParseMode = parseMode,
                ReplyMarkup = replyMarkup,
                LinkPreviewOptions = linkPreviewOptions,
            },
            cancellationToken);

    /// <summary>Replaces (or with <c>null</c>, removes) a message's inline keyboard.</summary>
    public static Task<Message> EditMessageReplyMarkup(
        this ITelegramBotClient bot, ChatId chatId, int messageId, InlineKeyboardMarkup? replyMarkup = null, CancellationToken cancellationToken = default) =>
        bot.SendRequest(new EditMessageReplyMarkupRequest { ChatId = chatId, MessageId = messageId, ReplyMarkup = replyMarkup }, cancellationToken);

    public static Task DeleteMessage(this ITelegramBotClient bot, ChatId chatId, int messageId, CancellationToken cancellationToken = default) =>
        bot.SendRequest(new DeleteMessageRequest { ChatId = chatId, MessageId = messageId }, cancellationToken);

    /// <summary>Shows "typing…" (or another action) for about 5 s or until the bot's next message.</summary>
    public static Task SendChatAction(
        this ITelegramBotClient bot, ChatId chatId, ChatAction action, int? messageThreadId = null, CancellationToken cancellationToken = default) =>
        bot.SendRequest(new SendChatActionRequest { ChatId = chatId, Action = action, MessageThreadId = messageThreadId }, cancellationToken);

    /// <summary>Resolves a file id to a <see cref="TGFile"/> whose <see cref="TGFile.FilePath"/> feeds <see cref="ITelegramBotClient.DownloadFile"/>.</summary>
    public static Task<TGFile> GetFile(this ITelegramBotClient bot, string fileId, CancellationToken cancellationToken = default) =>
        bot.SendRequest(new GetFileRequest { FileId = fileId }, cancellationToken);

    public static Task SetMyCommands(
        this ITelegramBotClient bot, IEnumerable<BotCommand> commands, BotCommandScope? scope = null, string? languageCode = null,
        CancellationToken cancellationToken = default) =>
        bot.SendRequest(new SetMyCommandsRequest { Commands = commands.ToArray(), Scope = scope, LanguageCode = languageCode }, cancellationToken);

    /// <summary>Stops the client's spinner after a button press; <paramref name="text"/> (≤ 200 chars) shows as a toast or alert.</summary>
    public static Task AnswerCallbackQuery(
        this ITelegramBotClient bot, string callbackQueryId, string? text = null, bool showAlert = false, CancellationToken cancellationToken = default) =>
        bot.SendRequest(new AnswerCallbackQueryRequest { CallbackQueryId = callbackQueryId, Text = text, ShowAlert = showAlert ? true : null }, cancellationToken);

    public static Task<ChatMember[]> GetChatAdministrators(this ITelegramBotClient bot, ChatId chatId, CancellationToken cancellationToken = default) =>
        bot.SendRequest(new GetChatAdministratorsRequest { ChatId = chatId }, cancellationToken);

    private static string ToWire(UpdateType type) => type switch
    {
        UpdateType.Message => "message",
        UpdateType.EditedMessage => "edited_message",
        UpdateType.CallbackQuery => "callback_query",
        UpdateType.MyChatMember => "my_chat_member",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown is not a requestable update type."),
    };
}
