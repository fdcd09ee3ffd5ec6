namespace Orchestrator.Bot.Access;

/// <summary>Whether a user may decide an approval, and if not, why.</summary>
public enum ApprovalRight
{
    Granted,

    /// <summary>Someone else started the turn.</summary>
    NotRequester,

    /// <summary>The user is allowed only by a group administrator's grant.</summary>
    GroupScoped,
}
