namespace Orchestrator.Bot.Access;

/// <summary>What <see cref="AccessGrants.GrantAsync"/> did.</summary>
public enum GrantResult
{
    /// <summary>The user may now use the bot (everywhere, or in the one chat asked for).</summary>
    Granted,

    /// <summary>The user's grant for one chat now counts everywhere.</summary>
    Widened,

    /// <summary>The user was already allowed where asked: nothing changed.</summary>
    AlreadyAllowed,

    /// <summary>The user is allowed only in another chat, and a grant for this chat alone cannot be added: nothing changed.</summary>
    AllowedElsewhere,
}
