using Microsoft.Extensions.Logging;
using Orchestrator.Bot.Inbox;

namespace Orchestrator.Bot.Chats;

internal sealed partial class ChatOwner
{
    /// <summary>
    /// Handles one job (an update, or an album's parts) from the inbox: each handling is counted first, so an update
    /// that kills the bot is set aside after <see cref="UpdateInbox.MaxAttempts"/>; a handler that throws is tried
    /// again up to that many times; done means done (<see cref="UpdateInbox.MarkDoneAsync"/>). Returns the job to run
    /// again (a handler threw, attempts are left), else null.
    /// </summary>
    private async Task<Job?> RunJobAsync(Job job)
    {
        var lane = ChatLanes.Enter(Key, job.Urgent);
        try
        {
            if (job.Change is { } change)
            {
                await RunChangeAsync(change).ConfigureAwait(false);
                return null;
            }

            return await RunUpdatesAsync(job).ConfigureAwait(false);
        }
        finally
        {
            lane.End();
        }
    }

    private async Task RunChangeAsync(ChangeArrived change)
    {
        if (change.Cancellation.IsCancellationRequested || _stopping.IsCancellationRequested)
        {
            change.Abandon();
            return;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(change.Cancellation, _stopping);
        await change.Run(linked.Token).ConfigureAwait(false); // reports its outcome (or failure) to its caller itself
    }

    private async Task<Job?> RunUpdatesAsync(Job job)
    {
        var items = new List<InboxItem>(job.Items.Count);
        foreach (var item in job.Items)
        {
            if (item.Attempts >= UpdateInbox.MaxAttempts)
            {
                await SetAsideAsync(item, $"{item.Attempts} handlings did not finish (the bot stopped or crashed each time)").ConfigureAwait(false);
            }
            else
            {
                items.Add(item);
            }
        }

        if (items.Count == 0 || _stopping.IsCancellationRequested)
        {
            return null;
        }

        var attempts = 0;
        try
        {
            foreach (var item in items)
            {
                attempts = Math.Max(attempts, await _inbox.BeginAttemptAsync(item.UpdateId, _stopping).ConfigureAwait(false));
            }
        }
        catch (Exception ex) when (!_stopping.IsCancellationRequested)
        {
            // The database could not count the attempt: handle nothing rather than risk handling it without a limit.
            _logger.LogError(ex, "Could not record the start of update {UpdateId} of chat {Chat}; it stays in the inbox", items[0].UpdateId, Key);
            return null;
        }
        catch (Exception)
        {
            return null;
        }

        try
        {
            if (job.Album)
            {
                await _handler.HandleAlbumAsync(items.Select(i => i.Update).ToList(), _stopping).ConfigureAwait(false);
            }
            else
            {
                await _handler.HandleAsync(items[0].Update, _stopping).ConfigureAwait(false);
            }
        }
        catch (Exception) when (_stopping.IsCancellationRequested)
        {
            _logger.LogInformation("Update {UpdateId} was interrupted by the shutdown; it will be handled after the restart", items[0].UpdateId);
            foreach (var item in items)
            {
                await ForgetAttemptAsync(item).ConfigureAwait(false);
            }

            return null;
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Handling update {UpdateId} of chat {Chat} failed (attempt {Attempt} of {Max})", items[0].UpdateId, Key, attempts, UpdateInbox.MaxAttempts);
            if (attempts < UpdateInbox.MaxAttempts)
            {
                // Tried again right away, in order: nothing of this chat overtakes it. Later attempts count up from here.
                return job with { Items = items };
            }

            foreach (var item in items)
            {
                await SetAsideAsync(item with { Attempts = attempts }, ex.GetType().Name + ": " + ex.Message).ConfigureAwait(false);
            }

            return null;
        }

        foreach (var item in items)
        {
            try
            {
                await _inbox.MarkDoneAsync(item.UpdateId, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // Left pending: handled again after a restart (at most MaxAttempts times in all).
                _logger.LogError(ex, "Recording update {UpdateId} as handled failed", item.UpdateId);
            }
        }

        return null;
    }

    private async Task SetAsideAsync(InboxItem item, string error)
    {
        try
        {
            if (!await _inbox.SetAsideAsync(item.UpdateId, error, CancellationToken.None).ConfigureAwait(false))
            {
                return; // set aside before: the user was told then
            }

            _logger.LogError(
                "Update {UpdateId} of chat {Chat} was set aside after {Attempts} attempts ({Error}); it will not be handled again",
                item.UpdateId, Key, Math.Max(item.Attempts, UpdateInbox.MaxAttempts), error);
            await _handler.TellSetAsideAsync(item.Update, _stopping).ConfigureAwait(false);
        }
        catch (Exception ex) when (!_stopping.IsCancellationRequested)
        {
            _logger.LogError(ex, "Setting update {UpdateId} of chat {Chat} aside failed", item.UpdateId, Key);
        }
        catch (Exception)
        {
            // a shutdown: nothing more to do
        }
    }

    private async Task ForgetAttemptAsync(InboxItem item)
    {
        try
        {
            await _inbox.ForgetAttemptAsync(item.UpdateId, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Could not uncount the interrupted handling of update {UpdateId}", item.UpdateId);
        }
    }
}
