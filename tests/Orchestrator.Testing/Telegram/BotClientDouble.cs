using Telegram.Bot;
using Telegram.Bot.Args;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Requests.Abstractions;
using Telegram.Bot.Types;

namespace Orchestrator.Testing.Telegram;

/// <summary>
/// The base of in-memory <see cref="ITelegramBotClient"/> doubles: the members of Telegram.Bot's interface a double has
/// no use for, once. A double answers <see cref="SendRequest{TResponse}"/> (and, if it serves files,
/// <see cref="DownloadFile(string, Stream, CancellationToken)"/>).
/// </summary>
public abstract class BotClientDouble(long botId) : ITelegramBotClient
{
    public long BotId { get; } = botId;

    public bool LocalBotServer => false;

    public TimeSpan Timeout { get; set; } = System.Threading.Timeout.InfiniteTimeSpan;

    public IExceptionParser ExceptionsParser { get; set; } = new DefaultExceptionParser();

#pragma warning disable CS0067 // the ITelegramBotClient events are never raised by a double
    public event AsyncEventHandler<ApiRequestEventArgs>? OnMakingApiRequest;

    public event AsyncEventHandler<ApiResponseEventArgs>? OnApiResponseReceived;
#pragma warning restore CS0067

    public Task<bool> TestApi(CancellationToken cancellationToken = default) => Task.FromResult(true);

    public abstract Task<TResponse> SendRequest<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default);

    public Task DownloadFile(TGFile file, Stream destination, CancellationToken cancellationToken = default) =>
        DownloadFile(file.FilePath!, destination, cancellationToken);

    public virtual Task DownloadFile(string filePath, Stream destination, CancellationToken cancellationToken = default) =>
        Task.CompletedTask;
}
