using Orchestrator.Testing.Telegram;
using Telegram.Bot.Requests.Abstractions;
using Telegram.Bot.Types;

namespace Orchestrator.Benchmarks;

/// <summary>A Bot API client that answers every call at once (message id 1, or true).</summary>
internal sealed class InstantBotClient() : BotClientDouble(1)
{
    public override Task<TResponse> SendRequest<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default)
    {
        object result = typeof(TResponse) == typeof(Message) ? new Message { Id = 1 } : true;
        return Task.FromResult((TResponse)result);
    }

    public override Task DownloadFile(string filePath, Stream destination, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
