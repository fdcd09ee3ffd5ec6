using System.Text;
using Orchestrator.Bot.Commands;
using Orchestrator.Bot.Engines;
using Orchestrator.Bot.Telegram.Outbox;
using Telegram.Bot.Types.ReplyMarkups;

namespace Orchestrator.Bot.Sessions.Commands;

/// <summary><c>/agents</c>: the chat's agents, the current one marked, with a button per other agent to switch to it.</summary>
public sealed class AgentsCommand(AgentControl control, AgentStore agents, EngineNames engines) : IBotCommand
{
    public string Name => "agents";

    public string Description => "List this chat's agents and switch between them";

    public async Task ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var chat = AgentChat.KeyOf(context.Message);
        var current = await control.CurrentAsync(chat, cancellationToken);
        var all = await agents.ListAsync(chat, cancellationToken);
        var text = new StringBuilder("Agents here:\n");
        var buttons = new List<InlineKeyboardButton[]>();
        foreach (var agent in all)
        {
            var isCurrent = agent.Id == current.Id;
            text.Append(isCurrent ? "▶️ " : "• ").Append(AgentTexts.Line(agent)).Append(isCurrent ? " (current)" : "").Append('\n');
            if (!isCurrent)
            {
                buttons.Add([InlineKeyboardButton.WithCallbackData($"Use {AgentTexts.Title(agent)}", AgentButtons.Use(agent.Id))]);
            }
        }

        text.Append("\nSwitch with /use NAME");
        text.Append(buttons.Count > 0 ? " or a button" : "").Append("; create one with /agent new NAME [").Append(engines.Alternatives).Append("].");
        var markup = buttons.Count > 0 ? new InlineKeyboardMarkup(buttons) : null;
        await context.ReplyAsync(OutgoingContent.FromPlainText(text.ToString(), markup), cancellationToken);
    }
}
