namespace Orchestrator.Bot.Audit;

/// <summary>One line of the audit log: who did what, where, when.</summary>
public sealed record AuditEntry
{
    public long Id { get; init; }

    /// <summary>ISO 8601, UTC.</summary>
    public string At { get; init; } = "";

    public long UserId { get; init; }

    public string? UserName { get; init; }

    public long ChatId { get; init; }

    public long TopicId { get; init; }

    /// <summary>See <see cref="AuditActions"/>.</summary>
    public string Action { get; init; } = "";

    public string Detail { get; init; } = "";
}

/// <summary>The kinds of audited actions.</summary>
public static class AuditActions
{
    /// <summary>An admin command (/allow, /deny, /users, /admins, /audit), also when refused.</summary>
    public const string Command = "command";

    /// <summary>An approval decided by a button press.</summary>
    public const string Approval = "approval";

    /// <summary>A turn started: the prompt given to an agent.</summary>
    public const string Turn = "turn";

    /// <summary>An agent was created, switched to, or had its model, folder, persona or session changed (command or button).</summary>
    public const string Agent = "agent";

    /// <summary>
    /// A press or command refused because the user may not do it there: someone else's turn or menu, an approval by a
    /// group-scoped user, /allow by a group administrator while Access:AllowGroupAdminGrants is off.
    /// </summary>
    public const string Refused = "refused";

    /// <summary>A group became a supergroup: its agents moved to the new chat id.</summary>
    public const string Migration = "migration";
}
