using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Bot.Access;
using Orchestrator.Bot.Audit;
using Orchestrator.Bot.Engines;
using Orchestrator.Bot.Sessions;
using Orchestrator.Bot.Sessions.Commands;
using Orchestrator.Core.Conversations;

namespace Orchestrator.Bot.Web;

/// <summary>
/// <see cref="IAgentConversations"/> over the code Telegram uses: <see cref="AgentControl"/> (as <c>/agent new</c> and
/// <c>/use</c>), <see cref="AgentChat"/> (a message, <c>/stop</c>), the per-user rate limit, and the audit log.
/// </summary>
public sealed partial class AgentConversations(
    AgentStore agents,
    TurnStore turns,
    ChatRuntimes runtimes,
    AgentControl control,
    AgentChat chat,
    AgentAccess access,
    ImageUploads images,
    EngineRegistry engines,
    EngineNames engineNames,
    UserRateLimiter rateLimiter,
    ModelCatalog models,
    FolderPolicy folders,
    AuditLog audit,
    IOptions<AgentsOptions> options,
    ILogger<AgentConversations> logger) : IAgentConversations
{
    public async Task<IReadOnlyList<AgentView>> ListAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        var list = caller.IsAdmin
            ? await agents.ListAllAsync(cancellationToken)
            : await agents.ListAsync(new ChatKey(caller.UserId, 0), cancellationToken);
        var views = new List<AgentView>(list.Count);
        foreach (var agent in list)
        {
            views.Add(await ViewAsync(agent, cancellationToken));
        }

        return views;
    }

    public async Task<OperationResult<AgentView>> GetAsync(Caller caller, string agentId, CancellationToken cancellationToken = default)
    {
        var agent = await access.FindAsync(caller, agentId, cancellationToken);
        return agent is null ? NotFound<AgentView>(agentId) : OperationResult<AgentView>.Ok(await ViewAsync(agent, cancellationToken));
    }

    public async Task<OperationResult<AgentView>> CreateAsync(Caller caller, NewAgent agent, CancellationToken cancellationToken = default)
    {
        var chatId = agent.ChatId ?? caller.UserId;
        if (!AgentAccess.MayUse(caller, chatId))
        {
            return OperationResult<AgentView>.Fail(OperationStatus.Forbidden, "Only an admin of the bot may create agents in another chat than their own private chat.");
        }

        if (!NamePattern().IsMatch(agent.Name))
        {
            return OperationResult<AgentView>.Fail(OperationStatus.Invalid, "An agent name has 1 to 32 letters, digits, - and _.");
        }

        var engine = (agent.Engine ?? options.Value.DefaultEngine).ToLowerInvariant();
        if (!engineNames.IsKnown(engine))
        {
            return OperationResult<AgentView>.Fail(OperationStatus.Invalid, $"The engine is {engineNames.Listed}.");
        }

        try
        {
            engines.Get(engine);
        }
        catch (EngineUnavailableException ex)
        {
            return OperationResult<AgentView>.Fail(OperationStatus.Conflict, ex.Message);
        }

        var key = new ChatKey(chatId, agent.TopicId);
        var (outcome, created) = await control.CreateAsync(key, agent.Name, engine, cancellationToken);
        await audit.RecordAsync(caller.UserId, caller.Name, key.ChatId, key.TopicId, AuditActions.Agent,
            $"{caller.Channel}: create agent {agent.Name} ({engine}): {outcome}", cancellationToken);
        return outcome switch
        {
            ChangeOutcome.Done => OperationResult<AgentView>.Ok(await ViewAsync(created!, cancellationToken)),
            ChangeOutcome.Busy => OperationResult<AgentView>.Fail(OperationStatus.Conflict, "A turn is running in that chat: wait for it to finish or stop it first."),
            ChangeOutcome.NameTaken => OperationResult<AgentView>.Fail(OperationStatus.Conflict, $"There is already an agent named {agent.Name} in that chat."),
            _ => OperationResult<AgentView>.Fail(OperationStatus.Conflict, $"That chat already has {options.Value.MaxAgentsPerChat} agents, the most it may have (Agents:MaxAgentsPerChat)."),
        };
    }

    public async Task<OperationResult<IReadOnlyList<AgentTurnView>>> HistoryAsync(Caller caller, string agentId, int limit, CancellationToken cancellationToken = default)
    {
        var agent = await access.FindAsync(caller, agentId, cancellationToken);
        if (agent is null)
        {
            return NotFound<IReadOnlyList<AgentTurnView>>(agentId);
        }

        var list = await turns.ListByAgentAsync(agent.Id, limit, cancellationToken);
        var byPath = await images.ByPathAsync(agent.Id, cancellationToken);
        return OperationResult<IReadOnlyList<AgentTurnView>>.Ok(list
            .Select(t => new AgentTurnView(t.Id, t.SessionId, t.UserId, t.Prompt, t.Status, t.FinalText, t.Error, t.StartedAt, t.EndedAt,
                ImageUploads.InPrompt(t.Prompt, byPath)))
            .ToList());
    }

    public async Task<OperationResult<PromptAccepted>> SendAsync(Caller caller, string agentId, PromptRequest prompt, CancellationToken cancellationToken = default)
    {
        var agent = await access.FindAsync(caller, agentId, cancellationToken);
        if (agent is null)
        {
            return NotFound<PromptAccepted>(agentId);
        }

        if (rateLimiter.Take(caller.UserId) is { Decision: not RateDecision.Allow } limited)
        {
            return OperationResult<PromptAccepted>.Fail(OperationStatus.Conflict, $"Slow down: try again in {Math.Ceiling(limited.RetryAfter.TotalSeconds)} s (Access:RateLimit).");
        }

        var attached = await images.ResolveAsync(agent.Id, prompt.ImageIds, cancellationToken);
        if (attached is null)
        {
            return OperationResult<PromptAccepted>.Fail(OperationStatus.Invalid, "An image id is unknown or belongs to another agent: upload with POST /api/v1/images for this agent.");
        }

        var key = new ChatKey(agent.ChatId, agent.TopicId);
        var user = ApiUsers.ToUser(caller);
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var current = await control.CurrentAsync(key, cancellationToken);
            if (current.Id != agent.Id)
            {
                // As /use would: the chat's current agent becomes this one (refused while another of its agents works).
                var switched = await control.SwitchAsync(key, agent, cancellationToken);
                await audit.RecordAsync(caller.UserId, caller.Name, key.ChatId, key.TopicId, AuditActions.Agent, $"{caller.Channel}: use agent {agent.Name}: {switched}", cancellationToken);
                if (switched == ChangeOutcome.Busy)
                {
                    return OperationResult<PromptAccepted>.Fail(OperationStatus.Conflict, "Another agent of that chat is working: wait for its turn to finish or stop it first.");
                }
            }

            RemoteTurn? turn;
            try
            {
                turn = await chat.HandleRemoteAsync(agent, user, UserDirectory.Map(caller.Role), caller.Channel, prompt.Text, attached, cancellationToken);
            }
            catch (RemoteChatUnavailableException ex)
            {
                return OperationResult<PromptAccepted>.Fail(OperationStatus.Conflict, ex.Message);
            }

            if (turn is not null)
            {
                logger.LogInformation("{Channel} prompt from user {UserId} for agent {AgentId}: turn {TurnId}{Steered}", caller.Channel, caller.UserId, agent.Id, turn.TurnId, turn.Steered ? " (steered)" : "");
                return OperationResult<PromptAccepted>.Ok(new PromptAccepted(agent.Id, turn.TurnId, turn.Steered));
            }

            if (await control.CurrentAsync(key, cancellationToken) is { } now && now.Id == agent.Id)
            {
                return OperationResult<PromptAccepted>.Fail(OperationStatus.Conflict, "The agent could not start the turn; its chat says why.");
            }
        }

        return OperationResult<PromptAccepted>.Fail(OperationStatus.Conflict, "The chat switched to another agent meanwhile: try again.");
    }

    public async Task<OperationResult<bool>> StopAsync(Caller caller, string agentId, CancellationToken cancellationToken = default)
    {
        var agent = await access.FindAsync(caller, agentId, cancellationToken);
        if (agent is null)
        {
            return NotFound<bool>(agentId);
        }

        var key = new ChatKey(agent.ChatId, agent.TopicId);
        if (runtimes.Get(key).RunningTurn is not { } run || run.AgentId != agent.Id)
        {
            return OperationResult<bool>.Ok(false);
        }

        var outcome = await chat.StopAsync(key, ApiUsers.ToUser(caller), cancellationToken);
        return outcome.Refusal is { } refusal
            ? OperationResult<bool>.Fail(OperationStatus.Forbidden, refusal)
            : OperationResult<bool>.Ok(outcome.WasRunning);
    }

    private async Task<AgentView> ViewAsync(AgentRecord agent, CancellationToken cancellationToken)
    {
        var key = new ChatKey(agent.ChatId, agent.TopicId);
        var current = await agents.GetCurrentAsync(key, cancellationToken);
        var running = runtimes.Get(key).RunningTurn is { } run && run.AgentId == agent.Id ? run.TurnId : (long?)null;
        return new AgentView(agent.Id, agent.ChatId, agent.TopicId, agent.Name, agent.Emoji, agent.Engine, agent.Model, agent.WorkingDirectory,
            agent.Persona, agent.SessionId, current?.Id == agent.Id, running, agent.CreatedAt);
    }

    private static OperationResult<T> NotFound<T>(string agentId) =>
        OperationResult<T>.Fail(OperationStatus.NotFound, $"There is no agent {agentId} you can use (GET /api/v1/agents lists yours).");

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    private static partial Regex NamePattern();
}
