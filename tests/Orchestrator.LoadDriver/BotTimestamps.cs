using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Orchestrator.LoadDriver;

/// <summary>
/// The bot's own timestamps of what a user waits for (TurnRun.Timings: Debug lines "first text received at …" and
/// "approval … requested by the engine at …"), read from its console: the latency goals are stated from these
/// moments, not from when the fake model sent something (codex's relay lies in between).
/// </summary>
internal static partial class BotTimestamps
{
    /// <summary>The log category the chat turns log under; the driver sets it to Debug for the bot.</summary>
    public const string Category = "Orchestrator.Bot.Sessions.AgentChat";

    public static KeyValuePair<string, string> Setting => new($"Serilog:MinimumLevel:Override:{Category}", "Debug");

    public static bool IsTimestamp(string line) => FirstText().IsMatch(line) || Approval().IsMatch(line);

    /// <summary>When the bot received the first text of the first turn that got one after <paramref name="after"/>.</summary>
    public static Task<DateTimeOffset> FirstTextAfterAsync(BotChild bot, DateTimeOffset after, TimeSpan timeout) =>
        FirstAfterAsync(bot, FirstText(), after, timeout, "the bot's first-text timestamp");

    /// <summary>When the bot received the first approval request after <paramref name="after"/>.</summary>
    public static Task<DateTimeOffset> ApprovalAfterAsync(BotChild bot, DateTimeOffset after, TimeSpan timeout) =>
        FirstAfterAsync(bot, Approval(), after, timeout, "the bot's approval timestamp");

    private static async Task<DateTimeOffset> FirstAfterAsync(BotChild bot, Regex pattern, DateTimeOffset after, TimeSpan timeout, string what)
    {
        // The line is written before the text goes on; the driver reads the bot's stdout on its own thread, so by the
        // time the text is on Telegram the line is there or a moment away.
        var waited = Stopwatch.StartNew();
        while (true)
        {
            foreach (var line in bot.Kept)
            {
                if (pattern.Match(line) is { Success: true } match
                    && DateTimeOffset.TryParse(match.Groups["at"].Value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
                    && at >= after)
                {
                    return at;
                }
            }

            if (waited.Elapsed > timeout)
            {
                throw new TimeoutException($"{what} did not appear in the bot's output (is {Category} at Debug?)");
            }

            await Task.Delay(20);
        }
    }

    [GeneratedRegex(@"first text received at (?<at>\S+)")]
    private static partial Regex FirstText();

    [GeneratedRegex(@"approval \S+ requested by the engine at (?<at>\S+)")]
    private static partial Regex Approval();
}
