namespace Orchestrator.Bot.Commands;

/// <summary>A chat command such as <c>/whoami</c>.</summary>
public interface IBotCommand
{
    /// <summary>The name without the slash, lowercase (1–32 of a–z, 0–9, _).</summary>
    string Name { get; }

    /// <summary>One line for /help and the Telegram command menu.</summary>
    string Description { get; }

    /// <summary>Who may run it. Strangers never reach a command.</summary>
    bool AdminOnly => false;

    /// <summary>
    /// True when this run of the command changes what an agent is or does (its settings, the current agent, its
    /// session): the run is recorded in the audit log. A command that only shows something when bare says so here.
    /// </summary>
    bool ChangesAgent(ParsedCommand command) => false;

    /// <summary>True when it must not wait behind the chat's queue (e.g. /stop).</summary>
    bool Urgent => false;

    Task ExecuteAsync(CommandContext context, CancellationToken cancellationToken);
}
