using Orchestrator.Bot.Access;
using Orchestrator.Bot.Commands;
using Orchestrator.Core.CodingSessions;
using Orchestrator.Core.Operations;

namespace Orchestrator.Bot.CodingSessions;

/// <summary><c>/followup ID TEXT</c>: the next turn of a session waiting for the user (a reply to the session's message does the same).</summary>
public sealed class FollowUpCommand(AccessPolicy access, CodingSessionService sessions) : ControlPlaneCommand(access)
{
    public override string Name => "followup";

    public override string Description => "Continue a coding session: /followup ID TEXT";

    public override bool ChangesAgent(ParsedCommand command) => command.Arguments.Length > 0;

    protected override async Task RunAsync(CommandContext context, Actor actor, CancellationToken cancellationToken)
    {
        var (id, text) = SplitId(context.Arguments, "/followup ID TEXT");
        await sessions.FollowUpAsync(id, text, actor, cancellationToken);
    }
}

/// <summary><c>/resume ID [TEXT]</c>: continues a stopped or failed session in its thread and worktree.</summary>
public sealed class ResumeSessionCommand(AccessPolicy access, CodingSessionService sessions) : ControlPlaneCommand(access)
{
    public override string Name => "resume";

    public override string Description => "Resume a stopped or failed coding session: /resume ID [TEXT]";

    public override bool ChangesAgent(ParsedCommand command) => command.Arguments.Length > 0;

    protected override async Task RunAsync(CommandContext context, Actor actor, CancellationToken cancellationToken)
    {
        var (id, text) = SplitId(context.Arguments, "/resume ID [TEXT]");
        var session = await sessions.ResumeAsync(id, text, actor, cancellationToken);
        if (session.State == SessionStates.Failed)
        {
            await context.ReplyAsync($"❌ Session {session.Id} could not resume: {session.Reason}", cancellationToken);
        }
    }
}

/// <summary><c>/archive ID</c>: puts a finished session away (worktree and branch stay until /delete).</summary>
public sealed class ArchiveSessionCommand(AccessPolicy access, CodingSessionService sessions) : ControlPlaneCommand(access)
{
    public override string Name => "archive";

    public override string Description => "Archive a finished coding session: /archive ID";

    public override bool ChangesAgent(ParsedCommand command) => command.Arguments.Length > 0;

    protected override async Task RunAsync(CommandContext context, Actor actor, CancellationToken cancellationToken)
    {
        var (id, _) = SplitId(context.Arguments, "/archive ID");
        var session = await sessions.ArchiveAsync(id, actor, cancellationToken);
        await context.ReplyAsync($"🗄 Session {session.Id} archived. Its worktree and branch stay until /delete {session.Id}.", cancellationToken);
    }
}
