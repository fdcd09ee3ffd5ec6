using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Bot.Access;
using Orchestrator.Bot.Telegram.Outbox;

namespace Orchestrator.Bot.Commands;

/// <summary><c>/help</c> (and <c>/start</c>): what the bot is and the commands this user may run.</summary>
public sealed class HelpCommand(IServiceProvider services, string name = "help") : IBotCommand
{
    public string Name { get; } = name;

    public string Description => Name == "start" ? "Start: what this bot does" : "List the commands";

    public async Task ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        // Resolved lazily: the catalog contains this command.
        var catalog = services.GetRequiredService<CommandCatalog>();
        var role = context.Role;
        if (catalog.All.Any(c => c.AdminOnly))
        {
            // An allowed Telegram administrator of a group may run the admin commands there: list them too.
            role = await services.GetRequiredService<AdminCheck>().RoleForAdminCommandAsync(context.Message, role, cancellationToken);
        }

        var html = new StringBuilder();
        var plain = new StringBuilder();
        const string intro = "I run coding agents on my host for you. Send a message to talk to the current agent.";
        html.Append("<b>Orchestrator.Bot</b>\n").Append(intro).Append("\n\n");
        plain.Append("Orchestrator.Bot\n").Append(intro).Append("\n\n");
        foreach (var command in catalog.All.Where(c => c.Name != "start"))
        {
            if (command.AdminOnly && role != UserRole.Admin)
            {
                continue;
            }

            html.Append('/').Append(command.Name).Append(" — ").Append(WebUtility.HtmlEncode(command.Description)).Append('\n');
            plain.Append('/').Append(command.Name).Append(" — ").Append(command.Description).Append('\n');
        }

        await context.ReplyAsync(new OutgoingContent(html.ToString().TrimEnd(), plain.ToString().TrimEnd()), cancellationToken);
    }
}
