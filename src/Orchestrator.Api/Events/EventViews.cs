using Orchestrator.Core.Conversations;
using Orchestrator.Core.Events;

namespace Orchestrator.Api.Events;

/// <summary>Which events a caller may see: an admin every event, anyone else those of their own private chat.</summary>
public static class EventVisibility
{
    public static bool Sees(Caller caller, ControlEvent e) => caller.IsAdmin || e.ChatId == caller.UserId;

    public static bool Sees(Caller caller, TransientEvent e) => caller.IsAdmin || e.ChatId == caller.UserId;
}

/// <summary>A transient event as sent on the stream (<c>turn.delta</c>: <see cref="Text"/> is the new piece of the answer).</summary>
public sealed record TransientView(long Seq, DateTimeOffset At, string Kind, string AgentId, long ChatId, long TurnId, string Text)
{
    public static TransientView Of(TransientEvent e) => new(e.Seq, e.At, e.Kind, e.AgentId, e.ChatId, e.TurnId, e.Text);
}
