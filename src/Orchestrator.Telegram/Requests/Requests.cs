using Orchestrator.Telegram.Types;
using Orchestrator.Telegram.Types.Enums;
using Orchestrator.Telegram.Types.ReplyMarkups;

namespace Orchestrator.Telegram.Requests;

// One request type per Bot API method (as Telegram.Bot). Properties serialize as snake_case; nulls are omitted.

public sealed class GetMeRequest : IRequest<User>
{
    public string MethodName => "getMe";
}

public sealed class GetUpdatesRequest : IRequest<Update[]>
{
    public string MethodName => "getUpdates";

    public int? Offset { get; set; }

    public int? Limit { get; set; }

    /// <summary>Long-poll seconds. The HTTP timeout must be larger.</summary>
    public int? Timeout { get; set; }

    public string[]? AllowedUpdates { get; set; }
}

public sealed class SendMessageRequest : IRequest<Message>
{
    public string MethodName => "sendMessage";

    public required ChatId ChatId { get; set; }

    public int? MessageThreadId { get; set; }

    public required string Text { get; set; }

    public ParseMode ParseMode { get; set; }

    public LinkPreviewOptions? LinkPreviewOptions { get; set; }

    public ReplyParameters? ReplyParameters { get; set; }

    public InlineKeyboardMarkup? ReplyMarkup { get; set; }

    public bool? DisableNotification { get; set; }
}

public sealed class EditMessageTextRequest : IRequest<Message>
{
    public string MethodName => "editMessageText";

    public required ChatId ChatId { get; set; }

    public required int MessageId { get; set; }

    public required string Text { get; set; }

    public ParseMode ParseMode { get; set; }

    public LinkPreviewOptions? LinkPreviewOptions { get; set; }

    public InlineKeyboardMarkup? ReplyMarkup { get; set; }
}

public sealed class EditMessageReplyMarkupRequest : IRequest<Message>
{
    public string MethodName => "editMessageReplyMarkup";

    public required ChatId ChatId { get; set; }

    public required int MessageId { get; set; }

    public InlineKeyboardMarkup? ReplyMarkup { get; set; }
}

public sealed class DeleteMessageRequest : IRequest<bool>
{
    public string MethodName => "deleteMessage";

    public required ChatId ChatId { get; set; }

    public required int MessageId { get; set; }
}

public sealed class SendChatActionRequest : IRequest<bool>
{
    public string MethodName => "sendChatAction";

    public required ChatId ChatId { get; set; }

    public int? MessageThreadId { get; set; }

    public ChatAction Action { get; set; }
}

public sealed class GetFileRequest : IRequest<TGFile>
{
    public string MethodName => "getFile";

    public required string FileId { get; set; }
}

public sealed class SetMyCommandsRequest : IRequest<bool>
{
    public string MethodName => "setMyCommands";

    public required BotCommand[] Commands { get; set; }

    public BotCommandScope? Scope { get; set; }

    public string? LanguageCode { get; set; }
}

public sealed class AnswerCallbackQueryRequest : IRequest<bool>
{
    public string MethodName => "answerCallbackQuery";

    public required string CallbackQueryId { get; set; }

    public string? Text { get; set; }

    public bool? ShowAlert { get; set; }
}

public sealed class GetChatAdministratorsRequest : IRequest<ChatMember[]>
{
    public string MethodName => "getChatAdministrators";

    public required ChatId ChatId { get; set; }
}

/// <summary>sendDocument: uploads <see cref="Document"/> (multipart/form-data); the caption is at most 1024 characters.</summary>
public sealed class SendDocumentRequest : IRequest<Message>, IFileRequest
{
    public string MethodName => "sendDocument";

    public required ChatId ChatId { get; set; }

    public int? MessageThreadId { get; set; }

    /// <summary>Uploaded as a file part, not a JSON parameter (hence not <c>required</c>: the serializer skips it).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public InputFile Document { get; set; } = null!;

    public string? Caption { get; set; }

    public ParseMode ParseMode { get; set; }

    public ReplyParameters? ReplyParameters { get; set; }

    public InlineKeyboardMarkup? ReplyMarkup { get; set; }

    public bool? DisableNotification { get; set; }

    IEnumerable<(string Field, InputFileStream File)> IFileRequest.Files =>
        Document is InputFileStream stream ? [("document", stream)] : throw new NotSupportedException("This client uploads documents from streams only.");
}
