namespace Orchestrator.Telegram.Resilience;

/// <summary>How <see cref="TelegramResilience"/> retries failed Bot API calls.</summary>
public sealed record TelegramRetryOptions
{
    /// <summary>Retries after the first attempt (default 3), for 429, 5xx, network errors and timeouts alike.</summary>
    public int MaxRetryAttempts { get; init; } = 3;

    /// <summary>First backoff delay for 5xx/network/timeout; doubles per attempt, with jitter (default 1 s).</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of one backoff delay (default 30 s).</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A 429 whose <c>retry_after</c> exceeds this is rethrown instead of waited out (default 60 s).</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Jitter on the exponential backoff (default on; 429 waits are exact).</summary>
    public bool UseJitter { get; init; } = true;

    /// <summary>Called before each retry with the method name, attempt number (0-based), the delay and the error. Never sees the token.</summary>
    public Action<TelegramRetryEvent>? OnRetry { get; init; }
}

/// <summary>One retry decision, for logging.</summary>
public sealed record TelegramRetryEvent(int AttemptNumber, TimeSpan Delay, Exception Error);
