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
/// <param name="DraftStop">
/// The draft shows Telegram's stop button (<c>can_stop</c>, Bot API 10.3; kept on screen when pressed): a press arrives as a
/// <c>stopped_message_generation</c> update naming <see cref="ILiveMessage.DraftId"/>, and the draft stream ends.
/// </param>
public sealed record LiveOptions(bool Drafts = false, bool Urgent = false, bool DraftStop = false)
{
    public static LiveOptions Default { get; } = new();
}
