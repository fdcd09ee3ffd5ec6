namespace Orchestrator.Bot.Telegram.Outbox;

/// <summary>Whether a chat is private (about 1 message/s) or a group (about 20 messages/min): selects the per-chat budget.</summary>
public enum ChatKind
{
    Private,
    Group,
}

/// <summary>Where an outgoing message goes: a chat, optionally a forum topic, and the chat's kind for the budget.</summary>
public sealed record ChatTarget(long ChatId, int? MessageThreadId, ChatKind Kind)
{
    /// <summary>A private chat (no topic).</summary>
    public static ChatTarget Private(long chatId) => new(chatId, null, ChatKind.Private);

    /// <summary>A group or supergroup, optionally a forum topic.</summary>
    public static ChatTarget Group(long chatId, int? messageThreadId = null) => new(chatId, messageThreadId, ChatKind.Group);
}
