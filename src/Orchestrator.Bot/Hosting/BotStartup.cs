using Microsoft.Extensions.Logging;
using Orchestrator.Bot.Persistence;
using Orchestrator.Telegram;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Requests;

namespace Orchestrator.Bot.Hosting;

/// <summary>
/// What runs once before polling: the database migrations, a token check (getMe) and the start-up hooks of features
/// (e.g. reporting turns a restart interrupted). Work that can wait for the first poll does
/// (<see cref="PollingStarted"/>: the command menus, the retention sweep, the engine check and warm start, Kestrel).
/// </summary>
public sealed class BotStartup(
    BotDatabase database,
    ITelegramBotClient client,
    IEnumerable<IStartupHook> hooks,
    FatalErrors fatal,
    ILogger<BotStartup> logger)
{
    /// <summary>The bot's own account, known after <see cref="RunAsync"/>.</summary>
    public global::Telegram.Bot.Types.User? Me { get; private set; }

    /// <summary>Returns false (after reporting a fatal error) when the bot cannot run.</summary>
    public async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        await database.MigrateAsync(cancellationToken);

        var failures = 0;
        while (Me is null)
        {
            try
            {
                Me = await client.SendRequest(new GetMeRequest(), cancellationToken);
            }
            catch (ApiRequestException ex) when (ex.ErrorCode is 401 or 404)
            {
                fatal.Fail($"Telegram rejected the bot token ({ex.ErrorCode} {ex.Message}): check Telegram:BotToken.");
                return false;
            }
            catch (RequestException ex) when (!cancellationToken.IsCancellationRequested)
            {
                failures++;
                var delay = TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, Math.Min(failures, 5))));
                logger.LogWarning("Cannot reach the Telegram Bot API ({Error}); retrying in {Seconds} s", ex.Message, delay.TotalSeconds);
                await Task.Delay(delay, cancellationToken);
            }
        }

        logger.LogInformation("Signed in as @{Username} (id {BotId})", Me.Username, Me.Id);

        foreach (var hook in hooks)
        {
            await hook.RunAsync(cancellationToken);
        }

        return true;
    }
}

/// <summary>A feature's work to do once at start, after the database is ready and before polling.</summary>
public interface IStartupHook
{
    Task RunAsync(CancellationToken cancellationToken);
}
