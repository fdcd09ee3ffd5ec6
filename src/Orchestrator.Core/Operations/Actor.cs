namespace Orchestrator.Core.Operations;

/// <summary>
/// Who asks for an operation, as every face (Telegram, the HTTP API) identifies them: the user id, a display name for
/// events, and whether they are an admin of the bot. Only the session's requester or an admin may drive a session.
/// </summary>
public sealed record Actor(long UserId, string Name, bool IsAdmin)
{
    public bool MayControl(long requesterId) => IsAdmin || UserId == requesterId;
}
