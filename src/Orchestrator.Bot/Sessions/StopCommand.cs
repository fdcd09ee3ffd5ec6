using Orchestrator.Bot.Commands;

namespace Orchestrator.Bot.Sessions;

/// <summary>
/// <c>/stop</c>: interrupts the chat's running turn at once (it bypasses the chat's queue). Only the user who started
/// the turn or an admin of the bot may; anyone else is told so and the turn goes on.
/// </summary>
public sealed class StopCommand(AgentChat chat) : IBotCommand
{
    public string Name => "stop";

    public string Description => "Stop the agent's running turn";

    public bool Urgent => true;

    public async Task ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
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
