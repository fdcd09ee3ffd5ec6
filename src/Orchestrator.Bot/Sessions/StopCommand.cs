using Orchestrator.Bot.Commands;

namespace Orchestrator.Bot.Sessions;

/// <summary><c>/stop</c>: interrupts the chat's running turn at once (it bypasses the chat's queue).</summary>
public sealed class StopCommand(AgentChat chat) : IBotCommand
{
    public string Name => "stop";

    public string Description => "Stop the agent's running turn";

    public bool Urgent => true;

    public async Task ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        if (!await chat.StopAsync(AgentChat.KeyOf(context.Message), context.User, cancellationToken))
        {
            await context.ReplyAsync("Nothing is running.", cancellationToken);
        }
    }
}
