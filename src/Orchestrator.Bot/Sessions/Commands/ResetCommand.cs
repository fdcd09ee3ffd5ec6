using Orchestrator.Bot.Commands;
using Orchestrator.Bot.Media;

namespace Orchestrator.Bot.Sessions.Commands;

/// <summary>
/// <c>/reset</c>: the current agent's next message starts a new session (same settings, no earlier history).
/// The images of the session being reset are deleted (those another session still uses are kept).
/// </summary>
public sealed class ResetCommand(AgentControl control, MediaStore media) : IBotCommand
{
    public string Name => "reset";

    public bool ChangesAgent(ParsedCommand command) => true;

    public string Description => "Start a new session with the current agent";

    public async Task ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var chat = AgentChat.KeyOf(context.Message);
        var before = await control.CurrentAsync(chat, cancellationToken);
        var (outcome, agent) = await control.NewSessionAsync(chat, cancellationToken);
        if (outcome == ChangeOutcome.Done && before.SessionId is { } reset)
        {
            await media.DeleteSessionImagesAsync(before.Id, reset, cancellationToken);
        }

        await context.ReplyAsync(
            outcome == ChangeOutcome.Busy
                ? AgentTexts.Busy
                : $"🆕 New session: your next message starts a fresh conversation with {AgentTexts.Title(agent!)}. /threads lists the earlier ones.",
            cancellationToken);
    }
}
