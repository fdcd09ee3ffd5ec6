using Microsoft.Extensions.Configuration;

namespace Orchestrator.Bot.Security;

/// <summary>
/// The configuration keys whose values are the bot's secrets. A new secret setting (e.g. a web token) is added here,
/// and every redaction (Telegram, storage, logs) covers it.
/// </summary>
public static class SecretSettings
{
    public static readonly IReadOnlyList<string> Keys =
    [
        "Telegram:BotToken",
    ];

    /// <summary>The secret values in <paramref name="configuration"/>; for the bot token also its secret half (after the colon).</summary>
    public static IEnumerable<string> ValuesIn(IConfiguration configuration)
    {
        foreach (var key in Keys)
        {
            var value = configuration[key];
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            yield return value;
            var colon = value.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0 && colon < value.Length - 1)
            {
                yield return value[(colon + 1)..];
            }
        }
    }
}
