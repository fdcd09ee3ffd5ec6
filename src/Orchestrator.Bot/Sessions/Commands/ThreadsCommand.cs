using System.Globalization;
using System.Text;
using Orchestrator.Bot.Commands;
using Orchestrator.Bot.Sessions.History;
using Orchestrator.Bot.Telegram.Outbox;
using Telegram.Bot.Types.ReplyMarkups;

namespace Orchestrator.Bot.Sessions.Commands;

/// <summary>
/// <c>/threads</c>: the current agent's recent conversation threads (table <c>sessions</c>), with a button per older one
/// to continue it. Called threads, not sessions, since <c>/sessions</c> lists coding sessions (docs/sessions.md).
/// </summary>
public sealed class ThreadsCommand(AgentControl control, SessionStore sessions) : IBotCommand
{
    public const int Shown = 10;

    public string Name => "threads";

    public string Description => "List the agent's conversation threads and continue one";

    public async Task ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var agent = await control.CurrentAsync(AgentChat.KeyOf(context.Message), cancellationToken);
        var list = await sessions.ListByAgentAsync(agent.Id, Shown, cancellationToken);
        if (list.Count == 0)
        {
            await context.ReplyAsync($"{AgentTexts.Title(agent)} has no conversation threads yet: send a message to start one.", cancellationToken);
            return;
        }

        var text = new StringBuilder("Conversation threads of ").Append(AgentTexts.Title(agent)).Append(", most recent first:\n");
        var buttons = new List<InlineKeyboardButton[]>();
        for (var i = 0; i < list.Count; i++)
        {
            var session = list[i];
            var number = (i + 1).ToString(CultureInfo.InvariantCulture);
            var isCurrent = session.SessionId == agent.SessionId;
            var prompt = AgentTexts.Excerpt(session.FirstPrompt, 60);
            text.Append(isCurrent ? "▶️ " : "").Append(number).Append(". ")
                .Append("started ").Append(AgentTexts.Time(session.StartedAt))
                .Append(" · last used ").Append(AgentTexts.Time(session.LastUsedAt))
                .Append(" · ").Append(session.TurnCount).Append(session.TurnCount == 1 ? " turn" : " turns")
                .Append(prompt.Length > 0 ? $" · “{prompt}”" : "")
                .Append(isCurrent ? " (current)" : "")
                .Append('\n');
            if (!isCurrent)
            {
                var label = $"↩️ {number}. {(prompt.Length > 0 ? AgentTexts.Excerpt(session.FirstPrompt, 28) : AgentTexts.Time(session.StartedAt))}";
                buttons.Add([InlineKeyboardButton.WithCallbackData(label, AgentButtons.Session(session.Id))]);
            }
        }

        if (agent.SessionId is null)
        {
            text.Append("Your next message starts a new thread.\n");
        }

        text.Append(buttons.Count > 0 ? "Press a button to continue an earlier thread." : "");
        var markup = buttons.Count > 0 ? new InlineKeyboardMarkup(buttons) : null;
        await context.ReplyAsync(OutgoingContent.FromPlainText(text.ToString().TrimEnd(), markup), cancellationToken);
    }
}
