namespace Orchestrator.Bot.Sessions;

/// <summary>A chat, or one forum topic of it (topic 0 = the whole chat).</summary>
public readonly record struct ChatKey(long ChatId, long TopicId)
{
    public override string ToString() => TopicId == 0 ? ChatId.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{ChatId}/{TopicId}";
}
