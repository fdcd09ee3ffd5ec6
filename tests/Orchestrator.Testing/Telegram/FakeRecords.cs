namespace Orchestrator.Testing.Telegram;

/// <summary>One HTTP call the fake answered: Bot API method (or "download"), chat and message ids when given, the JSON body and the HTTP status.</summary>
public sealed record FakeRequest(
    string Method, long? ChatId, int? MessageId, DateTimeOffset Time, string Body, int StatusCode, string? ErrorDescription);

/// <summary>An inline keyboard button as the bot sent it.</summary>
public sealed record FakeButton(string Text, string? CallbackData, string? Url);

/// <summary>
/// The current state of one message the bot sent. <see cref="Text"/> is what the user sees (entities parsed),
/// <see cref="RawText"/> what the bot sent; <see cref="History"/> lists every visible text, oldest first.
/// </summary>
public sealed record FakeBotMessage
{
    public required long ChatId { get; init; }

    public required int MessageId { get; init; }

    public required string Text { get; init; }

    public required string RawText { get; init; }

    /// <summary>"HTML", "MarkdownV2", "Markdown" or null.</summary>
    public string? ParseMode { get; init; }

    /// <summary>The reply_markup JSON as stored (null when the message has no keyboard).</summary>
    public string? ReplyMarkupJson { get; init; }

    public IReadOnlyList<IReadOnlyList<FakeButton>> Buttons { get; init; } = [];

    public int? MessageThreadId { get; init; }

    public int? ReplyToMessageId { get; init; }

    public int EditCount { get; init; }

    public IReadOnlyList<string> History { get; init; } = [];

    public bool IsDeleted { get; init; }

    /// <summary>The uploaded file's name when the message is a document (sendDocument); <see cref="Text"/> is then its caption.</summary>
    public string? DocumentFileName { get; init; }

    public DateTimeOffset SentAt { get; init; }

    public IEnumerable<FakeButton> AllButtons => Buttons.SelectMany(row => row);
}

/// <summary>A sendChatAction call.</summary>
public sealed record FakeChatAction(long ChatId, string Action, int? MessageThreadId, DateTimeOffset Time);

/// <summary>An answerCallbackQuery call, with the chat/message of the pressed button when known.</summary>
public sealed record FakeCallbackAnswer(string CallbackQueryId, string? Text, bool ShowAlert, long? ChatId, int? MessageId, DateTimeOffset Time);

/// <summary>An update injected by the test and not yet confirmed by the bot.</summary>
public sealed record FakePendingUpdate(int UpdateId, string Kind, string Json);

/// <summary>A file part of a multipart/form-data upload.</summary>
public sealed record FakeUpload(string Field, string FileName, byte[] Content);

/// <summary>A document the bot sent (sendDocument): its message, the uploaded file's name and bytes, and the caption.</summary>
public sealed record FakeDocument(long ChatId, int MessageId, int? MessageThreadId, int? ReplyToMessageId, string FileName, byte[] Content, string? Caption, DateTimeOffset SentAt)
{
    /// <summary>The content as UTF-8 text.</summary>
    public string Text => System.Text.Encoding.UTF8.GetString(Content);
}

/// <summary>
/// An accepted sendMessageDraft: <see cref="Text"/> is what the user sees (entities parsed; empty shows "Thinking…"),
/// <see cref="LastBotMessageId"/> the newest bot message when it was shown (a later message ends the draft).
/// </summary>
public sealed record FakeDraft(
    long ChatId, long DraftId, string Text, string RawText, string? ParseMode, int? MessageThreadId, bool CanStop, int LastBotMessageId, DateTimeOffset Time);
