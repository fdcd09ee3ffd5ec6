namespace Orchestrator.Bot.Sessions;

/// <summary>What became of a press of Approve / Approve for session / Deny.</summary>
public enum ApprovalPress
{
    /// <summary>The decision went to the agent.</summary>
    Decided,

    /// <summary>The approval is unknown, already decided, or belongs to another chat or topic: the button is stale.</summary>
    Stale,

    /// <summary>Refused: someone other than the turn's requester (and not an admin) pressed.</summary>
    NotRequester,

    /// <summary>Refused: the requester was allowed only by a group administrator, and such users never approve.</summary>
    GroupScoped,
}
