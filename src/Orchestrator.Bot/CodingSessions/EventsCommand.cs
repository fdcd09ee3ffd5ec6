using System.Globalization;
using System.Text;
using Orchestrator.Bot.Access;
using Orchestrator.Bot.Commands;
using Orchestrator.Core.Events;
using Orchestrator.Core.Operations;

namespace Orchestrator.Bot.CodingSessions;

/// <summary>
/// <c>/events [n] [--all]</c>: this chat's newest control-plane events (state changes, worktrees, artifacts, approvals,
/// turns); an admin of the bot's <c>--all</c> shows every chat's (and those of no chat, such as projects added).
/// </summary>
public sealed class EventsCommand(AccessPolicy access, IEventLog events) : ControlPlaneCommand(access)
{
    public const int DefaultCount = 15;
    public const int MaxCount = 50;

    public override string Name => "events";

    public override string Description => "Show this chat's latest session events: /events [n] [--all]";

    protected override async Task RunAsync(CommandContext context, Actor actor, CancellationToken cancellationToken)
    {
        var count = DefaultCount;
        var words = context.Arguments.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToList();
        var all = words.Remove("--all");
        if (all && !actor.SeesAllChats)
        {
            throw new RefusedException("Only an admin of the bot can see every chat's events; /events shows this chat's.");
        }

        if (words.Count > 1 || (words.Count == 1
            && (!int.TryParse(words[0], NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxCount)))
        {
            throw new RefusedException($"Usage: /events [n] [--all] with n from 1 to {MaxCount}.");
        }

        var list = await events.ListAsync(new EventQuery(Limit: count, ChatId: all ? null : context.Message.Chat.Id), cancellationToken);
        if (list.Count == 0)
        {
            await context.ReplyAsync(all ? "No events yet." : "No events in this chat yet.", cancellationToken);
            return;
        }

        var text = new StringBuilder(all ? "Latest events of every chat (oldest first):\n" : "Latest events of this chat (oldest first):\n");
        foreach (var e in list.Reverse())
        {
            text.Append(Format(e)).Append('\n');
        }

        await context.ReplyAsync(text.ToString().TrimEnd(), cancellationToken);
    }

    public static string Format(ControlEvent e) =>
        $"#{e.Id.ToString(CultureInfo.InvariantCulture)} {e.At:HH:mm:ss} {e.Kind}: {SessionTexts.Excerpt(e.Summary, 300)}";
}
