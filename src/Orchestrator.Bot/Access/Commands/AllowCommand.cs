using Orchestrator.Bot.Commands;

namespace Orchestrator.Bot.Access.Commands;

/// <summary><c>/allow &lt;userId&gt;</c> (or as a reply to the user's message): lets the user talk to the bot, at once and after restarts.</summary>
public sealed class AllowCommand(AccessPolicy access, AccessGrants grants) : IBotCommand
{
    public string Name => "allow";

    public string Description => "Allow a user: /allow <user id>, or reply to their message";

    public bool AdminOnly => true;

    public async Task ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        if (UserArgument.Parse(context) is not { } target)
        {
            await context.ReplyAsync($"Whom? Give {UserArgument.Usage}.", cancellationToken);
            return;
        }

        var (userId, name) = target;
        var who = UserArgument.Describe(userId, name);
        if (access.IsConfigured(userId))
        {
            await context.ReplyAsync($"{who} is already allowed by the configuration.", cancellationToken);
            return;
        }

        if (!await grants.GrantAsync(userId, context.User.Id, context.Message.Chat.Id, name, cancellationToken))
        {
            await context.ReplyAsync($"{who} is already allowed.", cancellationToken);
            return;
        }

        await context.ReplyAsync($"✅ {who} may now use the bot. /deny {userId} takes it back.", cancellationToken);
    }
}
