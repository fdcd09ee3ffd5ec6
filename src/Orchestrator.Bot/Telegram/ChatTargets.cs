using Orchestrator.Bot.Telegram.Outbox;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace Orchestrator.Bot.Telegram;

/// <summary>Where replies to a message go: its chat and, in forum topics, its topic.</summary>
public static class ChatTargets
{
    public static ChatTarget ReplyTargetOf(Message message)
    {
        var kind = message.Chat.Type == ChatType.Private ? ChatKind.Private : ChatKind.Group;
        var topic = message.Chat.IsForum && message.IsTopicMessage ? message.MessageThreadId : null;
        return new ChatTarget(message.Chat.Id, topic, kind);
    }
}
