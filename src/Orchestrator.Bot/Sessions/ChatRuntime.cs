using System.Collections.Concurrent;
using Orchestrator.Agents;

namespace Orchestrator.Bot.Sessions;

/// <summary>The live state of one chat (or topic): its open engine session and its running turn, if any.</summary>
public sealed class ChatRuntime(ChatKey key)
{
    public ChatKey Key { get; } = key;

    /// <summary>Serializes session changes and turn starts of this chat.</summary>
    public SemaphoreSlim Lock { get; } = new(1, 1);

    public string? AgentId { get; set; }

    public IAgentSession? Session { get; set; }

    public TurnRun? Turn { get; set; }

    public TurnRun? RunningTurn => Turn is { IsRunning: true } run ? run : null;
}

/// <summary>Every chat's <see cref="ChatRuntime"/>, created on first use.</summary>
public sealed class ChatRuntimes
{
    private readonly ConcurrentDictionary<ChatKey, ChatRuntime> _runtimes = new();
    private readonly ConcurrentDictionary<long, TurnRun> _sessionTurns = new();

    public ChatRuntime Get(ChatKey key) => _runtimes.GetOrAdd(key, k => new ChatRuntime(k));

    public IEnumerable<ChatRuntime> All => _runtimes.Values;

    /// <summary>
    /// Every running turn: the chats' own and the coding sessions' (several of which may run in one chat at once), so
    /// the Stop button, approvals and the shutdown reach both.
    /// </summary>
    public IEnumerable<TurnRun> RunningTurns =>
        _runtimes.Values.Select(r => r.RunningTurn).OfType<TurnRun>().Concat(_sessionTurns.Values.Where(t => t.IsRunning));

    public TurnRun? FindRunningTurn(long turnId) => RunningTurns.FirstOrDefault(t => t.TurnId == turnId);

    /// <summary>A coding session's turn, tracked until it ends.</summary>
    public void TrackSessionTurn(TurnRun run)
    {
        _sessionTurns[run.TurnId] = run;
        _ = run.Completion.ContinueWith(_ => _sessionTurns.TryRemove(run.TurnId, out TurnRun? _), TaskScheduler.Default);
    }
}
