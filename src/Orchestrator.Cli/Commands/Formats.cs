using System.Globalization;
using Spectre.Console;

namespace Orchestrator.Cli.Commands;

/// <summary>How values read in a terminal: sizes, times, paths in API routes, escaped markup.</summary>
public static class Formats
{
    public static string Bytes(long? bytes) => bytes switch
    {
        null => "",
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.##} GiB"),
    };

    /// <summary>Local time, to the second: what a person at this terminal reads.</summary>
    public static string When(DateTimeOffset? at) =>
        at is { } value ? value.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "";

    /// <summary>"waiting_for_user" → "waiting for user".</summary>
    public static string State(string? state) => (state ?? "").Replace('_', ' ');

    /// <summary>One path segment of an API route, escaped (ids and slugs come from the user).</summary>
    public static string Segment(string value) => Uri.EscapeDataString(value.Trim());

    public static string Esc(string? text) => Markup.Escape(text ?? "");

    public static string Excerpt(string? text, int max) =>
        text is null ? "" : (text.ReplaceLineEndings(" ") is var line && line.Length > max ? line[..(max - 1)] + "…" : line);
}
