using Telegram.Bot.Types.Enums;

namespace Orchestrator.Testing.Telegram;

/// <summary>The fake's state of one chat. Guarded by the server's lock.</summary>
internal sealed class FakeChat(long id, ChatType type, string? title, bool isForum)
{
    public long Id { get; } = id;

    public ChatType Type { get; } = type;

    public string? Title { get; } = title;

    public bool IsForum { get; } = isForum;

    public bool IsGroup => Type is ChatType.Group or ChatType.Supergroup;

    public int NextMessageId { get; set; } = 1;

    public SortedDictionary<int, FakeBotMessage> BotMessages { get; } = [];

    /// <summary>Messages written by users: id → plain text (deleted ones are removed).</summary>
    public Dictionary<int, string> UserMessages { get; } = [];

    /// <summary>Who wrote each user message (for <c>reply_to_message.from</c> of the bot's replies).</summary>
    public Dictionary<int, long> UserMessageAuthors { get; } = [];

    public long[] Administrators { get; set; } = [];

    public int RateLimitViolations { get; set; }
}
