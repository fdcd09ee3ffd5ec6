using Microsoft.Extensions.Options;
using Orchestrator.Bot.Access;
using Orchestrator.Core.Conversations;

namespace Orchestrator.Bot.Web;

/// <summary>The API's view of who may use the bot: the same <see cref="AccessPolicy"/> Telegram messages go through.</summary>
public sealed class UserDirectory(AccessPolicy policy, IOptionsMonitor<AccessOptions> options, AccessGrants grants) : IUserDirectory
{
    // Outside any chat: a grant a group administrator made for one group does not open the API.
    public CallerRole RoleOf(long userId) => Map(policy.RoleOf(userId, null));

    public IReadOnlyList<UserView> List()
    {
        var access = options.CurrentValue;
        var users = new List<UserView>();
        users.AddRange(access.AdminUserIds.Select(id => new UserView(id, null, CallerRole.Admin, "configuration")));
        users.AddRange(access.AllowedUserIds.Where(id => !access.AdminUserIds.Contains(id)).Select(id => new UserView(id, null, CallerRole.Allowed, "configuration")));
        users.AddRange(grants.All.Where(g => !policy.IsConfigured(g.UserId))
            .Select(g => new UserView(g.UserId, g.Note, g.ScopeChatId is null ? CallerRole.Allowed : CallerRole.Stranger, g.ScopeChatId is null ? "/allow" : $"/allow in group {g.ScopeChatId}")));
        return users;
    }

    public static CallerRole Map(UserRole role) => role switch
    {
        UserRole.Admin => CallerRole.Admin,
        UserRole.Allowed => CallerRole.Allowed,
        _ => CallerRole.Stranger,
    };

    public static UserRole Map(CallerRole role) => role switch
    {
        CallerRole.Admin => UserRole.Admin,
        CallerRole.Allowed => UserRole.Allowed,
        _ => UserRole.Stranger,
    };
}
