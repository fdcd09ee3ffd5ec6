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

    public ChatRuntime Get(ChatKey key) => _runtimes.GetOrAdd(key, k => new ChatRuntime(k));

    public IEnumerable<ChatRuntime> All => _runtimes.Values;

    public TurnRun? FindRunningTurn(long turnId) =>
        _runtimes.Values.Select(r => r.RunningTurn).FirstOrDefault(t => t?.TurnId == turnId);
}
