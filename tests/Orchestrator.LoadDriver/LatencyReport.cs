using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Orchestrator.Testing.Telegram;

namespace Orchestrator.LoadDriver;

/// <summary>
/// Delta → visible latency: a delta is visible at the first accepted sendMessage/editMessageText/sendMessageDraft of its chat whose
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
    private readonly List<string> _late;

    private LatencyReport(double[] sorted, double[] beyondNextCall, List<string> late, int accepted, int neverVisible)
    {
        _sorted = sorted;
        _beyondNextCall = beyondNextCall;
        _late = late;
        Accepted = accepted;
        NeverVisible = neverVisible;
    }

    public int Accepted { get; }

    public int NeverVisible { get; }

    public double P(double q) => Quantile(_sorted, q);

    /// <summary>Quantile of the wait beyond the chat's next accepted call (ms).</summary>
    public double BeyondNextCall(double q) => Quantile(_beyondNextCall, q);

    /// <summary>
    /// With <c>LOADDRIVER_LATE=FILE</c>: writes a line for every delta that became visible more than 50 ms after its
    /// chat's next call (chat, delta, when it was emitted, that next call and the call that showed it), to trace them.
    /// </summary>
    public async Task WriteLateIfAskedAsync()
    {
        if (Environment.GetEnvironmentVariable("LOADDRIVER_LATE") is { Length: > 0 } path)
        {
            await File.WriteAllLinesAsync(path, _late).ConfigureAwait(false);
        }
    }

    private static double Quantile(double[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];

    public static LatencyReport Build(IReadOnlyList<FakeRequest> requests, DeltaLog log)
    {
        var shown = requests
            .Where(r => r.StatusCode == 200 && r.ChatId is not null && (r.Method is "sendMessage" or "editMessageText" or "sendMessageDraft"))
            .GroupBy(r => r.ChatId!.Value)
            .ToDictionary(g => g.Key, g => g.OrderBy(r => r.Time).ToArray());
        var latencies = new List<double>();
        var beyond = new List<double>();
        var late = new List<string>();
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

                    var wait = next < calls.Length ? Math.Max(0, (request.Time - calls[next].Time).TotalMilliseconds) : 0;
                    beyond.Add(wait);
                    if (wait > Slack.TotalMilliseconds)
                    {
                        late.Add(Late(chat, visible, emitted[visible], calls[next], request, wait));
                    }
                }
            }

            never += count - visible;
        }

        latencies.Sort();
        beyond.Sort();
        return new LatencyReport([.. latencies], [.. beyond], late, shown.Values.Sum(v => v.Length), never);
    }

    private static string Late(long chat, int delta, DateTimeOffset emitted, FakeRequest next, FakeRequest shown, double wait) =>
        FormattableString.Invariant(
            $"chat {chat} delta {delta} emitted {emitted:HH:mm:ss.fff}; next call {next.Time:HH:mm:ss.fff} {next.Method} message {next.MessageId} showing up to delta {NewestWord(next.Body)}; shown {shown.Time:HH:mm:ss.fff} by {shown.Method} message {shown.MessageId}; {wait:0} ms beyond");

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
