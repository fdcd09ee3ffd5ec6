using Orchestrator.Core.Conversations;

namespace Orchestrator.Core.CodingSessions;

/// <summary>
/// Which sessions and commands a caller outside Telegram may see: an admin all of them; anyone else the ones of their
/// own private chat (whose id is their user id) and the ones they requested. What is not visible is answered as unknown.
/// </summary>
public static class SessionVisibility
{
    public static bool MayView(Caller caller, CodingSession session) =>
        caller.IsAdmin || session.ChatId == caller.UserId || session.RequesterId == caller.UserId;

    public static bool MayView(Caller caller, long chatId, long userId) =>
        caller.IsAdmin || chatId == caller.UserId || userId == caller.UserId;
}
