using Orchestrator.Agents;
using Orchestrator.Bot.Telegram.Outbox;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Bot.Sessions;

/// <summary>
/// What the turn's live message shows: changes are only noted (the answer's text, or the status line alone), and the
/// content is rendered in the turn's own loop when the outbox asks for it.
/// </summary>
public sealed partial class TurnRun
{
    /// <summary>
    /// An approval of this turn was answered: the footer stops saying it waits. Approved, it goes back to what the agent
    /// was doing (the command it asked for runs now, and codex sends no new item for it); otherwise to plain work.
    /// </summary>
    public void ApprovalAnswered(ApprovalDecision decision)
    {
        lock (_gate)
        {
            if (_stopReason is not null || _reply.Activity != WaitingForApproval)
            {
                return;
            }

            var approved = decision is ApprovalDecision.Approve or ApprovalDecision.ApproveForSession;
            _reply.Activity = approved ? _activityBeforeApproval : null;
            PublishActivity(_reply.Activity ?? "");
        }

        MarkStatusDirty();
    }

    private void SetActivity(string activity)
    {
        lock (_gate)
        {
            if (_stopReason is null)
            {
                _reply.Activity = activity;
                PublishActivity(activity);
            }
        }
    }

    /// <summary>Changes are only noted: the content is rendered when the outbox asks for it (<see cref="HandOverContent"/>).</summary>
    private void MarkDirty() => _live.MarkStale();

    /// <summary>Only the status line changed: as a draft, it leaves the chat's last draft update to the answer's words.</summary>
    private void MarkStatusDirty() => _live.MarkStatusStale();

    /// <summary>The outbox asked for the content (a send slot opened): the answer as it is now, rendered here.</summary>
    private void HandOverContent()
    {
        IReadOnlyList<OutgoingContent> pages;
        try
        {
            lock (_gate)
            {
                pages = _reply.RenderRunning(_stopButton);
            }
        }
        catch (Exception ex)
        {
            _context.Logger.LogError(ex, "Rendering the answer of turn {TurnId} failed; keeping its last state", TurnId);
            pages = []; // still an answer: the request is settled and the last state stays
        }

        _live.Update(pages);
    }
}
