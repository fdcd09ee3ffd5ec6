using System.Globalization;

namespace Orchestrator.Bot.Sessions.Commands;

/// <summary>How agents, sessions and times are written in the commands' answers.</summary>
public static class AgentTexts
{
    public const string Busy = "⏳ A turn is running: wait for it to finish or /stop it first.";

    public const string NewSessionNote = "A new session starts with your next message.";

    public static string Title(AgentRecord agent) => $"{agent.Emoji} {agent.Name}";

    public static string ModelOf(AgentRecord agent) => agent.Model ?? "engine default";

    /// <summary><c>🦊 fox — claude · opus · /work/app</c>.</summary>
    public static string Line(AgentRecord agent) => $"{Title(agent)} — {agent.Engine} · {ModelOf(agent)} · {agent.WorkingDirectory}";

    public static string Excerpt(string? text, int max) =>
        string.IsNullOrWhiteSpace(text) ? "" : LiveReply.Truncate(text.Trim(), max);

    /// <summary>An ISO-8601 time from the database as <c>2026-11-22 00:45 UTC</c>.</summary>
    public static string Time(string stored) =>
        DateTimeOffset.TryParse(stored, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)
            : stored;

    public static string Duration(TimeSpan elapsed) =>
        elapsed.TotalHours >= 1 ? $"{(int)elapsed.TotalHours} h {elapsed.Minutes} min"
        : elapsed.TotalMinutes >= 1 ? $"{(int)elapsed.TotalMinutes} min {elapsed.Seconds} s"
        : $"{Math.Max(0, (int)elapsed.TotalSeconds)} s";

    public static string Count(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>US dollars: cents for amounts from a dollar, four decimals below (agent turns often cost fractions of a cent).</summary>
    public static string Dollars(double value) =>
        "$" + value.ToString(value >= 1 ? "#,0.00" : "0.0000", CultureInfo.InvariantCulture);
}
