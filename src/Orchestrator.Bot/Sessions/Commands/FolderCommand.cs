using Orchestrator.Bot.Commands;

namespace Orchestrator.Bot.Sessions.Commands;

/// <summary><c>/folder [PATH]</c>: shows or changes the current agent's working folder (inside Agents:AllowedRoots); a change starts a new session.</summary>
public sealed class FolderCommand(AgentControl control, FolderPolicy policy) : IBotCommand
{
    public string Name => "folder";

    public bool ChangesAgent(ParsedCommand command) => command.Arguments.Length > 0; // bare: shows the current value or the usage

    public string Description => "Show or change the agent's working folder: /folder [PATH]";

    public async Task ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var chat = AgentChat.KeyOf(context.Message);
        var agent = await control.CurrentAsync(chat, cancellationToken);
        var argument = context.Arguments.Trim();
        if (argument.Length == 0)
        {
            await context.ReplyAsync(
                $"📁 Folder of {AgentTexts.Title(agent)}: {agent.WorkingDirectory}\nAllowed: {string.Join(", ", policy.Roots)} (and their subfolders).\nChange it with /folder PATH (absolute, or relative to the current folder).",
                cancellationToken);
            return;
        }

        var check = policy.Check(argument, agent.WorkingDirectory);
        if (!check.IsAllowed)
        {
            await context.ReplyAsync($"⛔ {check.Problem} The folder stays {agent.WorkingDirectory}.", cancellationToken);
            return;
        }

        if (check.Folder == agent.WorkingDirectory)
        {
            await context.ReplyAsync($"{AgentTexts.Title(agent)} already works in {agent.WorkingDirectory}.", cancellationToken);
            return;
        }

        var (outcome, changed) = await control.ChangeAsync(chat, a => a with { WorkingDirectory = check.Folder!, SessionId = null }, cancellationToken);
        await context.ReplyAsync(
            outcome == ChangeOutcome.Busy ? AgentTexts.Busy : $"📁 Folder of {AgentTexts.Title(changed!)}: {changed!.WorkingDirectory}. {AgentTexts.NewSessionNote}",
            cancellationToken);
    }
}
