using Orchestrator.Core.Conversations;
using Telegram.Bot.Types;

namespace Orchestrator.Bot.Web;

/// <summary>An API caller as the Telegram side knows users (turn requester, audit log entries).</summary>
public static class ApiUsers
{
    public static User ToUser(Caller caller) => new()
    {
        Id = caller.UserId,
        IsBot = false,
        FirstName = caller.Name.StartsWith("user ", StringComparison.Ordinal) ? $"{caller.Name} ({caller.Channel})" : caller.Name,
    };
}
