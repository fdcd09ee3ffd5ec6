using Orchestrator.Bot.Commands;

namespace Orchestrator.Bot.Sessions.Commands;

/// <summary><c>/use NAME</c>: switches the chat to another of its agents (its session continues with the next message), also while the previous one works.</summary>
public sealed class UseCommand(AgentControl control, AgentStore agents) : IBotCommand
{
    public string Name => "use";

    public bool ChangesAgent(ParsedCommand command) => command.Arguments.Length > 0; // bare: shows the current value or the usage

    public string Description => "Switch to another agent: /use NAME";

    public async Task ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var name = context.Arguments.Trim();
        if (name.Length == 0)
        {
            await context.ReplyAsync("Usage: /use NAME — /agents lists the agents of this chat.", cancellationToken);
            return;
        }

        var chat = AgentChat.KeyOf(context.Message);
        var agent = await agents.FindByNameAsync(chat, name, cancellationToken);
        if (agent is null)
        {
            await context.ReplyAsync($"There is no agent named “{AgentTexts.Excerpt(name, 40)}” here. /agents lists them.", cancellationToken);
            return;
        }

        var current = await control.CurrentAsync(chat, cancellationToken);
        if (current.Id == agent.Id)
        {
            await context.ReplyAsync($"{AgentTexts.Title(agent)} is already the current agent.", cancellationToken);
            return;
        }

        var outcome = await control.SwitchAsync(chat, agent, cancellationToken);
        await context.ReplyAsync(SwitchedText(agent, outcome == ChangeOutcome.DoneWhilePreviousWorks ? current : null), cancellationToken);
    }

    /// <summary>The answer to a switch; <paramref name="stillWorking"/>: the previous agent, whose turn is still running.</summary>
    public static string SwitchedText(AgentRecord agent, AgentRecord? stillWorking = null) =>
        $"Now talking to {AgentTexts.Line(agent)}."
        + (agent.SessionId is null ? " Your next message starts its first session." : " Your next message continues its session.")
        + (stillWorking is null ? "" : $" {AgentTexts.Title(stillWorking)} is still working on its turn: its answer will arrive here, and /stop stops it.");
}
