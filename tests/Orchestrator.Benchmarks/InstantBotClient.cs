using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Requests.Abstractions;
using Telegram.Bot.Types;

namespace Orchestrator.Benchmarks;

/// <summary>A Bot API client that answers every call at once (message id 1, or true).</summary>
internal sealed class InstantBotClient : ITelegramBotClient
{
    public long BotId => 1;

    public bool LocalBotServer => false;

    public TimeSpan Timeout { get; set; } = System.Threading.Timeout.InfiniteTimeSpan;

    public IExceptionParser ExceptionsParser { get; set; } = new DefaultExceptionParser();

#pragma warning disable CS0067 // the ITelegramBotClient events are never raised by this double
    public event AsyncEventHandler<global::Telegram.Bot.Args.ApiRequestEventArgs>? OnMakingApiRequest;

    public event AsyncEventHandler<global::Telegram.Bot.Args.ApiResponseEventArgs>? OnApiResponseReceived;
#pragma warning restore CS0067

    public Task<bool> TestApi(CancellationToken cancellationToken = default) => Task.FromResult(true);

    public Task DownloadFile(TGFile file, Stream destination, CancellationToken cancellationToken = default) =>
        DownloadFile(file.FilePath!, destination, cancellationToken);

    public Task<TResponse> SendRequest<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default)
    {
        object result = typeof(TResponse) == typeof(Message) ? new Message { Id = 1 } : true;
        return Task.FromResult((TResponse)result);
    }

    public Task DownloadFile(string filePath, Stream destination, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
