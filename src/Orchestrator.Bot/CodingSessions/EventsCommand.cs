using System.Globalization;
using System.Text;
using Orchestrator.Bot.Access;
using Orchestrator.Bot.Commands;
using Orchestrator.Core.Events;
using Orchestrator.Core.Operations;

namespace Orchestrator.Bot.CodingSessions;

/// <summary><c>/events [n]</c>: the newest control-plane events (state changes, worktrees, artifacts, approvals, turns).</summary>
public sealed class EventsCommand(AccessPolicy access, IEventLog events) : ControlPlaneCommand(access)
{
    public const int DefaultCount = 15;
    public const int MaxCount = 50;

    public override string Name => "events";

    public override string Description => "Show the latest project and session events: /events [n]";

    protected override async Task RunAsync(CommandContext context, Actor actor, CancellationToken cancellationToken)
    {
        var count = DefaultCount;
        if (context.Arguments.Trim() is { Length: > 0 } given
            && (!int.TryParse(given, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxCount))
        {
            throw new RefusedException($"Usage: /events [n] with n from 1 to {MaxCount}.");
        }

        var list = await events.ListAsync(new EventQuery(Limit: count), cancellationToken);
        if (list.Count == 0)
        {
            await context.ReplyAsync("No events yet.", cancellationToken);
            return;
        }

        var text = new StringBuilder("Latest events (oldest first):\n");
        foreach (var e in list.Reverse())
        {
            text.Append(Format(e)).Append('\n');
        }

        await context.ReplyAsync(text.ToString().TrimEnd(), cancellationToken);
    }

    public static string Format(ControlEvent e) =>
        $"#{e.Id.ToString(CultureInfo.InvariantCulture)} {e.At:HH:mm:ss} {e.Kind}: {SessionTexts.Excerpt(e.Summary, 300)}";
}
