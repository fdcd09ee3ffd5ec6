namespace Orchestrator.Core.Operations;

/// <summary>
/// Who asks for an operation, as every face (Telegram, the HTTP API) identifies them: the user id, a display name for
/// events, and whether they are an admin of the bot. Only the session's requester or an admin may drive a session.
/// </summary>
/// <param name="IsAdmin">May drive other people's sessions (a configured admin, or an administrator of the group acted in).</param>
/// <param name="ChatId">The chat the actor acts from (Telegram): they see that chat's sessions and the ones they
/// requested. Null for a face not bound to a chat (its own visibility rules apply).</param>
/// <param name="SeesAllChats">A configured admin of the bot: sees and drives the sessions of every chat.</param>
public sealed record Actor(long UserId, string Name, bool IsAdmin, long? ChatId = null, bool SeesAllChats = false)
{
    public bool MayControl(long requesterId) => IsAdmin || UserId == requesterId;

    /// <summary>
    /// Whether a session of <paramref name="chatId"/> requested by <paramref name="requesterId"/> is visible: one of the
    /// actor's chat, one they requested, or any for an admin of the bot. A group's administrator is an admin only there.
    /// </summary>
    public bool MaySee(long chatId, long requesterId) =>
        ChatId is null || SeesAllChats || chatId == ChatId || requesterId == UserId;
}
