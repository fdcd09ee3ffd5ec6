using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orchestrator.Telegram;
using Orchestrator.Telegram.Exceptions;
using Orchestrator.Telegram.Requests;

namespace Orchestrator.Bot.Groups;

/// <summary>
/// Wraps the Bot API client: when Telegram answers a send with <c>parameters.migrate_to_chat_id</c> (the group became a
/// supergroup), the chat's agents move to the new id (<see cref="ChatMigration"/>) and the message is sent there; later
/// sends and chat actions to the old id go to the new one directly. Edits of old messages fail as before.
/// </summary>
internal sealed class MigratingBotClient(ITelegramBotClient inner, IServiceProvider services, ILogger<MigratingBotClient> logger) : ITelegramBotClient
{
    private readonly Lazy<ChatMigration> _migration = new(services.GetRequiredService<ChatMigration>);

    public long BotId => inner.BotId;

    public async Task<TResponse> SendRequest<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default)
    {
        if (ChatIdOf(request) is long known && _migration.Value.NewIdOf(known) is long newer)
        {
            Redirect(request, newer);
        }

        try
        {
            return await inner.SendRequest(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiRequestException ex) when (ex.Parameters?.MigrateToChatId is long to && ChatIdOf(request) is long from && from != to)
        {
            logger.LogInformation("Chat {From} became supergroup {To} (learned from {Method})", from, to, request.MethodName);
            await _migration.Value.MoveAsync(from, to, cancellationToken).ConfigureAwait(false);
            if (!Redirect(request, to))
            {
                throw;
            }

            return await inner.SendRequest(request, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task DownloadFile(string filePath, Stream destination, CancellationToken cancellationToken = default) =>
        inner.DownloadFile(filePath, destination, cancellationToken);

    private static long? ChatIdOf<TResponse>(IRequest<TResponse> request) => request switch
    {
        SendMessageRequest send => send.ChatId.Identifier,
        SendChatActionRequest action => action.ChatId.Identifier,
        EditMessageTextRequest edit => edit.ChatId.Identifier,
        EditMessageReplyMarkupRequest markup => markup.ChatId.Identifier,
        _ => null,
    };

    /// <summary>Points a new message (not an edit: old messages stay in the old chat) at <paramref name="chatId"/>.</summary>
    private static bool Redirect<TResponse>(IRequest<TResponse> request, long chatId)
    {
        switch (request)
        {
            case SendMessageRequest send:
                send.ChatId = chatId;
                return true;
            case SendChatActionRequest action:
                action.ChatId = chatId;
                return true;
            default:
                return false;
        }
    }
}
