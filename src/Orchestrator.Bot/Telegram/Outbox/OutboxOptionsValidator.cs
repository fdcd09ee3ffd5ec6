using Microsoft.Extensions.Options;

namespace Orchestrator.Bot.Telegram.Outbox;

/// <summary>Validates the time spans of <see cref="OutboxOptions"/> (the counts carry DataAnnotations).</summary>
internal sealed class OutboxOptionsValidator : IValidateOptions<OutboxOptions>
{
    public ValidateOptionsResult Validate(string? name, OutboxOptions options)
    {
        var failures = new List<string>();
        Positive(options.PrivateChatInterval, nameof(options.PrivateChatInterval));
        Positive(options.GroupWindow, nameof(options.GroupWindow));
        Positive(options.GlobalWindow, nameof(options.GlobalWindow));
        Positive(options.MaxRetryAfter, nameof(options.MaxRetryAfter));
        Positive(options.DefaultRetryAfter, nameof(options.DefaultRetryAfter));
        Positive(options.RetryBaseDelay, nameof(options.RetryBaseDelay));
        Positive(options.IdleTimeout, nameof(options.IdleTimeout));
        Positive(options.ShutdownTimeout, nameof(options.ShutdownTimeout));
        Positive(options.DraftInterval, nameof(options.DraftInterval));
        if (options.DraftRefreshInterval < TimeSpan.FromSeconds(1) || options.DraftRefreshInterval > TimeSpan.FromSeconds(25))
        {
            failures.Add($"Telegram:Outbox:{nameof(options.DraftRefreshInterval)} must be between 1 and 25 s: Telegram drops a draft after about 30 s (was {options.DraftRefreshInterval}).");
        }
        if (options.MaxRetryDelay < options.RetryBaseDelay)
        {
            failures.Add($"{nameof(options.MaxRetryDelay)} must be at least {nameof(options.RetryBaseDelay)}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Positive(TimeSpan value, string property)
        {
            if (value <= TimeSpan.Zero)
            {
                failures.Add($"Telegram:Outbox:{property} must be positive (was {value}).");
            }
        }
    }
}
