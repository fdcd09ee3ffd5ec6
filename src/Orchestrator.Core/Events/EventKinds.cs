namespace Orchestrator.Core.Events;

/// <summary>The kinds of <see cref="ControlEvent"/>, as stored and as sent over the API.</summary>
public static class EventKinds
{
    public const string ProjectAdded = "project.added";
    public const string ProjectUpdated = "project.updated";
    public const string ProjectRemoved = "project.removed";
    public const string CommandReceived = "command.received";
    public const string SessionState = "session.state";
    public const string WorktreeCreated = "worktree.created";
    public const string WorktreeRemoved = "worktree.removed";
    public const string ArtifactCreated = "artifact.created";
    public const string ApprovalRequested = "approval.requested";
    public const string ApprovalResolved = "approval.resolved";
    public const string TurnStarted = "turn.started";
    public const string TurnEnded = "turn.ended";
}
