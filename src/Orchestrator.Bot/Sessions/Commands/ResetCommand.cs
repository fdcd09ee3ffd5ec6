using Orchestrator.Bot.Commands;

namespace Orchestrator.Bot.Sessions.Commands;

/// <summary><c>/reset</c>: the current agent's next message starts a new session (same settings, no earlier history).</summary>
public sealed class ResetCommand(AgentControl control) : IBotCommand
{
    public string Name => "reset";

    public string Description => "Start a new session with the current agent";

    public async Task ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var (outcome, agent) = await control.NewSessionAsync(AgentChat.KeyOf(context.Message), cancellationToken);
        await context.ReplyAsync(
            outcome == ChangeOutcome.Busy
                ? AgentTexts.Busy
                : $"🆕 New session: your next message starts a fresh conversation with {AgentTexts.Title(agent!)}. /sessions lists the earlier ones.",
            cancellationToken);
    }
}
