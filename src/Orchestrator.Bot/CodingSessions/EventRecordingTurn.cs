using System.Runtime.CompilerServices;
using Orchestrator.Agents;
using Orchestrator.Core.CodingSessions;
using Orchestrator.Core.Events;

namespace Orchestrator.Bot.CodingSessions;

/// <summary>
/// A coding session's turn as <see cref="TurnRun"/> reads it, recording its approvals as control events
/// (<c>approval.requested</c>, <c>approval.resolved</c>) on the way; everything else passes through unchanged.
/// </summary>
internal sealed class EventRecordingTurn(IAgentTurn inner, CodingSession session, IEventLog events) : IAgentTurn
{
    public string TurnId => inner.TurnId;

    public IAsyncEnumerable<AgentEvent> Events => ReadAsync();

    public Task<TurnEnded> Completion => inner.Completion;

    public Task SteerAsync(IReadOnlyList<AgentInput> input, CancellationToken cancellationToken = default) => inner.SteerAsync(input, cancellationToken);

    public Task InterruptAsync(CancellationToken cancellationToken = default) => inner.InterruptAsync(cancellationToken);

    public Task RespondToApprovalAsync(string approvalId, ApprovalDecision decision, CancellationToken cancellationToken = default) =>
        inner.RespondToApprovalAsync(approvalId, decision, cancellationToken);

    private async IAsyncEnumerable<AgentEvent> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var ev in inner.Events.WithCancellation(cancellationToken))
        {
            switch (ev)
            {
                case ApprovalRequested requested:
                    var what = requested.Request.Command ?? requested.Request.ToolName ?? requested.Request.Kind.ToString();
                    await AppendAsync(EventKinds.ApprovalRequested, $"approval requested: {SessionTexts.Excerpt(what, 200)}");
                    break;
                case ApprovalResolved:
                    await AppendAsync(EventKinds.ApprovalResolved, "approval resolved");
                    break;
            }

            yield return ev;
        }
    }

    private async Task AppendAsync(string kind, string summary)
    {
        try
        {
            await events.AppendAsync(new NewControlEvent(kind, summary, ProjectId: session.ProjectId, SessionId: session.Id, ChatId: session.ChatId));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // An event that cannot be stored must not break the turn; the approval itself still works.
        }
    }
}
