using Microsoft.Extensions.Options;

namespace Orchestrator.Bot.Telegram;

/// <summary>The <c>Telegram</c> configuration section.</summary>
public sealed class TelegramOptions
{
    public const string Section = "Telegram";

    /// <summary>The token from @BotFather. Required; never logged.</summary>
    public string BotToken { get; set; } = "";

    /// <summary>Bot API base URL: Telegram's, a self-hosted Bot API server, or a test fake.</summary>
    public string ApiBaseUrl { get; set; } = "https://api.telegram.org";

    /// <summary>getUpdates long-poll seconds (the HTTP timeout is set above it).</summary>
    public int PollingTimeoutSeconds { get; set; } = 30;

    /// <summary>Seconds between getUpdates retries while another instance polls the same token (409).</summary>
    public int ConflictRetrySeconds { get; set; } = 15;

    /// <summary>
    /// Updates one chat may have waiting behind the one being handled; more are refused with "Busy" (once per episode).
    /// 50 is far more than a person sends while one message is handled, and keeps a flood's memory small.
    /// </summary>
    public int MaxQueuedUpdatesPerChat { get; set; } = 50;
}

internal sealed class TelegramOptionsValidator : IValidateOptions<TelegramOptions>
{
    public ValidateOptionsResult Validate(string? name, TelegramOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.BotToken))
        {
            errors.Add("Telegram:BotToken is missing: set it in appsettings.json or the Telegram__BotToken environment variable (the token from @BotFather).");
        }
        else if (!BotTokenFormat.IsValid(options.BotToken))
        {
            errors.Add("Telegram:BotToken is malformed: expected '<bot id>:<secret>' as given by @BotFather.");
        }

        if (!Uri.TryCreate(options.ApiBaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"Telegram:ApiBaseUrl must be an absolute http(s) URL, got '{options.ApiBaseUrl}'.");
        }

        if (options.PollingTimeoutSeconds is < 0 or > 50)
        {
            errors.Add($"Telegram:PollingTimeoutSeconds must be between 0 and 50, got {options.PollingTimeoutSeconds}.");
        }

        if (options.ConflictRetrySeconds is < 1 or > 600)
        {
            errors.Add($"Telegram:ConflictRetrySeconds must be between 1 and 600, got {options.ConflictRetrySeconds}.");
        }

        if (options.MaxQueuedUpdatesPerChat is < 1 or > 10_000)
        {
            errors.Add($"Telegram:MaxQueuedUpdatesPerChat must be between 1 and 10000, got {options.MaxQueuedUpdatesPerChat}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
