using System.Globalization;

namespace Orchestrator.Api.Events;

/// <summary>
/// Where an SSE reader is, written as every event's <c>id</c>: <c>{stored}-{transient}-{epoch}</c> = the last stored
/// event id (<c>control_events</c>) and the last transient sequence number (text deltas) the reader was sent, and the
/// transient sequence's epoch (a restart starts a new one). <c>Last-Event-ID</c> gives it back after a reconnect, and
/// each of the two streams resumes right after its own position: nothing in between is missed.
/// </summary>
public readonly record struct StreamPosition(long Stored, long Transient, string Epoch)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Stored}-{Transient}-{Epoch}");

    public static bool TryParse(string? text, out StreamPosition position)
    {
        position = default;
        var parts = (text ?? "").Split('-');
        if (parts.Length != 3
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var stored)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var transient)
            || parts[2].Length is 0 or > 20)
        {
            return false;
        }

        position = new StreamPosition(stored, transient, parts[2]);
        return true;
    }
}
