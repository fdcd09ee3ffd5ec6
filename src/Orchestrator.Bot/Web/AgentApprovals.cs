using System.Globalization;
using Orchestrator.Agents;
using Orchestrator.Bot.Sessions;
using Orchestrator.Core.Conversations;

namespace Orchestrator.Bot.Web;

/// <summary>
/// <see cref="IAgentApprovals"/> over the <see cref="ApprovalBroker"/> the Telegram buttons use: the same right (the
/// turn's requester or a configured admin), the same first-decision-wins, the same audit entry and prompt edit (which
/// names the API channel). An approval is visible to whoever may see its agent; to anyone else it does not exist.
/// </summary>
public sealed class AgentApprovals(ApprovalBroker broker, ApprovalEvents events, AgentAccess access) : IAgentApprovals
{
    public async Task<OperationResult<IReadOnlyList<ApprovalView>>> PendingAsync(Caller caller, string agentId, CancellationToken cancellationToken = default)
    {
        if (await access.FindAsync(caller, agentId, cancellationToken) is not { } agent)
        {
            return OperationResult<IReadOnlyList<ApprovalView>>.Fail(OperationStatus.NotFound, $"There is no agent {agentId} you can use (GET /api/v1/agents lists yours).");
        }

        return OperationResult<IReadOnlyList<ApprovalView>>.Ok(broker.PendingFor(agent.Id).Select(View).ToList());
    }

    public async Task<OperationResult<ApprovalDecided>> DecideAsync(Caller caller, string approvalId, ApprovalChoice choice, CancellationToken cancellationToken = default)
    {
        var pending = broker.Find(approvalId);
        var agentId = pending?.Run.AgentId ?? events.Resolution(approvalId)?.AgentId;
        if (agentId is null || await access.FindAsync(caller, agentId, cancellationToken) is null)
        {
            return OperationResult<ApprovalDecided>.Fail(OperationStatus.NotFound, "There is no such approval waiting (GET /api/v1/agents/{id}/approvals lists them).");
        }

        if (pending is null)
        {
            return AlreadyDecided(approvalId);
        }

        var decision = choice switch
        {
            ApprovalChoice.Approve => ApprovalDecision.Approve,
            ApprovalChoice.ApproveSession => ApprovalDecision.ApproveForSession,
            _ => ApprovalDecision.Deny,
        };
        var press = await broker.DecideAsync(approvalId, decision, ApiUsers.ToUser(caller), pending.Run.Chat, caller.Channel, cancellationToken);
        return press switch
        {
            ApprovalPress.Decided => OperationResult<ApprovalDecided>.Ok(new ApprovalDecided(approvalId, ApprovalEvents.Decisions.Of(decision))),
            ApprovalPress.NotRequester => OperationResult<ApprovalDecided>.Fail(OperationStatus.Forbidden, "Only the user who started this turn, or an admin of the bot, may decide its approvals."),
            ApprovalPress.GroupScoped => OperationResult<ApprovalDecided>.Fail(OperationStatus.Forbidden, "Users allowed only by a group administrator do not decide approvals."),
            _ => AlreadyDecided(approvalId),
        };
    }

    private OperationResult<ApprovalDecided> AlreadyDecided(string approvalId) =>
        OperationResult<ApprovalDecided>.Fail(
            OperationStatus.Conflict,
            events.Resolution(approvalId) is { } done
                ? $"This approval was already resolved: {done.Decision.Replace('_', ' ')}."
                : "This approval is no longer waiting for a decision.");

    private ApprovalView View(PendingApproval approval) => new(
        approval.Key,
        approval.Run.AgentId,
        approval.Run.TurnId,
        approval.Kind,
        approval.Title,
        events.RedactedDetail(approval),
        approval.RequestedAt.ToString("O", CultureInfo.InvariantCulture));
}
