namespace Orchestrator.Core.Conversations;

/// <summary>A pending approval of a plain agent chat's turn, as the API shows it.</summary>
/// <param name="Kind"><c>command</c>, <c>file_change</c> or <c>permission</c>.</param>
/// <param name="Detail">The command line or the changed files, redacted and cut at 2000 characters.</param>
public sealed record ApprovalView(
    string Id,
    string AgentId,
    long TurnId,
    string Kind,
    string Title,
    string? Detail,
    string RequestedAt);

/// <summary>What a caller decides: the Telegram buttons Approve, Approve for session and Deny.</summary>
public enum ApprovalChoice
{
    Approve,
    ApproveSession,
    Deny,
}

/// <summary>The decision taken (<c>approved</c>, <c>approved_for_session</c> or <c>denied</c>).</summary>
public sealed record ApprovalDecided(string Id, string Decision);

/// <summary>
/// The approvals of plain agent chats, for faces other than Telegram. The host decides through the same path as the
/// Telegram buttons: only the turn's requester or an admin decides, the first decision wins, the Telegram prompt is
/// edited naming who decided and from where, and the decision is audited.
/// </summary>
public interface IAgentApprovals
{
    /// <summary>The agent's approvals still waiting for a decision, oldest first.</summary>
    Task<OperationResult<IReadOnlyList<ApprovalView>>> PendingAsync(Caller caller, string agentId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Decides a pending approval: <see cref="OperationStatus.NotFound"/> when it is unknown or the caller may not see its
    /// agent, <see cref="OperationStatus.Forbidden"/> when the caller may see it but not decide it,
    /// <see cref="OperationStatus.Conflict"/> when it was already decided or expired.
    /// </summary>
    Task<OperationResult<ApprovalDecided>> DecideAsync(Caller caller, string approvalId, ApprovalChoice choice, CancellationToken cancellationToken = default);
}
