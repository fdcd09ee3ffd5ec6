using Orchestrator.Bot.Access;
using Orchestrator.Bot.CodingSessions;
using Orchestrator.Bot.Commands;
using Orchestrator.Core.CodingSessions;
using Orchestrator.Core.Operations;

namespace Orchestrator.Bot.Sessions;

/// <summary>
/// <c>/stop</c>: interrupts the chat's running turn at once (it bypasses the chat's queue); <c>/stop ID</c> stops a
/// coding session's running turn. Only the user who started the turn or session, or an admin of the bot, may; anyone
/// else is told so and the turn goes on.
/// </summary>
public sealed class StopCommand(AgentChat chat, CodingSessionService sessions, AccessPolicy access) : IBotCommand
{
    public string Name => "stop";

    public string Description => "Stop the agent's running turn, or a coding session's: /stop [ID]";

    public bool Urgent => true;

    public async Task ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        if (context.Arguments.Trim() is { Length: > 0 } id)
        {
            try
            {
                await sessions.StopAsync(id, ControlPlaneCommand.ActorOf(access, context.User, context.Role, context.Message.Chat.Id), cancellationToken);
            }
            catch (RefusedException refused)
            {
                await context.ReplyAsync("⛔ " + refused.Message, cancellationToken);
            }

            return;
        }

        var outcome = await chat.StopAsync(AgentChat.KeyOf(context.Message), context.User, cancellationToken);
        if (!outcome.WasRunning)
        {
            await context.ReplyAsync("Nothing is running.", cancellationToken);
        }
        else if (outcome.Refusal is { } refusal)
        {
            await context.ReplyAsync("⛔ " + refusal, cancellationToken);
        }
    }
}
