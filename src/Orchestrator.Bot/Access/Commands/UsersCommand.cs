using System.Globalization;
using Microsoft.Extensions.Options;
using Orchestrator.Bot.Commands;

namespace Orchestrator.Bot.Access.Commands;

/// <summary><c>/users</c>: everyone who may use the bot — from the configuration, and allowed with /allow (by whom).</summary>
public sealed class UsersCommand(IOptionsMonitor<AccessOptions> options, AccessGrants grants) : IBotCommand
{
    public string Name => "users";

    public string Description => "List the users allowed to use the bot";

    public bool AdminOnly => true;

    public Task ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var access = options.CurrentValue;
        var lines = new List<string> { "Admins (configuration):" };
        lines.AddRange(Ids(access.AdminUserIds));
        lines.Add("Allowed (configuration):");
        lines.AddRange(Ids(access.AllowedUserIds.Except(access.AdminUserIds)));
        lines.Add("Allowed with /allow:");
        var granted = grants.All;
        lines.AddRange(granted.Count == 0
            ? ["  (none)"]
            : granted.Select(g =>
                $"  {UserArgument.Describe(g.UserId, g.Note)} — by {g.GrantedBy.ToString(CultureInfo.InvariantCulture)} on {Day(g.GrantedAt)}"
                + (g.ScopeChatId is long only ? $", only in chat {only.ToString(CultureInfo.InvariantCulture)}" : "")));
        return context.ReplyAsync(string.Join('\n', lines), cancellationToken);
    }

    private static IEnumerable<string> Ids(IEnumerable<long> ids)
    {
        var list = ids.Distinct().Select(id => "  " + id.ToString(CultureInfo.InvariantCulture)).ToList();
        return list.Count == 0 ? ["  (none)"] : list;
    }

    private static string Day(string iso) => iso.Length >= 10 ? iso[..10] : iso;
}
