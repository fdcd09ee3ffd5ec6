using Orchestrator.Bot.Access;
using Orchestrator.Bot.Commands;
using Orchestrator.Core.Operations;
using Orchestrator.Telegram;
using Telegram.Bot.Types;

namespace Orchestrator.Bot.CodingSessions;

/// <summary>
/// A command that is a thin face over a core operation: the user becomes an <see cref="Actor"/>, and a refusal of the
/// core (<see cref="RefusedException"/>: bad input, wrong state, not theirs) is shown as is.
/// </summary>
public abstract class ControlPlaneCommand(AccessPolicy access) : IBotCommand
{
    public abstract string Name { get; }

    public abstract string Description { get; }

    public virtual bool ChangesAgent(ParsedCommand command) => false;

    public async Task ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        try
        {
            await RunAsync(context, ActorOf(access, context.User, context.Role, context.Message.Chat.Id), cancellationToken);
        }
        catch (RefusedException refused)
        {
            await context.ReplyAsync("⛔ " + refused.Message, cancellationToken);
        }
    }

    protected abstract Task RunAsync(CommandContext context, Actor actor, CancellationToken cancellationToken);

    /// <summary>
    /// Admins: the configured ones, and whoever the command's role check made admin (group administrators with grants,
    /// for the sessions of that group). Acting in <paramref name="chatId"/>, they see its sessions and the ones they
    /// requested; a configured admin sees every chat's.
    /// </summary>
    public static Actor ActorOf(AccessPolicy access, User user, UserRole role, long? chatId = null)
    {
        var configured = access.IsConfiguredAdmin(user.Id);
        return new(user.Id, user.DisplayName, role == UserRole.Admin || configured, chatId, SeesAllChats: configured);
    }

    /// <summary>Splits "ID rest…" into the id and the rest.</summary>
    protected static (string Id, string Remainder) SplitId(string arguments, string usage)
    {
        var parts = arguments.Trim().Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length == 0 ? throw new RefusedException("Usage: " + usage) : (parts[0], parts.Length > 1 ? parts[1] : "");
    }
}
