using System.Net;

using Telegram.Bot.Exceptions;

using Polly;
using Polly.Retry;

namespace Orchestrator.Telegram.Resilience;

/// <summary>
/// Builds the retry pipeline <see cref="ResilientBotClient"/> wraps around one-off calls:
/// 429 waits exactly <c>retry_after</c> (when ≤ <see cref="TelegramRetryOptions.MaxRetryAfter"/>, else rethrows);
/// 5xx, network errors and timeouts back off exponentially with jitter; other 4xx (400/401/403/404/409) are never retried;
/// caller cancellation is never retried.
/// </summary>
public static class TelegramResilience
{
    public static ResiliencePipeline CreatePipeline(TelegramRetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxRetryAttempts <= 0)
        {
            return ResiliencePipeline.Empty;
        }

        var retry = new RetryStrategyOptions
        {
            MaxRetryAttempts = options.MaxRetryAttempts,
            BackoffType = DelayBackoffType.Exponential,
            Delay = options.BaseDelay,
            MaxDelay = options.MaxDelay,
            UseJitter = options.UseJitter,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && IsTransient(ex, options)),
            DelayGenerator = args => ValueTask.FromResult(
                args.Outcome.Exception is ApiRequestException { ErrorCode: 429, Parameters.RetryAfter: { } seconds }
                    ? TimeSpan.FromSeconds(seconds)
                    : (TimeSpan?)null),
            OnRetry = args =>
            {
                options.OnRetry?.Invoke(new TelegramRetryEvent(args.AttemptNumber, args.RetryDelay, args.Outcome.Exception!));
                return ValueTask.CompletedTask;
            },
        };
        return new ResiliencePipelineBuilder().AddRetry(retry).Build();
    }

    /// <summary>True for failures worth retrying under <paramref name="options"/>.</summary>
    public static bool IsTransient(Exception exception, TelegramRetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return exception switch
        {
            ApiRequestException { ErrorCode: 429 } api =>
                api.Parameters?.RetryAfter is not { } seconds || TimeSpan.FromSeconds(seconds) <= options.MaxRetryAfter,
            ApiRequestException api => api.ErrorCode >= 500,
            RequestException { HttpStatusCode: null } => true,
            RequestException request => (int)request.HttpStatusCode!.Value >= 500 || request.HttpStatusCode == HttpStatusCode.TooManyRequests,
            _ => false,
        };
    }
}
