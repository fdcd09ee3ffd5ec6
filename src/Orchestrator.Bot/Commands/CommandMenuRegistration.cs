using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orchestrator.Bot.Hosting;
using Telegram.Bot;
using Telegram.Bot.Exceptions;

namespace Orchestrator.Bot.Commands;

/// <summary>
/// Registers the Telegram command menus (<see cref="CommandCatalog.RegisterAsync"/>) once the first getUpdates was sent:
/// the menus are a convenience (commands work when typed), and their five or more sequential setMyCommands calls,
/// each a round trip to Telegram, would otherwise hold back the first poll at every start.
/// </summary>
public sealed class CommandMenuRegistration(
    CommandCatalog commands,
    ITelegramBotClient client,
    PollingStarted polling,
    ILogger<CommandMenuRegistration> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await polling.FirstPollSent.WaitAsync(stoppingToken);
            await commands.RegisterAsync(client, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (RequestException ex)
        {
            logger.LogWarning("Could not register the command menu ({Error}); commands still work when typed", ex.Message);
        }
    }
}
