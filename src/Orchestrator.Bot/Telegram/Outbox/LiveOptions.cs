namespace Orchestrator.Bot.Telegram.Outbox;

/// <summary>How a live message is shown.</summary>
/// <param name="Drafts">
/// Stream it as a native draft in a private chat (the page being written is a draft, finished pages and the final state are
/// real messages). Ignored in groups, when <see cref="OutboxOptions.Drafts"/> is off, and in a chat whose drafts failed.
/// Only for content without buttons that matter while it streams: a draft shows no keyboard.
/// </param>
/// <param name="Urgent">
/// It goes before the chat's other queued work and may use the chat's burst (an approval prompt: the agent waits for it).
/// </param>
public sealed record LiveOptions(bool Drafts = false, bool Urgent = false)
{
    public static LiveOptions Default { get; } = new();
}
