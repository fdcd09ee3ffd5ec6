using Microsoft.Extensions.Logging;

namespace Orchestrator.Bot.Telegram.Outbox;

/// <summary>The sender's loop: wait for work, wait for the budget, take the oldest entry, make one step, sort out failures.</summary>
internal sealed partial class ChatSender
{
    private async Task RunAsync()
    {
        var stopping = _outbox.StoppingToken;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                if (!await WaitForWorkAsync(stopping))
                {
                    return; // retired
                }

                // Wait for the chat's budget and a share of the bot-wide one before picking the work, so a live message
                // renders its newest state when it can actually go out, not before queueing for the global budget.
                // A page split's next page, a final answer and urgent work (an approval prompt) may use the chat's burst
                // and go ahead of other chats in the bot-wide queue; one arriving during the pacing wait is seen then.
                StartStep();
                await WaitForBudgetAsync(stopping, fromLoop: true);
                bool ahead;
                lock (_gate)
                {
                    ahead = _burst;
                }

                _reserved = await _outbox.Global.WaitAsync(ahead, stopping);
                try
                {
                    if (TakeNext() is { } work)
                    {
                        await RunStepAsync(work, stopping);
                    }
                }
                finally
                {
                    ReturnReservedPermit(); // the step made no call (nothing new to show, or it was cancelled)
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            _outbox.Logger.LogError(ex, "The sender of chat {ChatId} failed", ChatId);
        }
        finally
        {
            AbortAll();
        }
    }

    /// <summary>Waits until the queue has work; retires after the idle timeout. False once retired.</summary>
    private async Task<bool> WaitForWorkAsync(CancellationToken stopping)
    {
        while (true)
        {
            Task signal;
            lock (_gate)
            {
                DropFinishedLocked();
                if (_queue.Count > 0)
                {
                    return true;
                }

                SetDrainedLocked();
                _signal = NewSignal();
                signal = _signal.Task;
            }

            using var idle = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            var timeout = Task.Delay(_outbox.Options.IdleTimeout, _outbox.Time, idle.Token);
            var first = await Task.WhenAny(signal, timeout);
            await idle.CancelAsync();
            stopping.ThrowIfCancellationRequested();
            if (first == signal)
            {
                continue;
            }

            lock (_gate)
            {
                var now = _outbox.Time.GetUtcNow();
                if (_queue.Count == 0 && now >= _nextAllowed && now >= _theoretical && now >= _bannedUntil && now >= _backoffUntil)
                {
                    _retired = true;
                }
            }

            if (_retired)
            {
                _outbox.OnSenderRetired(this);
                return false;
            }
        }
    }

    /// <summary>
    /// Whether the coming step may use the burst: it completes a page split, or the work first in line is urgent or a
    /// final answer.
    /// </summary>
    private void StartStep()
    {
        lock (_gate)
        {
            _burst = _followUp || HeadMayBurstLocked();
            _followUp = false;
        }
    }

    private bool HeadMayBurstLocked()
    {
        for (var node = _queue.First; node is not null; node = node.Next)
        {
            if (!node.Value.IsFinished)
            {
                return node.Value.MayBurst;
            }
        }

        return false;
    }

    private IChatWork? TakeNext()
    {
        lock (_gate)
        {
            DropFinishedLocked();
            if (_queue.First is not { } first)
            {
                return null;
            }

            _queue.RemoveFirst();
            _busy = true;
            return first.Value;
        }
    }

    private async Task RunStepAsync(IChatWork work, CancellationToken stopping)
    {
        bool requeue;
        var front = false;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, work.Token);
        try
        {
            requeue = await work.RunStepAsync(this, linked.Token);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            lock (_gate)
            {
                _queue.AddFirst(work);
                _busy = false;
            }

            throw;
        }
        catch (OperationCanceledException) when (work.Token.IsCancellationRequested)
        {
            work.OnCancelled();
            requeue = false;
        }
        catch (Exception ex) when (TelegramFailures.IsTooManyRequests(ex))
        {
            var retryAfter = TelegramFailures.RetryAfter((global::Telegram.Bot.Exceptions.ApiRequestException)ex, _outbox.Options);
            Ban(retryAfter);
            requeue = front = work.OnRateLimited(retryAfter, ex);
        }
        catch (Exception ex) when (TelegramFailures.IsTransient(ex))
        {
            requeue = front = work.OnTransientFailure(ex);
            var delay = Backoff(work.Attempts);
            lock (_gate)
            {
                _backoffUntil = _outbox.Time.GetUtcNow() + delay;
            }

            _outbox.Logger.LogWarning(
                ex, "Telegram call for chat {ChatId} failed (attempt {Attempt}); retrying in {DelayMs} ms: {Error}",
                ChatId, work.Attempts, delay.TotalMilliseconds, ex.Message);
        }
        catch (Exception ex)
        {
            _outbox.Logger.LogError(ex, "Telegram call for chat {ChatId} failed permanently: {Error}", ChatId, ex.Message);
            requeue = work.OnPermanentFailure(ex);
        }

        lock (_gate)
        {
            _followUp = requeue && work.HasFollowUp;
            if (requeue && (front || _followUp))
            {
                _queue.AddFirst(work);
            }
            else if (requeue)
            {
                _queue.AddLast(work);
            }

            _busy = false;
        }
    }

    private TimeSpan Backoff(int attempts)
    {
        var options = _outbox.Options;
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(options.RetryBaseDelay.Ticks * factor, options.MaxRetryDelay.Ticks));
        return delay;
    }
}
