namespace Orchestrator.Bot.Commands;

/// <summary>A parsed <c>/name@bot arguments</c> line.</summary>
public sealed record ParsedCommand(string Name, string? BotUsername, string Arguments)
{
    /// <summary>Parses a message text that starts with '/'; null when it is not a command.</summary>
    public static ParsedCommand? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text) || text[0] != '/' || text.Length < 2)
        {
            return null;
        }

        var end = 1;
        while (end < text.Length && !char.IsWhiteSpace(text[end]))
        {
            end++;
        }

        var head = text[1..end];
        string? bot = null;
        var at = head.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            bot = head[(at + 1)..];
            head = head[..at];
        }

        if (head.Length is 0 or > 32 || !head.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            return null;
        }

        return new ParsedCommand(head.ToLowerInvariant(), string.IsNullOrEmpty(bot) ? null : bot, text[end..].Trim());
    }

    /// <summary>True when the command is for this bot (no @suffix, or ours).</summary>
    public bool IsFor(string? myUsername) =>
        BotUsername is null || (myUsername is not null && string.Equals(BotUsername, myUsername, StringComparison.OrdinalIgnoreCase));
}
