using System.Globalization;
using System.Text.RegularExpressions;

using Orchestrator.Telegram.Resilience;

namespace Orchestrator.Telegram;

/// <summary>Connection settings for <see cref="TelegramBotClient"/>. The token is validated but never echoed.</summary>
public sealed partial class TelegramBotClientOptions
{
    /// <summary>The public Bot API server.</summary>
    public const string DefaultBaseUrl = "https://api.telegram.org";

    /// <summary>Creates options for <paramref name="token"/> (<c>123456:ABC...</c>) against <paramref name="baseUrl"/>.</summary>
    /// <exception cref="ArgumentException">The token is not of the form <c>digits:secret</c>; the message never contains it.</exception>
    public TelegramBotClientOptions(string token, string? baseUrl = null)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new ArgumentException("The bot token is empty.", nameof(token));
        }

        var match = TokenPattern().Match(token);
        if (!match.Success || !long.TryParse(match.Groups["id"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var botId))
        {
            throw new ArgumentException(
                "The bot token is malformed: expected '<bot id digits>:<secret of at least 30 characters [A-Za-z0-9_-]>' as issued by @BotFather.",
                nameof(token));
        }

        Token = token;
        BotId = botId;
        BaseUrl = string.IsNullOrWhiteSpace(baseUrl) ? DefaultBaseUrl : baseUrl.TrimEnd('/');
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out _))
        {
            throw new ArgumentException("The Bot API base URL is not an absolute URL.", nameof(baseUrl));
        }
    }

    /// <summary>The bot token. Keep it out of logs and messages.</summary>
    public string Token { get; }

    /// <summary>The bot's user id: the digits before ':' in the token.</summary>
    public long BotId { get; }

    /// <summary>The Bot API server, without a trailing slash (default <see cref="DefaultBaseUrl"/>).</summary>
    public string BaseUrl { get; }

    /// <summary>Timeout of one HTTP request (default 30 s). getUpdates uses its long-poll timeout + 15 s instead.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Retry policy applied around every request except getUpdates; <c>null</c> disables retries.</summary>
    public TelegramRetryOptions? Retry { get; init; } = new();

    /// <summary>Returns a description safe for logs (no token).</summary>
    public override string ToString() => $"bot {BotId} at {BaseUrl}";

    [GeneratedRegex(@"^(?<id>[0-9]{1,20}):[A-Za-z0-9_-]{30,}$", RegexOptions.CultureInvariant)]
    private static partial Regex TokenPattern();
}
