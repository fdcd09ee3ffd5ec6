using System.Threading.Channels;
using Orchestrator.Bot.Sessions;
using Telegram.Bot.Types;

namespace Orchestrator.Bot.Tests.Groups;

/// <summary>Stands in for the agents: records what reaches them (after access checks and group filtering).</summary>
internal sealed class RecordingAgentChat : IAgentChat
{
    private readonly Channel<IncomingMessage> _received = Channel.CreateUnbounded<IncomingMessage>();
    private readonly List<IncomingMessage> _all = [];

    public IReadOnlyList<IncomingMessage> All
    {
        get
        {
            lock (_all)
            {
                return _all.ToArray();
            }
        }
    }

    public IReadOnlyList<string?> Texts => All.Select(m => m.Message.Text).ToList();

    public Task HandleMessageAsync(IncomingMessage incoming, CancellationToken cancellationToken)
    {
        lock (_all)
        {
            _all.Add(incoming);
        }

        _received.Writer.TryWrite(incoming);
        return Task.CompletedTask;
    }

    public async Task HandleAlbumAsync(IReadOnlyList<IncomingMessage> parts, CancellationToken cancellationToken)
    {
        foreach (var part in parts)
        {
            await HandleMessageAsync(part, cancellationToken);
        }
    }

    public Task<bool> HandleCallbackAsync(CallbackQuery callback, CancellationToken cancellationToken) => Task.FromResult(false);

    /// <summary>The next message that reaches the agents.</summary>
    public async Task<IncomingMessage> NextAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        return await _received.Reader.ReadAsync(cts.Token);
    }
}
