using Telegram.Bot;
using Telegram.Bot.Args;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Requests;
using Telegram.Bot.Requests.Abstractions;
using Telegram.Bot.Types;

namespace Orchestrator.Telegram;

/// <summary>
/// An <see cref="ITelegramBotClient"/> that forwards every member to an inner client. A subclass overrides
/// <see cref="SendRequest{TResponse}"/> (and <see cref="DownloadFile(string, Stream, CancellationToken)"/>) to add one
/// behaviour, such as retries (<see cref="Resilience.ResilientBotClient"/>) or the supergroup migration of the bot.
/// </summary>
public abstract class BotClientDecorator : ITelegramBotClient
{
    protected BotClientDecorator(ITelegramBotClient inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        Inner = inner;
    }

    public bool LocalBotServer => Inner.LocalBotServer;

    public long BotId => Inner.BotId;

    public TimeSpan Timeout
    {
        get => Inner.Timeout;
        set => Inner.Timeout = value;
    }

    public IExceptionParser ExceptionsParser
    {
        get => Inner.ExceptionsParser;
        set => Inner.ExceptionsParser = value;
    }

    /// <summary>The client calls are forwarded to.</summary>
    protected ITelegramBotClient Inner { get; }

    public event AsyncEventHandler<ApiRequestEventArgs>? OnMakingApiRequest
    {
        add => Inner.OnMakingApiRequest += value;
        remove => Inner.OnMakingApiRequest -= value;
    }

    public event AsyncEventHandler<ApiResponseEventArgs>? OnApiResponseReceived
    {
        add => Inner.OnApiResponseReceived += value;
        remove => Inner.OnApiResponseReceived -= value;
    }

    public virtual Task<TResponse> SendRequest<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default) =>
        Inner.SendRequest(request, cancellationToken);

    /// <summary>Calls getMe through this decorator (not around it); false when Telegram rejects the token.</summary>
    public async Task<bool> TestApi(CancellationToken cancellationToken = default)
    {
        try
        {
            await SendRequest(new GetMeRequest(), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ApiRequestException ex) when (ex.ErrorCode == 401)
        {
            return false;
        }
    }

    public virtual Task DownloadFile(string filePath, Stream destination, CancellationToken cancellationToken = default) =>
        Inner.DownloadFile(filePath, destination, cancellationToken);

    public Task DownloadFile(TGFile file, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        return DownloadFile(file.FilePath!, destination, cancellationToken);
    }
}
