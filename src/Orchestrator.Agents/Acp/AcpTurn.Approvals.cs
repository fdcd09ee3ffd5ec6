using System.Text.Json.Nodes;

namespace Orchestrator.Agents.Acp;

/// <summary>The permission side of a turn: <c>session/request_permission</c> → <see cref="ApprovalRequested"/> → the chosen option.</summary>
internal sealed partial class AcpTurn
{
    public Task RespondToApprovalAsync(string approvalId, ApprovalDecision decision, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            ResolveLocked(approvalId, decision);
        }

        return Task.CompletedTask;
    }

    /// <summary>Emits <see cref="ApprovalRequested"/> and waits for the user's decision; returns the ACP outcome.</summary>
    public async Task<JsonObject> RequestPermissionAsync(AcpPermissionRequest request, CancellationToken cancellationToken)
    {
        Pending pending;
        lock (_lock)
        {
            if (IsEnded || _interrupted)
            {
                return AcpPermissionRequest.Cancelled();
            }

            var id = $"{TurnId}-p{++_approvalCounter}";
            pending = new Pending(request);
            _approvals[id] = pending;
            var kind = request.Command is not null ? ApprovalKind.Command
                : request.ToolKind is "edit" or "delete" or "move" ? ApprovalKind.FileChange
                : ApprovalKind.Tool;
            var tool = request.ToolCallId is not null && _tools.TryGetValue(request.ToolCallId, out var item) ? item : null;
            Emit(new ApprovalRequested(new ApprovalRequest(
                id, kind, request.Command, Reason: request.Title, Changes: tool?.Changes, ToolName: request.Title ?? tool?.ToolName)));
        }

        return await pending.Outcome.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private void ResolveLocked(string approvalId, ApprovalDecision? decision)
    {
        if (!_approvals.Remove(approvalId, out var pending))
        {
            return;
        }

        if (decision is ApprovalDecision.Deny or ApprovalDecision.Cancel or null && pending.Request.ToolCallId is { } tool)
        {
            _declinedTools.Add(tool);
        }

        pending.Outcome.TrySetResult(decision is { } d ? pending.Request.OutcomeFor(d) : AcpPermissionRequest.Cancelled());
        Emit(new ApprovalResolved(approvalId));
        if (decision == ApprovalDecision.Cancel)
        {
            _ = Task.Run(() => InterruptAsync());
        }
    }

    private sealed record Pending(AcpPermissionRequest Request)
    {
        public TaskCompletionSource<JsonObject> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
