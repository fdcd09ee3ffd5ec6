using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Orchestrator.Testing.Telegram;

namespace Orchestrator.LoadDriver;

/// <summary>
/// Delta → visible latency: a delta is visible at the first accepted sendMessage/editMessageText of its chat whose
/// text contains it or a later word (words are numbered and edits replace the whole text, so the newest number shown
/// tells which deltas the user sees). Also the wait beyond the chat's next call: how much later than the first
/// accepted call of its chat arriving 50 ms or more after the delta was emitted it became visible. Telegram's limits decide when a chat's
/// next call can be; this part is the bot's own (a stale render, a page split costing a call).
/// </summary>
internal sealed partial class LatencyReport
{
    /// <summary>A call arriving sooner after a delta was rendered before it (the goal's "+ 50 ms").</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(50);

    private readonly double[] _sorted;
    private readonly double[] _beyondNextCall;

    private LatencyReport(double[] sorted, double[] beyondNextCall, int accepted, int neverVisible)
    {
        _sorted = sorted;
        _beyondNextCall = beyondNextCall;
        Accepted = accepted;
        NeverVisible = neverVisible;
    }

    public int Accepted { get; }

    public int NeverVisible { get; }

    public double P(double q) => Quantile(_sorted, q);

    /// <summary>Quantile of the wait beyond the chat's next accepted call (ms).</summary>
    public double BeyondNextCall(double q) => Quantile(_beyondNextCall, q);

    private static double Quantile(double[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];

    public static LatencyReport Build(IReadOnlyList<FakeRequest> requests, DeltaLog log)
    {
        var shown = requests
            .Where(r => r.StatusCode == 200 && r.ChatId is not null && (r.Method is "sendMessage" or "editMessageText"))
            .GroupBy(r => r.ChatId!.Value)
            .ToDictionary(g => g.Key, g => g.OrderBy(r => r.Time).ToArray());
        var latencies = new List<double>();
        var beyond = new List<double>();
        var never = 0;
        foreach (var (chat, emitted) in log.Emitted)
        {
            var count = log.Ended.TryGetValue(chat, out var end) ? end.Count : 0;
            var calls = shown.GetValueOrDefault(chat, []);
            var visible = 0; // deltas [0, visible) are visible
            var next = 0; // calls[next] is the chat's first call arriving Slack or more after the delta's emission
            foreach (var request in calls)
            {
                var newest = NewestWord(request.Body);
                for (; visible <= newest && visible < count; visible++)
                {
                    latencies.Add((request.Time - emitted[visible]).TotalMilliseconds);
                    while (next < calls.Length && calls[next].Time < emitted[visible] + Slack)
                    {
                        next++;
                    }

                    beyond.Add(next < calls.Length ? Math.Max(0, (request.Time - calls[next].Time).TotalMilliseconds) : 0);
                }
            }

            never += count - visible;
        }

        latencies.Sort();
        beyond.Sort();
        return new LatencyReport([.. latencies], [.. beyond], shown.Values.Sum(v => v.Length), never);
    }

    private static int NewestWord(string body)
    {
        string? text;
        try
        {
            using var json = JsonDocument.Parse(body);
            text = json.RootElement.TryGetProperty("text", out var t) ? t.GetString() : null;
        }
        catch (JsonException)
        {
            return -1;
        }

        var newest = -1;
        foreach (Match match in Word().Matches(text ?? ""))
        {
            newest = Math.Max(newest, int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture));
        }

        return newest;
    }

    [GeneratedRegex(@"\bw(\d+)\b")]
    private static partial Regex Word();
}
