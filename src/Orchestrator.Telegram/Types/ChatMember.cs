using Orchestrator.Telegram.Types.Enums;

namespace Orchestrator.Telegram.Types;

public sealed class ChatMember
{
    public ChatMemberStatus Status { get; set; }

    public User User { get; set; } = new();
}
