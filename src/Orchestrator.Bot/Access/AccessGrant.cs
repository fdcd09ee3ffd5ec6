namespace Orchestrator.Bot.Access;

/// <summary>A user allowed with <c>/allow</c>: who granted it, in which chat, and when.</summary>
public sealed record AccessGrant
{
    public long UserId { get; init; }

    public long GrantedBy { get; init; }

    public long GrantedIn { get; init; }

    /// <summary>The only chat the grant counts in (a group administrator's grant), or null: everywhere.</summary>
    public long? ScopeChatId { get; init; }

    /// <summary>True when the grant counts in <paramref name="chatId"/> (null: a context outside any chat).</summary>
    public bool CountsIn(long? chatId) => ScopeChatId is null || ScopeChatId == chatId;

    /// <summary>The user's name when it was known at the time (a reply to their message), else null.</summary>
    public string? Note { get; init; }

    public string GrantedAt { get; init; } = "";
}
