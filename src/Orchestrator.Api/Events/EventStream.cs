using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting;
using Orchestrator.Api.Auth;
using Orchestrator.Api.Hosting;
using Orchestrator.Api.Json;
using Orchestrator.Core.Conversations;
using Orchestrator.Core.Events;

namespace Orchestrator.Api.Events;

/// <summary>
/// <c>GET /stream/events</c>: Server-Sent Events of every event the caller may see as it happens, the stored ones
/// (<see cref="IEventLog.FollowAsync"/>) and the transient ones (text deltas, <see cref="ITransientEvents"/>). Each
/// source is read in its own order into one writer, which gives every event the position after it
/// (<see cref="StreamPosition"/>) as its id. Without <c>Last-Event-ID</c> (or <c>?after=</c>) the stream starts now.
/// A comment line goes out every <see cref="WebOptions.HeartbeatInterval"/>; a reader whose position fell out of the
/// transient ring gets one <c>gap</c> event (stored events are never lost: they are read from the database).
/// </summary>
public sealed class EventStream(IEventLog log, ITransientEvents transients, WebOptions options, IHostApplicationLifetime lifetime)
{
    private abstract record Item;

    private sealed record Stored(ControlEvent Event) : Item;

    private sealed record Transient(TransientEvent Event) : Item;

    private sealed record Gap(string Reason) : Item;

    public async Task RunAsync(HttpContext context)
    {
        var caller = context.Caller();
        var start = await StartPositionAsync(context).ConfigureAwait(false);
        if (start is null)
        {
            await Problems.BadRequest("Last-Event-ID (or ?after=) is not a position this stream gave: STORED-TRANSIENT-EPOCH.").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var response = context.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache, no-transform";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var items = Channel.CreateBounded<Item>(new BoundedChannelOptions(256) { SingleReader = true });
        var transientStart = start.Value.Epoch == transients.Epoch ? start.Value.Transient : 0;
        var position = new StreamPosition(start.Value.Stored, transientStart, transients.Epoch);
        var readers = Task.WhenAll(
            ReadStoredAsync(caller, position.Stored, items.Writer, stop.Token),
            ReadTransientAsync(caller, transientStart, start.Value.Epoch != transients.Epoch && start.Value.Transient > 0, items.Writer, stop.Token));
        _ = readers.ContinueWith(_ => items.Writer.TryComplete(), TaskScheduler.Default);

        var epoch = transients.Epoch;
        try
        {
            await WriteAsync(response, $": connected {position}\n\n", stop.Token).ConfigureAwait(false);
            var reader = items.Reader;
            while (!stop.IsCancellationRequested)
            {
                using var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                heartbeat.CancelAfter(options.HeartbeatInterval);
                Item item;
                try
                {
                    if (!await reader.WaitToReadAsync(heartbeat.Token).ConfigureAwait(false))
                    {
                        break;
                    }

                    item = await reader.ReadAsync(heartbeat.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                {
                    await WriteAsync(response, ": heartbeat\n\n", stop.Token).ConfigureAwait(false);
                    continue;
                }

                string kind;
                string data;
                switch (item)
                {
                    case Stored stored:
                        position = position with { Stored = stored.Event.Id };
                        kind = stored.Event.Kind;
                        data = JsonSerializer.Serialize(stored.Event, ApiJson.Options);
                        break;
                    case Transient transient:
                        position = position with { Transient = transient.Event.Seq };
                        kind = transient.Event.Kind;
                        data = JsonSerializer.Serialize(TransientView.Of(transient.Event), ApiJson.Options);
                        break;
                    case Gap gap:
                        kind = "gap";
                        data = JsonSerializer.Serialize(new { detail = gap.Reason }, ApiJson.Options);
                        break;
                    default:
                        continue;
                }

                position = position with { Epoch = epoch };
                await WriteAsync(response, $"id: {position}\nevent: {kind}\ndata: {data}\n\n", stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // the client went away, or the bot is stopping
        }
        catch (IOException)
        {
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Quietly(readers).ConfigureAwait(false);
        }
    }

    private async Task<StreamPosition?> StartPositionAsync(HttpContext context)
    {
        var given = context.Request.Headers["Last-Event-ID"].ToString();
        if (given.Length == 0)
        {
            given = context.Request.Query["after"].ToString();
        }

        if (given.Length > 0)
        {
            return StreamPosition.TryParse(given, out var position) ? position : null;
        }

        var newest = await log.ListAsync(new EventQuery(Limit: 1), context.RequestAborted).ConfigureAwait(false);
        return new StreamPosition(newest.Count > 0 ? newest[0].Id : 0, transients.LastSeq, transients.Epoch);
    }

    private async Task ReadStoredAsync(Caller caller, long after, ChannelWriter<Item> writer, CancellationToken cancellationToken)
    {
        await foreach (var e in log.FollowAsync(after, cancellationToken).ConfigureAwait(false))
        {
            if (EventVisibility.Sees(caller, e))
            {
                await writer.WriteAsync(new Stored(e), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task ReadTransientAsync(Caller caller, long after, bool restarted, ChannelWriter<Item> writer, CancellationToken cancellationToken)
    {
        if (restarted)
        {
            await writer.WriteAsync(new Gap("The bot restarted: text deltas of turns that ran before the restart are gone (stored events are complete)."), cancellationToken).ConfigureAwait(false);
        }

        var last = after;
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = transients.ReadAfter(last);
            if (batch.Gap && batch.Events.Count == 0)
            {
                last = transients.LastSeq; // a position from the future: go on from now
            }

            if (batch.Gap)
            {
                await writer.WriteAsync(new Gap("This reader fell behind the replay buffer of text deltas: some deltas were skipped (stored events are complete)."), cancellationToken).ConfigureAwait(false);
            }

            foreach (var e in batch.Events)
            {
                last = e.Seq;
                if (EventVisibility.Sees(caller, e))
                {
                    await writer.WriteAsync(new Transient(e), cancellationToken).ConfigureAwait(false);
                }
            }

            if (batch.Events.Count == 0)
            {
                await transients.WaitAfterAsync(last, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
        }
    }
}
