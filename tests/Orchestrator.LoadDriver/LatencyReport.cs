using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Orchestrator.Testing.Telegram;

namespace Orchestrator.LoadDriver;

/// <summary>
/// Delta → visible latency: a delta is visible at the first accepted sendMessage/editMessageText of its chat whose
/// text contains it or a later word (words are numbered and edits replace the whole text, so the newest number shown
/// tells which deltas the user sees).
/// </summary>
internal sealed partial class LatencyReport
{
    private readonly double[] _sorted;

    private LatencyReport(double[] sorted, int accepted, int neverVisible)
    {
        _sorted = sorted;
        Accepted = accepted;
        NeverVisible = neverVisible;
    }

    public int Accepted { get; }

    public int NeverVisible { get; }

    public double P(double q) => _sorted.Length == 0 ? double.NaN : _sorted[Math.Min(_sorted.Length - 1, (int)Math.Ceiling(q * _sorted.Length) - 1 < 0 ? 0 : (int)Math.Ceiling(q * _sorted.Length) - 1)];

    public static LatencyReport Build(IReadOnlyList<FakeRequest> requests, DeltaLog log)
    {
        var shown = requests
            .Where(r => r.StatusCode == 200 && r.ChatId is not null && (r.Method is "sendMessage" or "editMessageText"))
            .GroupBy(r => r.ChatId!.Value)
            .ToDictionary(g => g.Key, g => g.OrderBy(r => r.Time).ToArray());
        var latencies = new List<double>();
        var never = 0;
        foreach (var (chat, emitted) in log.Emitted)
        {
            var count = log.Ended.TryGetValue(chat, out var end) ? end.Count : 0;
            var visible = 0; // deltas [0, visible) are visible
            foreach (var request in shown.GetValueOrDefault(chat, []))
            {
                var newest = NewestWord(request.Body);
                for (; visible <= newest && visible < count; visible++)
                {
                    latencies.Add((request.Time - emitted[visible]).TotalMilliseconds);
                }
            }

            never += count - visible;
        }

        latencies.Sort();
        return new LatencyReport([.. latencies], shown.Values.Sum(v => v.Length), never);
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
