using System.Collections.Concurrent;
using Orchestrator.Agents;

namespace Orchestrator.Bot.Sessions;

/// <summary>
/// The live state of one chat (or topic): its open engine session and its running turn, if any. It is the state of the
/// chat's owner (<see cref="Chats.ChatOwner"/>), kept here while the owner retires between messages (as an actor
/// runtime keeps a retired actor's state): only the owner's ordinary lane changes it (<see cref="Chats.ChatLanes"/>), so it
/// needs no lock; the urgent lane (/stop, button presses) and readers such as the API only read it.
/// </summary>
public sealed class ChatRuntime(ChatKey key)
{
    public ChatKey Key { get; } = key;

    public string? AgentId { get; set; }

    public IAgentSession? Session { get; set; }

    public TurnRun? Turn { get; set; }

    public TurnRun? RunningTurn => Turn is { IsRunning: true } run ? run : null;

    /// <summary>
    /// Approvals waiting in this chat, by key (<see cref="ApprovalBroker"/>'s records, through
    /// <see cref="ChatApprovalIndex{T}"/>). Added by the turn's event loop, removed by the first decision (atomically).
    /// </summary>
    internal ConcurrentDictionary<string, object> PendingApprovals { get; } = new();

    /// <summary>
    /// Turns of agents the chat switched away from (<c>/use</c>) while they ran: they finish on their own (their answer
    /// still arrives, /stop and their Stop button still work), but no new message is steered into them.
    /// </summary>
    public IReadOnlyList<TurnRun> SwitchedAway => _switchedAway.Where(r => r.IsRunning).ToList();

    /// <summary>Every running turn of the chat: the current agent's first.</summary>
    public IEnumerable<TurnRun> RunningTurns => RunningTurn is { } run ? [run, .. SwitchedAway] : SwitchedAway;

    private volatile TurnRun[] _switchedAway = [];

    /// <summary>Moves the running turn out of the way (on the owner); the next message starts a new turn.</summary>
    public void SwitchAwayFromRunningTurn()
    {
        if (RunningTurn is { } run)
        {
            _switchedAway = [.. _switchedAway.Where(r => r.IsRunning), run];
            Turn = null;
        }
    }
}

/// <summary>Every chat's <see cref="ChatRuntime"/>, created on first use.</summary>
public sealed class ChatRuntimes
{
    private readonly ConcurrentDictionary<ChatKey, ChatRuntime> _runtimes = new();
    private readonly ConcurrentDictionary<long, TurnRun> _sessionTurns = new();

    public ChatRuntime Get(ChatKey key) => _runtimes.GetOrAdd(key, k => new ChatRuntime(k));

    public IEnumerable<ChatRuntime> All => _runtimes.Values;

    /// <summary>
    /// Every running turn: the chats' own (also one a /use switched away from) and the coding sessions' (several of which may run in one chat at once), so
    /// the Stop button, approvals and the shutdown reach both.
    /// </summary>
    public IEnumerable<TurnRun> RunningTurns =>
        _runtimes.Values.SelectMany(r => r.RunningTurns).Concat(_sessionTurns.Values.Where(t => t.IsRunning));

    public TurnRun? FindRunningTurn(long turnId) => RunningTurns.FirstOrDefault(t => t.TurnId == turnId);

    /// <summary>A coding session's turn, tracked until it ends.</summary>
    public void TrackSessionTurn(TurnRun run)
    {
        _sessionTurns[run.TurnId] = run;
        _ = run.Completion.ContinueWith(_ => _sessionTurns.TryRemove(run.TurnId, out TurnRun? _), TaskScheduler.Default);
    }
}
