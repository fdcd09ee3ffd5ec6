using System.Text;
using Orchestrator.Bot.Commands;
using Orchestrator.Bot.Engines;
using Orchestrator.Bot.Sessions.History;

namespace Orchestrator.Bot.Sessions.Commands;

/// <summary>
/// <c>/status</c>: the current agent, its engine, model, folder, persona, session, tokens used and (when the engine
/// reports it) cost, any engine command the start-up check found unusable, and the running turn.
/// </summary>
public sealed class StatusCommand(AgentControl control, SessionStore sessions, TurnStore turns, EngineHealth engines, TimeProvider time) : IBotCommand
{
    public string Name => "status";

    public string Description => "Show the current agent, its session and what is running";

    public async Task ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var chat = AgentChat.KeyOf(context.Message);
        var agent = await control.CurrentAsync(chat, cancellationToken);
        var text = new StringBuilder()
            .Append(AgentTexts.Title(agent)).Append(" (").Append(agent.Engine).Append(")\n")
            .Append("Model: ").Append(AgentTexts.ModelOf(agent)).Append('\n')
            .Append("Folder: ").Append(agent.WorkingDirectory).Append('\n')
            .Append("Persona: ").Append(agent.Persona is null ? "none" : AgentTexts.Excerpt(agent.Persona, 80)).Append('\n');

        if (agent.SessionId is { } sessionId)
        {
            var session = await sessions.FindAsync(agent.Id, sessionId, cancellationToken);
            text.Append("Session: ").Append(sessionId);
            if (session is not null)
            {
                text.Append(" · started ").Append(AgentTexts.Time(session.StartedAt));
            }

            var tokens = await turns.TokensOfSessionAsync(agent.Id, sessionId, cancellationToken);
            var (input, output) = tokens.For(agent.Engine);
            text.Append(" · ").Append(tokens.Turns).Append(tokens.Turns == 1 ? " turn" : " turns").Append('\n')
                .Append("Tokens (this session): ").Append(AgentTexts.Count(input)).Append(" in · ").Append(AgentTexts.Count(output)).Append(" out\n");
            if (tokens.SumCostUsd is { } cost)
            {
                text.Append("Cost (this session): ").Append(AgentTexts.Dollars(cost)).Append('\n');
            }
        }
        else
        {
            text.Append("Session: none yet (your next message starts one)\n");
        }

        foreach (var problem in engines.Problems)
        {
            // Found by the start-up check (EnginePreflight): a missing or broken engine command.
            text.Append("⚠️ ").Append(problem).Append('\n');
        }

        if (control.RunningTurn(chat) is { } running)
        {
            text.Append("Running: turn ").Append(running.TurnId).Append(" for ").Append(AgentTexts.Duration(time.GetUtcNow() - running.StartedAt));
        }
        else
        {
            text.Append("Running: nothing");
        }

        await context.ReplyAsync(text.ToString(), cancellationToken);
    }
}
