namespace Orchestrator.Bot.Access;

/// <summary>
/// Who may act on what someone else started. Buttons in a group are visible to every member, and Telegram lets any of
/// them press: only the requester (the user who started the turn or opened the menu) or an admin from the configuration
/// (<see cref="AccessOptions.AdminUserIds"/>) may stop a turn, use a menu or decide an approval. Group administrators are
/// not admins here: anyone who creates a group is one.
/// </summary>
public sealed class RequesterRule(AccessPolicy access)
{
    /// <summary>Stop and the agent menus: the requester or a configured admin. An unknown requester (null) leaves only admins.</summary>
    public bool MayControl(long userId, long? requesterId) => userId == requesterId || access.IsConfiguredAdmin(userId);

    /// <summary>
    /// Approve / Approve for session / Deny: a configured admin, or the requester unless a group administrator allowed
    /// them (a group-scoped user never approves: their access was not granted by the bot's owner).
    /// </summary>
    public ApprovalRight MayDecide(long userId, long requesterId, long chatId)
    {
        if (access.IsConfiguredAdmin(userId))
        {
            return ApprovalRight.Granted;
        }

        if (userId != requesterId)
        {
            return ApprovalRight.NotRequester;
        }

        return access.IsGroupScoped(userId, chatId) ? ApprovalRight.GroupScoped : ApprovalRight.Granted;
    }
}
