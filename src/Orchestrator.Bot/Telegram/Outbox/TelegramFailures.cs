using Telegram.Bot.Exceptions;

namespace Orchestrator.Bot.Telegram.Outbox;

/// <summary>Sorts Bot API failures into rate limits, transient failures (retry with backoff) and permanent ones.</summary>
internal static class TelegramFailures
{
    public static bool IsTooManyRequests(Exception exception) => exception is ApiRequestException { ErrorCode: 429 };

    /// <summary>Server errors (5xx) and transport failures (network, timeouts, unreadable responses).</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        ApiRequestException api => api.ErrorCode >= 500,
        RequestException { HttpStatusCode: { } status } => (int)status is >= 500 or 408 or 429,
        RequestException => true, // no HTTP answer at all: network
        HttpRequestException or IOException or TimeoutException => true,
        OperationCanceledException => true, // an HTTP timeout; our own cancellation is filtered out before this
        _ => false,
    };

    public static TimeSpan RetryAfter(ApiRequestException exception, OutboxOptions options) =>
        exception.Parameters?.RetryAfter is int seconds && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : options.DefaultRetryAfter;
}
