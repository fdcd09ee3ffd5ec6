using System.Text.RegularExpressions;

namespace Orchestrator.Bot.Telegram;

/// <summary>The shape of a BotFather token, and redaction of it from text.</summary>
public static partial class BotTokenFormat
{
    public static bool IsValid(string token) => TokenPattern().IsMatch(token);

    /// <summary>Replaces every occurrence of <paramref name="token"/> (and its secret half) in <paramref name="text"/>.</summary>
    public static string Redact(string text, string token)
    {
        if (string.IsNullOrEmpty(text) || string.IsNullOrEmpty(token))
        {
            return text;
        }

        var redacted = text.Replace(token, "<bot-token>", StringComparison.Ordinal);
        var colon = token.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0 && colon < token.Length - 1)
        {
            redacted = redacted.Replace(token[(colon + 1)..], "<bot-token>", StringComparison.Ordinal);
        }

        return redacted;
    }

    [GeneratedRegex(@"^\d{1,20}:[A-Za-z0-9_-]{20,}$")]
    private static partial Regex TokenPattern();
}
