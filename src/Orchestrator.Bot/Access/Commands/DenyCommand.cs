using Orchestrator.Bot.Commands;

namespace Orchestrator.Bot.Access.Commands;

/// <summary>
/// <c>/deny &lt;userId&gt;</c>: takes back an <c>/allow</c>. Users from the configuration cannot be removed by chat commands;
/// a group's Telegram administrators can only take back grants made in their group.
/// </summary>
public sealed class DenyCommand(AccessPolicy access, AccessGrants grants) : IBotCommand
{
    public string Name => "deny";

    public string Description => "Take back /allow: /deny <user id>, or reply to their message";

    public bool AdminOnly => true;

    public async Task ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        if (await UserArgument.RequireAsync(context, cancellationToken) is not var (userId, _, who))
        {
            return;
        }

        if (access.IsConfigured(userId))
        {
            await context.ReplyAsync(
                $"⚠️ {who} is allowed by the bot's configuration (Access:AllowedUserIds / Access:AdminUserIds), which chat commands cannot change. The bot's owner must edit the configuration and restart it.",
                cancellationToken);
            return;
        }

        // A group's administrators manage their own group's grants; configured admins manage all of them.
        if (grants.Find(userId) is { } grant && grant.GrantedIn != context.Message.Chat.Id && !access.IsConfiguredAdmin(context.User.Id))
        {
            await context.ReplyAsync(
                $"{who} was allowed in another chat: only an admin from the configuration (or that chat's administrators) can take it back.",
                cancellationToken);
            return;
        }

        if (!await grants.RevokeAsync(userId, cancellationToken))
        {
            await context.ReplyAsync($"{who} was not allowed: nothing to do.", cancellationToken);
            return;
        }

        await context.ReplyAsync($"🚫 {who} may no longer use the bot.", cancellationToken);
    }
}
