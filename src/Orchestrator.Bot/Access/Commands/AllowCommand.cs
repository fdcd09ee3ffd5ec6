using Orchestrator.Bot.Commands;

namespace Orchestrator.Bot.Access.Commands;

/// <summary>
/// <c>/allow &lt;userId&gt;</c> (or as a reply to the user's message): lets the user talk to the bot, at once and after
/// restarts. Everywhere when an admin from the configuration asks; only in that group when a group's administrator does.
/// </summary>
public sealed class AllowCommand(AccessPolicy access, AccessGrants grants) : IBotCommand
{
    public string Name => "allow";

    public string Description => "Allow a user: /allow <user id>, or reply to their message";

    public bool AdminOnly => true;

    public async Task ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        if (await UserArgument.RequireAsync(context, cancellationToken) is not var (userId, name, who))
        {
            return;
        }

        if (access.IsConfigured(userId))
        {
            await context.ReplyAsync($"{who} is already allowed by the configuration.", cancellationToken);
            return;
        }

        // An admin from the configuration allows everywhere; a group's administrator only in their group.
        var chat = context.Message.Chat.Id;
        long? scope = access.IsConfiguredAdmin(context.User.Id) ? null : chat;
        var result = await grants.GrantAsync(userId, context.User.Id, chat, scope, name, cancellationToken);
        var reply = result switch
        {
            GrantResult.AlreadyAllowed => $"{who} is already allowed{(scope is null ? "" : " here")}.",
            GrantResult.AllowedElsewhere => $"{who} is allowed only in another group. An admin from the bot's configuration can allow them everywhere.",
            GrantResult.Widened => $"✅ {who} may now use the bot everywhere, not only in the group where they were allowed. /deny {userId} takes it back.",
            _ when scope is null => $"✅ {who} may now use the bot. /deny {userId} takes it back.",
            _ => $"✅ {who} may now use the bot in this group (not elsewhere: that takes an admin from the bot's configuration). /deny {userId} takes it back.",
        };
        await context.ReplyAsync(reply, cancellationToken);
    }
}
