using System.Text.RegularExpressions;

namespace Orchestrator.Bot.Telegram;

/// <summary>The shape of a BotFather token (redaction is <see cref="Security.SecretRedactor"/>'s).</summary>
public static partial class BotTokenFormat
{
    public static bool IsValid(string token) => TokenPattern().IsMatch(token);

    [GeneratedRegex(@"^\d{1,20}:[A-Za-z0-9_-]{20,}$")]
    private static partial Regex TokenPattern();
}
