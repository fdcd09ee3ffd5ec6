using System.Collections.Concurrent;
using Orchestrator.Bot.Telegram;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace Orchestrator.Bot.Tests.Chats;

/// <summary>An update handler whose handlings the test holds, releases, fails and watches.</summary>
internal sealed class GatedHandler : IBotUpdateHandler
{
    private readonly ConcurrentDictionary<int, TaskCompletionSource> _started = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource> _finished = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource> _blocks = new();
    private readonly ConcurrentDictionary<int, int> _handlings = new();

    public HashSet<int> UrgentIds { get; init; } = [];

    /// <summary>Updates whose handler always throws.</summary>
    public HashSet<int> ThrowIds { get; init; } = [];

    public List<int> StartOrder { get; } = [];

    public ConcurrentQueue<int> Refused { get; } = new();

    public ConcurrentQueue<int> ToldSetAside { get; } = new();

    public ConcurrentQueue<int[]> Albums { get; } = new();

    public int Handlings(int updateId) => _handlings.GetValueOrDefault(updateId);

    public Task<bool> RefuseBusyAsync(Update update, CancellationToken cancellationToken)
    {
        Refused.Enqueue(update.Id);
        return Task.FromResult(true);
    }

    public Task TellSetAsideAsync(Update update, CancellationToken cancellationToken)
    {
        ToldSetAside.Enqueue(update.Id);
        return Task.CompletedTask;
    }

    public TaskCompletionSource Block(int updateId) => Tcs(_blocks, updateId);

    public Task Started(int updateId) => Tcs(_started, updateId).Task;

    public Task Finished(int updateId) => Tcs(_finished, updateId).Task;

    public bool IsUrgent(Update update) => UrgentIds.Contains(update.Id);

    public Task HandleAlbumAsync(IReadOnlyList<Update> parts, CancellationToken cancellationToken)
    {
        Albums.Enqueue(parts.Select(p => p.Id).ToArray());
        foreach (var part in parts)
        {
            Tcs(_finished, part.Id).TrySetResult();
        }

        return Task.CompletedTask;
    }

    public async Task HandleAsync(Update update, CancellationToken cancellationToken)
    {
        lock (StartOrder)
        {
            StartOrder.Add(update.Id);
        }

        _handlings.AddOrUpdate(update.Id, 1, (_, n) => n + 1);
        Tcs(_started, update.Id).TrySetResult();
        if (_blocks.TryGetValue(update.Id, out var block))
        {
            await block.Task.WaitAsync(cancellationToken);
        }

        if (ThrowIds.Contains(update.Id))
        {
            throw new InvalidOperationException("boom");
        }

        Tcs(_finished, update.Id).TrySetResult();
    }

    public static Update TextIn(int updateId, long chatId, int topic = 0, string? mediaGroupId = null) => new()
    {
        Id = updateId,
        Message = new Message
        {
            Id = updateId,
            Date = DateTime.UtcNow,
            Chat = new Chat { Id = chatId, Type = topic == 0 ? ChatType.Private : ChatType.Supergroup, IsForum = topic != 0 },
            IsTopicMessage = topic != 0,
            MessageThreadId = topic == 0 ? null : topic,
            From = new User { Id = 1, FirstName = "U" },
            Text = $"message {updateId}",
            MediaGroupId = mediaGroupId,
        },
    };

    private static TaskCompletionSource Tcs(ConcurrentDictionary<int, TaskCompletionSource> map, int id) =>
        map.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
