using System.Text.RegularExpressions;
using Orchestrator.Bot.Commands;
using Orchestrator.Bot.Engines;
using Microsoft.Extensions.Options;

namespace Orchestrator.Bot.Sessions.Commands;

/// <summary><c>/agent new NAME [codex|claude|copilot…]</c>: creates an agent in this chat (default folder, no persona) and switches to it.</summary>
public sealed partial class AgentCommand(AgentControl control, EngineRegistry engines, EngineNames names, IOptions<AgentsOptions> options) : IBotCommand
{
    private string Usage => $"Usage: /agent new NAME [{names.Alternatives}] — NAME: letters, digits, - and _ (up to 32).";

    public string Name => "agent";

    public bool ChangesAgent(ParsedCommand command) => command.Arguments.Length > 0; // bare: shows the current value or the usage

    public string Description => $"Create an agent: /agent new NAME [{names.Alternatives}]";

    public async Task ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var words = context.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length is < 2 or > 3 || !string.Equals(words[0], "new", StringComparison.OrdinalIgnoreCase))
        {
            await context.ReplyAsync(Usage, cancellationToken);
            return;
        }

        var name = words[1];
        if (!NamePattern().IsMatch(name))
        {
            await context.ReplyAsync($"“{AgentTexts.Excerpt(name, 40)}” cannot be an agent name. {Usage}", cancellationToken);
            return;
        }

        var engine = words.Length == 3 ? words[2].ToLowerInvariant() : options.Value.DefaultEngine;
        if (!names.IsKnown(engine))
        {
            await context.ReplyAsync($"Unknown engine “{AgentTexts.Excerpt(words[2], 20)}”: use {names.Listed}.", cancellationToken);
            return;
        }

        try
        {
            engines.Get(engine);
        }
        catch (EngineUnavailableException ex)
        {
            await context.ReplyAsync($"❌ {ex.Message}", cancellationToken);
            return;
        }

        var (outcome, agent) = await control.CreateAsync(AgentChat.KeyOf(context.Message), name, engine, cancellationToken);
        var answer = outcome switch
        {
            ChangeOutcome.Busy => AgentTexts.Busy,
            ChangeOutcome.NameTaken => $"There is already an agent named {name} here: /use {name} switches to it.",
            ChangeOutcome.LimitReached =>
                $"❌ This chat already has {options.Value.MaxAgentsPerChat} agents, the most it may have (Agents:MaxAgentsPerChat). /use switches to one of them; /agents lists them.",
            _ => $"✨ Created {AgentTexts.Line(agent!)}. It is now the current agent: your next message starts its first session.",
        };
        await context.ReplyAsync(answer, cancellationToken);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    private static partial Regex NamePattern();
}
