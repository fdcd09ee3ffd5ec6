using Microsoft.Extensions.Options;

namespace Orchestrator.Bot.Access;

/// <summary>Who may do what. The bot can run shell commands on its host: everything is refused unless allowed.</summary>
public sealed class AccessPolicy(IOptionsMonitor<AccessOptions> options)
{
    public UserRole RoleOf(long userId)
    {
        var access = options.CurrentValue;
        if (access.AdminUserIds.Contains(userId))
        {
            return UserRole.Admin;
        }

        return access.AllowedUserIds.Contains(userId) ? UserRole.Allowed : UserRole.Stranger;
    }

    public bool IsAllowed(long userId) => RoleOf(userId) != UserRole.Stranger;
}
