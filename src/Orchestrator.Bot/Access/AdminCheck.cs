using Microsoft.Extensions.Options;
using Telegram.Bot.Types;

namespace Orchestrator.Bot.Access;

/// <summary>
/// Who may run admin commands in a chat: configured admins everywhere, and — only when
/// <see cref="AccessOptions.AllowGroupAdminGrants"/> is on — in groups the chat's Telegram administrators who are
/// themselves allowed (looked up with getChatAdministrators, cached). Off by default: anyone can create a group.
/// </summary>
public sealed class AdminCheck(ChatAdministrators chatAdmins, IOptionsMonitor<AccessOptions> options)
{
    /// <summary>The role for an admin command in <paramref name="message"/>'s chat: <see cref="UserRole.Admin"/> for an allowed group administrator.</summary>
    public async Task<UserRole> RoleForAdminCommandAsync(Message message, UserRole role, CancellationToken cancellationToken)
    {
        if (role != UserRole.Allowed || message.From is null || !GroupMessageFilter.IsGroup(message.Chat) || !options.CurrentValue.AllowGroupAdminGrants)
        {
            return role;
        }

        return await chatAdmins.IsAdministratorAsync(message.Chat.Id, message.From.Id, cancellationToken) ? UserRole.Admin : role;
    }
}
