using Telegram.Bot.Types.Enums;

namespace Orchestrator.Bot.Tests.Telegram.Outbox;

/// <summary>What the fake answered.</summary>
internal enum FakeOutcome
{
    Ok,
    TooManyRequests,
    NotModified,
    CantParseEntities,
    MessageTextEmpty,
    MessageToEditNotFound,
    ServerError,
    NetworkError,
    Forbidden,
}

/// <summary>One call the fake received, stamped on arrival.</summary>
internal sealed record FakeCall(
    DateTimeOffset At,
    string Method,
    long? ChatId,
    int? MessageId,
    string? Text,
    ParseMode ParseMode,
    FakeOutcome Outcome,
    int? RetryAfter = null)
{
    /// <summary>sendMessage and edits: what counts against a chat's budget.</summary>
    public bool IsMessageCall => Method is "sendMessage" or "editMessageText" or "editMessageReplyMarkup";
}

/// <summary>A message as the fake stores it.</summary>
internal sealed record FakeMessage(int Id, long ChatId, string Text, ParseMode ParseMode, int? ReplyToMessageId, string Keyboard);
