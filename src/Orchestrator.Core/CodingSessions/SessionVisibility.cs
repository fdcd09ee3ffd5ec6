using Orchestrator.Core.Conversations;

namespace Orchestrator.Core.CodingSessions;

/// <summary>
/// Which sessions and commands a caller outside Telegram may see: an admin all of them; anyone else the ones of their
/// own private chat (whose id is their user id) and the ones they requested. What is not visible is answered as unknown.
/// It is <see cref="Operations.Actor.MaySee"/> of the caller as an actor (<see cref="Caller.AsActor"/>): one rule for
/// Telegram and the other faces.
/// </summary>
public static class SessionVisibility
{
    public static bool MayView(Caller caller, CodingSession session) => MayView(caller, session.ChatId, session.RequesterId);

    public static bool MayView(Caller caller, long chatId, long userId) => caller.AsActor().MaySee(chatId, userId);
}
