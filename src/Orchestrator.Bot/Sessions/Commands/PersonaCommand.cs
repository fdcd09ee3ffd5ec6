using Orchestrator.Bot.Commands;

namespace Orchestrator.Bot.Sessions.Commands;

/// <summary>
/// <c>/persona [TEXT|clear]</c>: shows, sets or clears the current agent's persona (Codex developer instructions, Claude
/// appended system prompt). A change starts a new session: a persona only applies from a session's start.
/// </summary>
public sealed class PersonaCommand(AgentControl control) : IBotCommand
{
    public const int MaxLength = 4000;

    public string Name => "persona";

    public bool ChangesAgent(ParsedCommand command) => command.Arguments.Length > 0; // bare: shows the current value or the usage

    public string Description => "Show, set or clear the agent's persona: /persona [TEXT|clear]";

    public async Task ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var chat = AgentChat.KeyOf(context.Message);
        var agent = await control.CurrentAsync(chat, cancellationToken);
        var argument = context.Arguments.Trim();
        if (argument.Length == 0)
        {
            await context.ReplyAsync(
                agent.Persona is null
                    ? $"{AgentTexts.Title(agent)} has no persona. Set one with /persona TEXT."
                    : $"🎭 Persona of {AgentTexts.Title(agent)}:\n{agent.Persona}\n\nChange it with /persona TEXT, remove it with /persona clear.",
                cancellationToken);
            return;
        }

        string? persona = string.Equals(argument, "clear", StringComparison.OrdinalIgnoreCase) ? null : argument;
        if (persona is { Length: > MaxLength })
        {
            await context.ReplyAsync($"A persona can have at most {MaxLength} characters (this one has {persona.Length}).", cancellationToken);
            return;
        }

        if (persona == agent.Persona)
        {
            await context.ReplyAsync(persona is null ? $"{AgentTexts.Title(agent)} has no persona." : "That is already the persona.", cancellationToken);
            return;
        }

        var (outcome, changed) = await control.ChangeAsync(chat, a => a with { Persona = persona, SessionId = null }, cancellationToken);
        if (outcome == ChangeOutcome.Busy)
        {
            await context.ReplyAsync(AgentTexts.Busy, cancellationToken);
            return;
        }

        var done = persona is null ? "removed" : "set";
        await context.ReplyAsync($"🎭 Persona of {AgentTexts.Title(changed!)} {done}. {AgentTexts.NewSessionNote}", cancellationToken);
    }
}
