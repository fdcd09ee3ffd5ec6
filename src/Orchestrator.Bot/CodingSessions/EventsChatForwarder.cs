using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Bot.Telegram.Outbox;
using Orchestrator.Core.Events;

namespace Orchestrator.Bot.CodingSessions;

/// <summary>
/// Delivers every new event to <c>Events:ChatId</c> through the outbox. While a message waits for the chat's budget,
/// the events that arrive meanwhile gather and go out together in the next message (batched when busy), so a burst
/// costs a few messages, not one per event. Events from before the start are not replayed (<c>/events</c> shows them).
/// </summary>
public sealed class EventsChatForwarder(
    IEventLog events, ITelegramOutbox outbox, Hosting.PollingStarted polling, IOptions<EventsOptions> options, ILogger<EventsChatForwarder> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.ChatId is not { } chatId)
        {
            return;
        }

        // The event table exists once start-up migrated the database, which is done before the first getUpdates.
        try
        {
            await polling.FirstPollSent.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var target = chatId > 0 ? ChatTarget.Private(chatId) : ChatTarget.Group(chatId);
        var newest = (await events.ListAsync(new EventQuery(Limit: 1), stoppingToken)).FirstOrDefault()?.Id ?? 0;
        var queue = Channel.CreateUnbounded<ControlEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var reading = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in events.FollowAsync(newest, stoppingToken))
                {
                    queue.Writer.TryWrite(e);
                }
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                queue.Writer.TryComplete();
            }
        }, CancellationToken.None);

        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                var text = new StringBuilder();
                var count = 0;
                while (count < options.Value.MaxPerMessage && queue.Reader.TryRead(out var e))
                {
                    text.Append(EventsCommand.Format(e)).Append('\n');
                    count++;
                }

                try
                {
                    await outbox.SendAsync(target, OutgoingContent.FromPlainText(text.ToString().TrimEnd()), cancellationToken: stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "{Count} event(s) could not be sent to the events chat {ChatId}", count, chatId);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        await reading;
    }
}
