namespace Orchestrator.Bot.Telegram.Outbox;

/// <summary>
/// Every outgoing message of the bot goes through the outbox: one sender per chat that keeps inside Telegram's per-chat and
/// global budgets, honours retry_after, coalesces edits and always delivers the final text.
/// </summary>
public interface ITelegramOutbox
{
    /// <summary>Sends a one-off message once the chat's budget allows it and returns its message id.</summary>
    Task<int> SendAsync(ChatTarget target, OutgoingContent content, int? replyToMessageId = null, CancellationToken cancellationToken = default);

    /// <summary>Sends a document (sendDocument) within the chat's pacing and the global budget, like a message; returns its message id.</summary>
    Task<int> SendDocumentAsync(ChatTarget target, OutgoingDocument document, int? replyToMessageId = null, CancellationToken cancellationToken = default);

    /// <summary>Starts a streamed reply; nothing is sent until the first <see cref="ILiveMessage.Update"/>.</summary>
    ILiveMessage CreateLive(ChatTarget target, int? replyToMessageId = null);

    /// <summary>Starts a streamed reply shown as <paramref name="options"/> say (native drafts, urgency).</summary>
    ILiveMessage CreateLive(ChatTarget target, int? replyToMessageId, LiveOptions options);

    /// <summary>
    /// sendChatAction typing (global budget only; skipped when less than a third of it is free, so it never delays
    /// messages). Failures are logged, never thrown, except cancellation.
    /// </summary>
    Task SendTypingAsync(ChatTarget target, CancellationToken cancellationToken = default);

    /// <summary>answerCallbackQuery (global budget only). Failures (e.g. a query too old) are logged, never thrown, except cancellation.</summary>
    Task AnswerCallbackAsync(string callbackQueryId, string? text = null, bool showAlert = false, CancellationToken cancellationToken = default);
}
