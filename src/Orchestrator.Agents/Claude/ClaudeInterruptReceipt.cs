using System.Text.Json;
using Orchestrator.Agents.Claude.Protocol;

namespace Orchestrator.Agents.Claude;

/// <summary>
/// What an <c>interrupt</c> did to the user messages still queued, by <see cref="ClaudeUserInput.Uuid"/>:
/// <see cref="Cancelled"/> will never run (asked for with <c>cancel_queued</c>), <see cref="StillQueued"/> will still run,
/// each in a turn of its own. Both are empty when the CLI reports neither (an older CLI, or an error answer).
/// </summary>
internal sealed record ClaudeInterruptReceipt(IReadOnlyList<string> StillQueued, IReadOnlyList<string> Cancelled)
{
    public static ClaudeInterruptReceipt From(ClaudeControlResponseBody response) =>
        new(Strings(response.Response, "still_queued"), Strings(response.Response, "cancelled"));

    private static List<string> Strings(JsonElement payload, string property)
    {
        if (payload.ValueKind != JsonValueKind.Object || !payload.TryGetProperty(property, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return [.. array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)];
    }
}
