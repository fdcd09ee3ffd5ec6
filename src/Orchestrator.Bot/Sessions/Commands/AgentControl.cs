using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Bot.Engines;
using Orchestrator.Bot.Sessions.History;

namespace Orchestrator.Bot.Sessions.Commands;

/// <summary>How a change of a chat's agents went.</summary>
public enum ChangeOutcome
{
    Done,

    /// <summary>A turn is running in the chat: nothing was changed.</summary>
    Busy,

    /// <summary>Switched; the previous agent is still working on its turn, which finishes on its own.</summary>
    DoneWhilePreviousWorks,

    /// <summary>The name is taken (creating an agent).</summary>
    NameTaken,

    /// <summary>The chat already has <see cref="AgentsOptions.MaxAgentsPerChat"/> agents (creating an agent).</summary>
    LimitReached,

    /// <summary>The agent is no longer one of the chat's agents (changing a given agent).</summary>
    NotFound,
}

/// <summary>
/// Changes a chat's agents: create, switch, and settings changes that start a new session (model, folder, persona,
/// reset, resuming an older session). Every change holds the chat's lock and is refused while a turn runs; a change
/// that starts a new session clears the stored session id and closes the chat's open engine session.
/// </summary>
public sealed class AgentControl(
    ChatRuntimes runtimes,
    AgentStore agents,
    IOptions<AgentsOptions> options,
    ILogger<AgentControl> logger)
{
    private static readonly TimeSpan FinishingGrace = TimeSpan.FromSeconds(10);

    private static readonly string[] Emojis = ["🤖", "🦊", "🐙", "🦉", "🐝", "🐢", "🦄", "🐳", "🦁", "🐧", "🦖", "🐼"];

    /// <summary>The chat's current agent, creating the default agent on first use (as the first message would).</summary>
    public Task<AgentRecord> CurrentAsync(ChatKey chat, CancellationToken cancellationToken) =>
        agents.GetOrCreateCurrentAsync(chat, () => AgentRecord.Default(chat, options.Value), cancellationToken);

    /// <summary>The chat's turn the agent is working on, if any (not one that only delivers its final message).</summary>
    public TurnRun? RunningTurn(ChatKey chat) => runtimes.Get(chat).RunningTurn is { } run && !run.Agent.Completion.IsCompleted ? run : null;

    /// <summary>Creates an agent with the default folder and makes it current.</summary>
    public async Task<(ChangeOutcome Outcome, AgentRecord? Agent)> CreateAsync(ChatKey chat, string name, string engine, CancellationToken cancellationToken)
    {
        return await UnderLockAsync(chat, async runtime =>
        {
            await CurrentAsync(chat, cancellationToken); // the chat's first use creates its default agent, as a message would
            if (await agents.CountInChatAsync(chat.ChatId, cancellationToken) >= options.Value.MaxAgentsPerChat)
            {
                logger.LogInformation("Agent '{Name}' not created in chat {Chat}: the chat has the maximum of {Max} agents", name, chat, options.Value.MaxAgentsPerChat);
                return (ChangeOutcome.LimitReached, null);
            }

            var existing = await agents.ListAsync(chat, cancellationToken);
            var agent = AgentRecord.New(chat, name, engine, Emojis[existing.Count % Emojis.Length], options.Value.ResolvedDefaultWorkingDirectory);
            if (!await agents.CreateAndSelectAsync(agent, cancellationToken))
            {
                return (ChangeOutcome.NameTaken, null);
            }

            await CloseSessionAsync(runtime);
            logger.LogInformation("Agent {AgentId} '{Name}' ({Engine}) created in chat {Chat}", agent.Id, name, engine, chat);
            return (ChangeOutcome.Done, agent);
        }, cancellationToken);
    }

    /// <summary>
    /// Makes <paramref name="agent"/> the chat's current agent; its stored session is resumed by the next message. A
    /// switch is allowed while the previous agent works: its turn finishes on its own (its session is closed then), and
    /// the next message goes to <paramref name="agent"/> instead of being steered into that turn.
    /// </summary>
    public async Task<ChangeOutcome> SwitchAsync(ChatKey chat, AgentRecord agent, CancellationToken cancellationToken)
    {
        var runtime = runtimes.Get(chat);
        await runtime.Lock.WaitAsync(cancellationToken);
        try
        {
            await agents.SetCurrentAsync(chat, agent.Id, cancellationToken);
            var working = runtime.RunningTurn is { } run && !run.Agent.Completion.IsCompleted ? run : null;
            if (working is not null && runtime.Session is { } session)
            {
                runtime.SwitchAwayFromRunningTurn();
                runtime.Session = null;
                runtime.AgentId = null;
                _ = working.Completion.ContinueWith(_ => CloseAsync(session, chat), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
                logger.LogInformation("Chat {Chat} switched to agent {AgentId} while turn {TurnId} of the previous agent runs", chat, agent.Id, working.TurnId);
                return ChangeOutcome.DoneWhilePreviousWorks;
            }

            if (runtime.RunningTurn is not null)
            {
                runtime.SwitchAwayFromRunningTurn(); // only its final message is still being delivered
            }

            await CloseSessionAsync(runtime);
            logger.LogInformation("Chat {Chat} switched to agent {AgentId}", chat, agent.Id);
            return ChangeOutcome.Done;
        }
        finally
        {
            runtime.Lock.Release();
        }
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the chat's current agent and stores it with the session to resume
    /// <paramref name="change"/> chose (null: the next message starts a new session). The open session is closed.
    /// </summary>
    public async Task<(ChangeOutcome Outcome, AgentRecord? Agent)> ChangeAsync(
        ChatKey chat, Func<AgentRecord, AgentRecord> change, CancellationToken cancellationToken)
    {
        return await UnderLockAsync(chat, async runtime =>
        {
            var agent = await CurrentAsync(chat, cancellationToken);
            var changed = change(agent);
            await agents.UpdateSettingsAsync(changed, cancellationToken);
            await CloseSessionAsync(runtime);
            logger.LogInformation(
                "Agent {AgentId} of chat {Chat} changed (model {Model}, folder {Folder}, persona {HasPersona}, session {SessionId})",
                agent.Id, chat, changed.Model ?? "default", changed.WorkingDirectory, changed.Persona is not null, changed.SessionId ?? "new");
            return (ChangeOutcome.Done, (AgentRecord?)changed);
        }, cancellationToken);
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the chat's agent <paramref name="agentId"/> (current or not: the API edits any
    /// agent it may see), with the same lock, busy refusal and session close as <see cref="ChangeAsync(ChatKey, Func{AgentRecord, AgentRecord}, CancellationToken)"/>.
    /// A new name must be free in the chat (<see cref="ChangeOutcome.NameTaken"/>). The open engine session is closed
    /// only when it is this agent's.
    /// </summary>
    public async Task<(ChangeOutcome Outcome, AgentRecord? Agent)> ChangeAsync(
        ChatKey chat, string agentId, Func<AgentRecord, AgentRecord> change, CancellationToken cancellationToken)
    {
        return await UnderLockAsync(chat, async runtime =>
        {
            var agent = await agents.GetAsync(agentId, cancellationToken);
            if (agent is null || agent.ChatId != chat.ChatId || agent.TopicId != chat.TopicId)
            {
                return (ChangeOutcome.NotFound, null);
            }

            var changed = change(agent);
            if (!string.Equals(changed.Name, agent.Name, StringComparison.Ordinal)
                && await agents.FindByNameAsync(chat, changed.Name, cancellationToken) is { } other && other.Id != agent.Id)
            {
                return (ChangeOutcome.NameTaken, null);
            }

            await agents.UpdateSettingsAsync(changed, cancellationToken);
            if (runtime.AgentId == agent.Id || (await CurrentAsync(chat, cancellationToken)).Id == agent.Id)
            {
                await CloseSessionAsync(runtime);
            }

            logger.LogInformation(
                "Agent {AgentId} of chat {Chat} changed (engine {Engine}, model {Model}, folder {Folder}, persona {HasPersona}, session {SessionId})",
                agent.Id, chat, changed.Engine, changed.Model ?? "default", changed.WorkingDirectory, changed.Persona is not null, changed.SessionId ?? "new");
            return (ChangeOutcome.Done, (AgentRecord?)changed);
        }, cancellationToken);
    }

    /// <summary>A new session: the next message starts a fresh conversation with the same settings.</summary>
    public Task<(ChangeOutcome Outcome, AgentRecord? Agent)> NewSessionAsync(ChatKey chat, CancellationToken cancellationToken) =>
        ChangeAsync(chat, a => a with { SessionId = null }, cancellationToken);

    /// <summary>
    /// Continues <paramref name="session"/> with the next message, with the model, persona and (when
    /// <paramref name="folder"/> is given) folder it started with.
    /// </summary>
    public Task<(ChangeOutcome Outcome, AgentRecord? Agent)> ResumeAsync(
        ChatKey chat, SessionRecord session, string? folder, CancellationToken cancellationToken) =>
        ChangeAsync(
            chat,
            a => a with { SessionId = session.SessionId, Model = session.Model, Persona = session.Persona, WorkingDirectory = folder ?? a.WorkingDirectory },
            cancellationToken);

    private async Task<(ChangeOutcome Outcome, AgentRecord? Agent)> UnderLockAsync(
        ChatKey chat, Func<ChatRuntime, Task<(ChangeOutcome, AgentRecord?)>> action, CancellationToken cancellationToken)
    {
        var runtime = runtimes.Get(chat);
        await runtime.Lock.WaitAsync(cancellationToken);
        try
        {
            return await IsBusyAsync(runtime, cancellationToken) ? (ChangeOutcome.Busy, null) : await action(runtime);
        }
        finally
        {
            runtime.Lock.Release();
        }
    }

    /// <summary>
    /// True while a turn runs. A turn the engine has ended may still be delivering its final message (the user may
    /// already see it): that short wait is taken rather than refusing.
    /// </summary>
    private static async Task<bool> IsBusyAsync(ChatRuntime runtime, CancellationToken cancellationToken)
    {
        if (runtime.RunningTurn is not { } run)
        {
            return false;
        }

        if (!run.Agent.Completion.IsCompleted)
        {
            return true;
        }

        try
        {
            await run.Completion.WaitAsync(FinishingGrace, cancellationToken);
        }
        catch (TimeoutException)
        {
        }

        return runtime.RunningTurn is not null;
    }

    /// <summary>Closes the chat's open engine session (no turn runs: checked under the lock).</summary>
    private async Task CloseSessionAsync(ChatRuntime runtime)
    {
        var session = runtime.Session;
        runtime.Session = null;
        runtime.AgentId = null;
        if (session is not null)
        {
            await CloseAsync(session, runtime.Key);
        }
    }

    private async Task CloseAsync(Orchestrator.Agents.IAgentSession session, ChatKey chat)
    {
        try
        {
            await session.DisposeAsync();
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Closing session {SessionId} of chat {Chat} failed", session.SessionId, chat);
        }
    }
}
