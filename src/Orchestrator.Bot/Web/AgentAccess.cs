using Orchestrator.Bot.Sessions;
using Orchestrator.Core.Conversations;

namespace Orchestrator.Bot.Web;

/// <summary>
/// Which agents an API caller may see and use: an admin every agent, anyone else the agents of their own private chat
/// (the chat whose id is their user id). Groups are left to admins: the API cannot tell who is a member of a group.
/// </summary>
public sealed class AgentAccess(AgentStore agents)
{
    public static bool MayUse(Caller caller, long chatId) => caller.IsAdmin || chatId == caller.UserId;

    /// <summary>The agent, or null when it does not exist or the caller may not use it (the same answer: nothing leaks).</summary>
    public async Task<AgentRecord?> FindAsync(Caller caller, string agentId, CancellationToken cancellationToken)
    {
        if (agentId.Length is 0 or > 64)
        {
            return null;
        }

        var agent = await agents.GetAsync(agentId, cancellationToken);
        return agent is not null && MayUse(caller, agent.ChatId) ? agent : null;
    }
}
