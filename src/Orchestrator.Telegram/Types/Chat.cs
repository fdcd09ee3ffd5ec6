using Orchestrator.Telegram.Types.Enums;

namespace Orchestrator.Telegram.Types;

public sealed class Chat
{
    public long Id { get; set; }

    public ChatType Type { get; set; }

    public string? Title { get; set; }

    public string? Username { get; set; }

    public string? FirstName { get; set; }

    public bool IsForum { get; set; }
}
