using Microsoft.Extensions.Options;

namespace Orchestrator.Bot.Access;

/// <summary>
/// Who may do what. The bot can run shell commands on its host: everything is refused unless allowed, by configuration
/// (<see cref="AccessOptions"/>) or by an admin's <c>/allow</c> (<see cref="AccessGrants"/>, checked from memory).
/// </summary>
public sealed class AccessPolicy(IOptionsMonitor<AccessOptions> options, AccessGrants? grants = null)
{
    public UserRole RoleOf(long userId)
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

        return grants?.IsGranted(userId) == true ? UserRole.Allowed : UserRole.Stranger;
    }

    public bool IsAllowed(long userId) => RoleOf(userId) != UserRole.Stranger;

    /// <summary>True when the configuration allows <paramref name="userId"/> (chat commands cannot remove them).</summary>
    public bool IsConfigured(long userId)
    {
        var access = options.CurrentValue;
        return access.AdminUserIds.Contains(userId) || access.AllowedUserIds.Contains(userId);
    }
}
