using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.LoadDriver;

/// <summary>
/// What the fake app-server streamed in one turn, written as one JSON file per turn when the turn ends (before its
/// <c>turn/completed</c> goes out), so the driver in another process can compute delta → visible latency. Times are
/// <see cref="DateTimeOffset.UtcTicks"/>: the same system clock the fake Bot API stamps its request log with.
/// </summary>
internal sealed record TurnRecord(
    long Chat, string ThreadId, string TurnId, string Outcome, long StartedTicks, long EndedTicks, string Text, long[] EmittedTicks)
{
    public DateTimeOffset Ended => new(EndedTicks, TimeSpan.Zero);

    /// <summary>Writes the record atomically (temp file, then rename) so a reader never sees half a file.</summary>
    public void Write(string directory)
    {
        var path = Path.Combine(directory, $"{TurnId}.json");
        var temp = path + ".tmp";
        File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(this, TurnRecordJson.Default.TurnRecord));
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Every complete record in <paramref name="directory"/>.</summary>
    public static IReadOnlyList<TurnRecord> ReadAll(string directory) =>
        [.. Directory.EnumerateFiles(directory, "*.json").Select(f => JsonSerializer.Deserialize(File.ReadAllBytes(f), TurnRecordJson.Default.TurnRecord)!)];

    /// <summary>How many turns have ended so far (cheap: counts files).</summary>
    public static int CountEnded(string directory) => Directory.EnumerateFiles(directory, "*.json").Count();

    /// <summary>The records as a <see cref="DeltaLog"/> (one turn per chat), for <see cref="LatencyReport"/>.</summary>
    public static DeltaLog ToDeltaLog(IEnumerable<TurnRecord> records)
    {
        var log = new DeltaLog();
        foreach (var record in records)
        {
            var times = log.Begin(record.Chat, record.EmittedTicks.Length);
            for (var i = 0; i < times.Length; i++)
            {
                times[i] = new DateTimeOffset(record.EmittedTicks[i], TimeSpan.Zero);
            }

            log.End(record.Chat, record.Text, record.EmittedTicks.Length);
        }

        return log;
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(TurnRecord))]
[JsonSerializable(typeof(string))]
internal sealed partial class TurnRecordJson : JsonSerializerContext;
