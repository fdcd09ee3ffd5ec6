namespace Orchestrator.Core.Conversations;

/// <summary>The role a user has with the bot, as the control plane sees it (the host maps its own access roles here).</summary>
public enum CallerRole
{
    Stranger,
    Allowed,
    Admin,
}

/// <summary>
/// Who asks for an operation that did not come from Telegram: a user of the bot (the owner of a cookie or token) with
/// their role at the time of the request, and the channel it came through ("Web" or "CLI"), which the prompt echo names.
/// </summary>
public sealed record Caller(long UserId, string Name, CallerRole Role, string Channel)
{
    public bool IsAdmin => Role == CallerRole.Admin;

    /// <summary>
    /// The caller as the control plane's operations see them: a face outside Telegram acts from the user's private chat
    /// (whose id is the user id), and an admin sees every chat's sessions, so the core applies one visibility rule to all.
    /// </summary>
    public Operations.Actor AsActor() => new(UserId, Name, IsAdmin, ChatId: UserId, SeesAllChats: IsAdmin);
}
