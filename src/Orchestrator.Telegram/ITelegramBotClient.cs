using Orchestrator.Telegram.Requests;

namespace Orchestrator.Telegram;

/// <summary>
/// A narrow Bot API client, named like Telegram.Bot v22's so that a swap to the real package is a reference change.
/// Every Bot API method is one request type; the friendly methods (SendMessage, EditMessageText, ...) are extensions
/// in <see cref="TelegramBotClientExtensions"/>.
/// </summary>
public interface ITelegramBotClient
{
    /// <summary>The bot's own user id, parsed from the token (the part before ':').</summary>
    long BotId { get; }

    /// <summary>Sends one Bot API request and returns its <c>result</c>, or throws <see cref="Exceptions.ApiRequestException"/>.</summary>
    Task<TResponse> SendRequest<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default);

    /// <summary>Downloads a file from <c>{ApiBaseUrl}/file/bot{token}/{filePath}</c> into <paramref name="destination"/>.</summary>
    Task DownloadFile(string filePath, Stream destination, CancellationToken cancellationToken = default);
}
