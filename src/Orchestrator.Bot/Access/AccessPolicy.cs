using Microsoft.Extensions.Options;

namespace Orchestrator.Bot.Access;

/// <summary>
/// Who may do what. The bot can run shell commands on its host: everything is refused unless allowed, by configuration
/// (<see cref="AccessOptions"/>) or by an admin's <c>/allow</c> (<see cref="AccessGrants"/>, checked from memory). A grant
/// made by a group's administrator counts only in that group, so the role depends on the chat.
/// </summary>
public sealed class AccessPolicy(IOptionsMonitor<AccessOptions> options, AccessGrants? grants = null)
{
    /// <summary>The role of <paramref name="userId"/> in <paramref name="chatId"/> (null: outside any chat; only grants for everywhere count).</summary>
    public UserRole RoleOf(long userId, long? chatId)
    {
        var access = options.CurrentValue;
        if (access.AdminUserIds.Contains(userId))
        {
            return UserRole.Admin;
        }

        if (access.AllowedUserIds.Contains(userId))
        {
            return UserRole.Allowed;
        }

        return grants?.IsGranted(userId, chatId) == true ? UserRole.Allowed : UserRole.Stranger;
    }

    public bool IsAllowed(long userId, long? chatId) => RoleOf(userId, chatId) != UserRole.Stranger;

    /// <summary>
    /// True when <paramref name="userId"/> is allowed in <paramref name="chatId"/> only by a group administrator's grant
    /// for that group (a group-scoped user): they may talk to agents there but never decide approvals.
    /// </summary>
    public bool IsGroupScoped(long userId, long? chatId) =>
        !IsConfigured(userId) && grants?.Find(userId) is { ScopeChatId: not null } grant && grant.CountsIn(chatId);

    /// <summary>True when the configuration makes <paramref name="userId"/> an admin (everywhere).</summary>
    public bool IsConfiguredAdmin(long userId) => options.CurrentValue.AdminUserIds.Contains(userId);

    /// <summary>True when the configuration allows <paramref name="userId"/> (chat commands cannot remove them).</summary>
    public bool IsConfigured(long userId)
    {
        var access = options.CurrentValue;
        return access.AdminUserIds.Contains(userId) || access.AllowedUserIds.Contains(userId);
    }
}
