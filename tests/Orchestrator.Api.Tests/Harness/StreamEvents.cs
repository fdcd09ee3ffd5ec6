using System.Text.Json;

namespace Orchestrator.Api.Tests.Harness;

/// <summary>Reading a stream in order: every event up to one that matches, and the data of stored events.</summary>
public static class StreamEvents
{
    /// <summary>Every event (in stream order) up to and including the first that matches <paramref name="last"/>.</summary>
    public static async Task<List<SseEvent>> UntilAsync(this SseReader stream, Func<SseEvent, bool> last, TimeSpan timeout)
    {
        var seen = new List<SseEvent>();
        while (true)
        {
            var next = await stream.NextAsync(_ => true, timeout);
            seen.Add(next);
            if (last(next))
            {
                return seen;
            }
        }
    }

    /// <summary>The <c>data</c> of a stored event (a JSON document in a string).</summary>
    public static JsonElement StoredData(this SseEvent e) =>
        JsonDocument.Parse(e.Json.GetProperty("data").GetString()!).RootElement;

    public static bool IsTurnEnd(this SseEvent e, long turnId) =>
        e.Event == "turn.ended" && e.StoredData().GetProperty("turn_id").GetInt64() == turnId;
}
