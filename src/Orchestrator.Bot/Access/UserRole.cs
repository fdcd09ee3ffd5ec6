namespace Orchestrator.Bot.Access;

public enum UserRole
{
    /// <summary>Not in any allow list: gets a short refusal, nothing else happens.</summary>
    Stranger,

    /// <summary>May talk to agents and decide approvals.</summary>
    Allowed,

    /// <summary>Allowed, plus admin commands.</summary>
    Admin,
}
