using System.Globalization;
using Microsoft.Extensions.Options;
using Orchestrator.Bot.Commands;

namespace Orchestrator.Bot.Access.Commands;

/// <summary><c>/admins</c>: who may run admin commands here — configured admins, and this group's Telegram administrators who are allowed.</summary>
public sealed class AdminsCommand(IOptionsMonitor<AccessOptions> options, AccessPolicy access, ChatAdministrators chatAdmins) : IBotCommand
{
    public string Name => "admins";

    public string Description => "List who may run admin commands here";

    public bool AdminOnly => true;

    public async Task ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var lines = new List<string> { "Admins (configuration, everywhere):" };
        var configured = options.CurrentValue.AdminUserIds.Distinct().ToList();
        lines.AddRange(configured.Count == 0 ? ["  (none)"] : configured.Select(id => "  " + id.ToString(CultureInfo.InvariantCulture)));
        if (GroupMessageFilter.IsGroup(context.Message.Chat))
        {
            lines.Add("Administrators of this group:");
            var telegramAdmins = await chatAdmins.GetAsync(context.Message.Chat.Id, cancellationToken);
            lines.AddRange(telegramAdmins.Count == 0
                ? ["  (none known)"]
                : telegramAdmins.Select(id => "  " + id.ToString(CultureInfo.InvariantCulture) + (access.IsAllowed(id, context.Message.Chat.Id)
                    ? " — may run admin commands here"
                    : " — not allowed to use the bot")));
        }

        await context.ReplyAsync(string.Join('\n', lines), cancellationToken);
    }
}
