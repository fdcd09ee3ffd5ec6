namespace Orchestrator.Bot.Tests.Telegram.Outbox;

internal sealed partial class FakeTelegramBotClient
{
    private void Script(long chatId, Func<ChatState, DateTimeOffset, (FakeOutcome, int?)> failure)
    {
        lock (_gate)
        {
            StateOf(chatId).Scripted.Enqueue(failure);
        }
    }

    /// <summary>Applies bans, scripted failures and the rate limits, in Telegram's spirit: a call during a ban prolongs it.</summary>
    private (FakeOutcome Outcome, int? RetryAfter) Limit(ChatState? state, long? chatId, DateTimeOffset now, bool countsForChat)
    {
        if (state is not null && now < state.BannedUntil)
        {
            var remaining = Seconds(state.BannedUntil - now);
            state.BannedUntil = now + TimeSpan.FromSeconds(remaining); // prolonged: at least the whole period again
            return (FakeOutcome.TooManyRequests, remaining);
        }

        if (state is not null && countsForChat && state.Scripted.TryDequeue(out var scripted))
        {
            return scripted(state, now);
        }

        while (_globalCalls.Count > 0 && _globalCalls.Peek() <= now - _limits.GlobalWindow)
        {
            _globalCalls.Dequeue();
        }

        if (_globalCalls.Count >= _limits.GlobalPerWindow)
        {
            return Ban(state, now, _globalCalls.Peek() + _limits.GlobalWindow - now);
        }

        if (state is not null && countsForChat && chatId is long id)
        {
            if (id < 0)
            {
                while (state.GroupCalls.Count > 0 && state.GroupCalls.Peek() <= now - _limits.GroupWindow)
                {
                    state.GroupCalls.Dequeue();
                }

                if (state.GroupCalls.Count >= _limits.GroupPerWindow)
                {
                    return Ban(state, now, state.GroupCalls.Peek() + _limits.GroupWindow - now);
                }

                state.GroupCalls.Enqueue(now);
            }
            else
            {
                var refill = (now - state.RefilledAt) / _limits.PrivateInterval;
                state.Tokens = Math.Min(_limits.PrivateBurst, state.Tokens + refill);
                state.RefilledAt = now;
                if (state.Tokens < 1)
                {
                    return Ban(state, now, (1 - state.Tokens) * _limits.PrivateInterval);
                }

                state.Tokens -= 1;
            }
        }

        _globalCalls.Enqueue(now);
        return (FakeOutcome.Ok, null);
    }

    private static (FakeOutcome, int?) Ban(ChatState? state, DateTimeOffset now, TimeSpan wait)
    {
        var seconds = Seconds(wait);
        if (state is not null)
        {
            state.BannedUntil = now + TimeSpan.FromSeconds(seconds);
        }

        return (FakeOutcome.TooManyRequests, seconds);
    }

    private static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));

    private sealed class ChatState
    {
        public Dictionary<int, FakeMessage> Messages { get; } = [];

        public Queue<Func<ChatState, DateTimeOffset, (FakeOutcome, int?)>> Scripted { get; } = new();

        public Queue<DateTimeOffset> GroupCalls { get; } = new();

        public double Tokens { get; set; }

        public DateTimeOffset RefilledAt { get; set; }

        public DateTimeOffset BannedUntil { get; set; }
    }
}
