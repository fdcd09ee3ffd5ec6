using Orchestrator.Bot.Access;
using Orchestrator.Bot.Commands;
using Orchestrator.Bot.Sessions;
using Orchestrator.Core.CodingSessions;
using Orchestrator.Core.Operations;

namespace Orchestrator.Bot.CodingSessions;

/// <summary><c>/send AGENT ACTION PROJECT [SCOPE_OR_TASK…] [--model MODEL]</c>: starts a coding session.</summary>
public sealed class SendSessionCommand(AccessPolicy access, SessionStarter starter) : ControlPlaneCommand(access)
{
    public override string Name => "send";

    public override string Description => "Start a coding session: /send AGENT ACTION PROJECT TASK…";

    public override bool ChangesAgent(ParsedCommand command) => command.Arguments.Length > 0;

    protected override Task RunAsync(CommandContext context, Actor actor, CancellationToken cancellationToken) =>
        starter.StartAsync(context, actor, SendCommand.Parse(context.Arguments), cancellationToken);
}

/// <summary><c>/implement</c>, <c>/plan</c>, <c>/analyze</c>, <c>/review</c> <c>PROJECT TASK…</c> with the chat's current agent.</summary>
public sealed class SessionShortcutCommand(string action, AccessPolicy access, SessionStarter starter, AgentStore agents, Microsoft.Extensions.Options.IOptions<Engines.AgentsOptions> options)
    : ControlPlaneCommand(access)
{
    public override string Name => action;

    public override string Description => action switch
    {
        SessionActions.Implement => "Implement a task in a new worktree: /implement PROJECT TASK…",
        SessionActions.Plan => "Plan a task (plan.md) in a new worktree: /plan PROJECT TASK…",
        SessionActions.Analyze => "Analyze a project read-only: /analyze PROJECT [SCOPE…]",
        _ => "Review a project read-only: /review PROJECT [SCOPE…]",
    };

    public override bool ChangesAgent(ParsedCommand command) => command.Arguments.Length > 0;

    protected override async Task RunAsync(CommandContext context, Actor actor, CancellationToken cancellationToken)
    {
        var chat = AgentChat.KeyOf(context.Message);
        var agent = await agents.GetOrCreateCurrentAsync(chat, () => AgentRecord.Default(chat, options.Value), cancellationToken);
        await starter.StartAsync(context, actor, SendCommand.ParseShortcut(agent.Name, action, context.Arguments), cancellationToken);
    }
}
