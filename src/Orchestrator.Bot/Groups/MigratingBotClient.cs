using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orchestrator.Telegram;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Requests;
using Telegram.Bot.Requests.Abstractions;
using Telegram.Bot.Types;

namespace Orchestrator.Bot.Groups;

/// <summary>
/// Wraps the Bot API client: when Telegram answers a call with <c>parameters.migrate_to_chat_id</c> (the group became a
/// supergroup), the chat's agents move to the new id (<see cref="ChatMigration"/>) and a new message is sent there; later
/// sends and chat actions to the old id go to the new one directly. Messages sent to the supergroup on the old id's
/// behalf (a turn that was running during the upgrade) are edited and deleted there too; messages left in the old group
/// cannot be edited any more, and the failure says so (the outbox then sends the page anew).
/// </summary>
internal sealed class MigratingBotClient(ITelegramBotClient inner, IServiceProvider services, ILogger<MigratingBotClient> logger) : BotClientDecorator(inner)
{
    private readonly Lazy<ChatMigration> _migration = new(services.GetRequiredService<ChatMigration>);

    // Old group id → ids of the messages sent to its supergroup on its behalf.
    private readonly ConcurrentDictionary<long, ConcurrentDictionary<int, byte>> _sentOnBehalf = new();

    public override async Task<TResponse> SendRequest<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default)
    {
        var original = ChatIdOf(request);
        if (original is long known && _migration.Value.NewIdOf(known) is long newer)
        {
            Redirect(request, known, newer);
        }

        try
        {
            return Remember(original, request, await Inner.SendRequest(request, cancellationToken).ConfigureAwait(false));
        }
        catch (ApiRequestException ex) when (ex.Parameters?.MigrateToChatId is long to && ChatIdOf(request) is long from && from != to)
        {
            logger.LogInformation("Chat {From} became supergroup {To} (learned from {Method})", from, to, request.MethodName);
            await _migration.Value.MoveAsync(from, to, cancellationToken).ConfigureAwait(false);
            if (!Redirect(request, from, to))
            {
                throw;
            }

            return Remember(from, request, await Inner.SendRequest(request, cancellationToken).ConfigureAwait(false));
        }
    }

    private static long? ChatIdOf<TResponse>(IRequest<TResponse> request) => request switch
    {
        SendMessageRequest send => send.ChatId?.Identifier,
        SendDocumentRequest document => document.ChatId?.Identifier,
        SendChatActionRequest action => action.ChatId.Identifier,
        EditMessageTextRequest edit => edit.ChatId.Identifier,
        EditMessageReplyMarkupRequest markup => markup.ChatId.Identifier,
        DeleteMessageRequest delete => delete.ChatId.Identifier,
        _ => null,
    };

    /// <summary>
    /// Points a call at the supergroup: a new message or chat action always; an edit or delete only of a message that
    /// was itself sent there on the old id's behalf (old messages stay in the old chat, and message ids are per chat).
    /// </summary>
    private bool Redirect<TResponse>(IRequest<TResponse> request, long from, long to)
    {
        switch (request)
        {
            case SendMessageRequest send:
                send.ChatId = to;
                return true;
            case SendDocumentRequest document:
                document.ChatId = to;
                return true;
            case SendChatActionRequest action:
                action.ChatId = to;
                return true;
            case EditMessageTextRequest edit when SentOnBehalf(from, edit.MessageId):
                edit.ChatId = to;
                return true;
            case EditMessageReplyMarkupRequest markup when SentOnBehalf(from, markup.MessageId):
                markup.ChatId = to;
                return true;
            case DeleteMessageRequest delete when SentOnBehalf(from, delete.MessageId):
                delete.ChatId = to;
                return true;
            default:
                return false;
        }
    }

    private bool SentOnBehalf(long from, int messageId) => _sentOnBehalf.TryGetValue(from, out var ids) && ids.ContainsKey(messageId);

    private TResponse Remember<TResponse>(long? original, IRequest<TResponse> request, TResponse response)
    {
        if (original is long from && request is SendMessageRequest send && send.ChatId?.Identifier != from && response is Message message)
        {
            _sentOnBehalf.GetOrAdd(from, _ => new ConcurrentDictionary<int, byte>())[message.Id] = 0;
        }

        return response;
    }
}
