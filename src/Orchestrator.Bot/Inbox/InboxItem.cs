using Telegram.Bot.Types;

namespace Orchestrator.Bot.Inbox;

/// <summary>An update stored in the inbox and not yet handled; <paramref name="Attempts"/> handlings of it were started before.</summary>
public sealed record InboxItem(Update Update, int Attempts)
{
    public int UpdateId => Update.Id;
}
