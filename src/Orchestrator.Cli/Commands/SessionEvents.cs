using System.Globalization;
using System.Text.Json;

namespace Orchestrator.Cli.Commands;

/// <summary>Reading the control plane's stored events: which session one is about, what state it moved to, one line for it.</summary>
public static class SessionEvents
{
    /// <summary>States in which a session no longer works by itself: the agent answered, or it ended.</summary>
    public static readonly IReadOnlySet<string> Settled = new HashSet<string>(StringComparer.Ordinal)
    {
        "waiting_for_user", "completed", "failed", "stopped", "archived", "deleted",
    };

    /// <summary>The session of a stored event (top level, or in its data).</summary>
    public static string? SessionOf(JsonElement e) =>
        CliContext.Text(e, "session_id") is { Length: > 0 } id ? id : CliContext.Text(Data(e), "session_id") is { Length: > 0 } inner ? inner : null;

    /// <summary>The state a <c>session.state</c> event moved its session to.</summary>
    public static string? StateOf(string kind, JsonElement e)
    {
        if (kind != "session.state")
        {
            return null;
        }

        var data = Data(e);
        return CliContext.Text(data, "to") is { Length: > 0 } to ? to
            : CliContext.Text(data, "state") is { Length: > 0 } state ? state
            : CliContext.Text(e, "state") is { Length: > 0 } top ? top : null;
    }

    /// <summary>"12:04:05  session.state      a1b2c3  session a1b2c3 running → waiting_for_user" (local time).</summary>
    public static string Line(string kind, JsonElement e)
    {
        var at = DateTimeOffset.TryParse(CliContext.Text(e, "at"), CultureInfo.InvariantCulture, DateTimeStyles.None, out var when)
            ? when.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture) + "  "
            : "";
        var session = SessionOf(e) is { } id ? id + "  " : "";
        var actor = CliContext.Text(e, "actor") is { Length: > 0 } who ? $"  (by {who})" : "";
        return $"{at}{kind,-18} {session}{CliContext.Text(e, "summary")}{actor}";
    }

    /// <summary>An event's <c>data</c>: stored as a JSON string, sometimes an object.</summary>
    private static JsonElement Data(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("data", out var data))
        {
            return default;
        }

        if (data.ValueKind == JsonValueKind.Object)
        {
            return data;
        }

        if (data.ValueKind == JsonValueKind.String && data.GetString() is { Length: > 0 } text && text.TrimStart().StartsWith('{'))
        {
            try
            {
                return JsonDocument.Parse(text).RootElement.Clone();
            }
            catch (JsonException)
            {
            }
        }

        return default;
    }
}
