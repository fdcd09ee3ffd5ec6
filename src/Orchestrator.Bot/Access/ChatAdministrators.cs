using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Telegram;
using Telegram.Bot;
using Telegram.Bot.Requests;
using Telegram.Bot.Types.Enums;

namespace Orchestrator.Bot.Access;

/// <summary>
/// The Telegram administrators of a group (getChatAdministrators), cached per chat for
/// <see cref="AccessOptions.ChatAdministratorsCacheDuration"/>. A failed lookup counts as "not an administrator".
/// </summary>
public sealed class ChatAdministrators(
    ITelegramBotClient client, IOptionsMonitor<AccessOptions> options, TimeProvider time, ILogger<ChatAdministrators> logger)
{
    private readonly ConcurrentDictionary<long, Entry> _cache = new();

    public async Task<bool> IsAdministratorAsync(long chatId, long userId, CancellationToken cancellationToken)
    {
        var ids = await GetAsync(chatId, cancellationToken);
        return ids.Contains(userId);
    }

    /// <summary>The administrators' user ids (creator first); empty when Telegram could not tell.</summary>
    public async Task<IReadOnlyList<long>> GetAsync(long chatId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(chatId, out var cached) && now - cached.At < options.CurrentValue.ChatAdministratorsCacheDuration)
        {
            return cached.UserIds;
        }

        try
        {
            var members = await client.SendRequest(new GetChatAdministratorsRequest { ChatId = chatId }, cancellationToken);
            var ids = members
                .Where(m => m.Status is ChatMemberStatus.Creator or ChatMemberStatus.Administrator && !m.User.IsBot)
                .OrderBy(m => m.Status == ChatMemberStatus.Creator ? 0 : 1)
                .Select(m => m.User.Id)
                .ToList();
            _cache[chatId] = new Entry(now, ids);
            return ids;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Could not read the administrators of chat {ChatId} ({Error})", chatId, ex.Message);
            return [];
        }
    }

    /// <summary>Forgets the cached list of <paramref name="chatId"/> (e.g. after a group became a supergroup).</summary>
    public void Forget(long chatId) => _cache.TryRemove(chatId, out _);

    private sealed record Entry(DateTimeOffset At, IReadOnlyList<long> UserIds);
}
