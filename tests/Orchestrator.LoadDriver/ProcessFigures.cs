namespace Orchestrator.LoadDriver;

/// <summary>The figures of one <c>stream-process</c> run, as a Markdown table.</summary>
internal sealed record ProcessFigures(
    StreamProcessOptions Options,
    string LoadBefore,
    string LoadAfter,
    IReadOnlyList<TurnRecord> Records,
    DateTimeOffset Start,
    TimeSpan Delivered,
    int RateLimitViolations,
    LatencyReport Report,
    CadenceReport Cadence,
    int Complete,
    BotSample Idle,
    BotSample End,
    long PeakSampledRssKb,
    long FakeHwmKb,
    TimeSpan FakeCpu,
    int FakeProcesses,
    string Stopped,
    int FakeLeftOver,
    (int Warnings, int Errors) BotLog)
{
    public string ToMarkdown()
    {
        var chats = Options.Chats;
        var deltas = Records.Sum(r => r.EmittedTicks.Length);
        var streamed = Records.Count == 0 ? TimeSpan.Zero : Records.Max(r => r.Ended) - Start;
        var runCpu = End.Cpu - Idle.Cpu;
        var wall = Delivered.TotalSeconds;
        return FormattableString.Invariant($"""
            | Figure | Value |
            |---|---|
            | load average (1/5/15 min) before → after | {LoadBefore} → {LoadAfter} |
            | chats × rate × duration | {chats} × {Options.Rate}/s × {Options.Duration.TotalSeconds:0} s = {deltas} deltas ({Records.Count} turns ended) |
            | bot start → first getUpdates | {Idle.SinceLaunch.TotalMilliseconds:0} ms |
            | turns started (first delta) after: first / last chat | {FirstStart.TotalSeconds:0.00} / {LastStart.TotalSeconds:0.00} s (includes starting the app-server on the first message) |
            | streams ended after | {streamed.TotalSeconds:0.0} s |
            | last final message after | {wall:0.0} s |
            | rate-limit violations (429 from the fake) | {RateLimitViolations} |
            | sendMessage + editMessageText + sendMessageDraft accepted | {Report.Accepted} ({Report.Accepted / wall:0.0}/s) |
            | delta → visible latency p50 / p90 / p99 / max | {Report.P(0.50):0} / {Report.P(0.90):0} / {Report.P(0.99):0} / {Report.P(1):0} ms |
            | wait beyond the chat's next call (50 ms or more after the delta) p50 / p99 / p99.9 / max | {Report.BeyondNextCall(0.50):0} / {Report.BeyondNextCall(0.99):0} / {Report.BeyondNextCall(0.999):0} / {Report.BeyondNextCall(1):0} ms |
            | deltas never seen in any message | {Report.NeverVisible} |
            | gap between a chat's accepted calls p50 / p99 / max | {Cadence.P(0.50):0} / {Cadence.P(0.99):0} / {Cadence.P(1):0} ms |
            | messages (pages) sent | {Cadence.Pages} for {Cadence.Chats} chats |
            | final messages equal to the streamed text | {Complete}/{chats} ({100.0 * Complete / chats:0.#} %) |
            | **bot** CPU during the run (utime+stime) | {runCpu.TotalSeconds:0.0} s over {wall:0.0} s wall = {runCpu.TotalSeconds / wall * 100:0} % of one core |
            | **bot** CPU from launch to first getUpdates | {Idle.Cpu.TotalSeconds:0.0} s |
            | **bot** RSS idle (VmRSS at first getUpdates) | {Mb(Idle.RssKb)} MB (anon {Mb(Idle.AnonKb)}, file {Mb(Idle.FileKb)}, shmem {Mb(Idle.ShmemKb)}) |
            | **bot** RSS after the run (VmRSS) | {Mb(End.RssKb)} MB (anon {Mb(End.AnonKb)}, file {Mb(End.FileKb)}, shmem {Mb(End.ShmemKb)}); highest sampled every 250 ms: {Mb(PeakSampledRssKb)} MB |
            | **bot peak RSS (VmHWM)** | **{Mb(End.HwmKb)} MB** |
            | bot PSS idle → after the run (shared library pages divided among the processes mapping them) | {Mb(Idle.PssKb)} → {Mb(End.PssKb)} MB |
            | fake app-server ({FakeProcesses} process) peak RSS / CPU, for information | {Mb(FakeHwmKb)} MB / {FakeCpu.TotalSeconds:0.0} s |
            | bot log lines at Warning / Error | {BotLog.Warnings} / {BotLog.Errors} |
            | SIGTERM → bot exited | {Stopped}; fake app-server processes still running 5 s after the bot exited: {FakeLeftOver} |
            """);
    }

    private TimeSpan FirstStart => Records.Count == 0 ? TimeSpan.Zero : new DateTimeOffset(Records.Min(r => r.StartedTicks), TimeSpan.Zero) - Start;

    private TimeSpan LastStart => Records.Count == 0 ? TimeSpan.Zero : new DateTimeOffset(Records.Max(r => r.StartedTicks), TimeSpan.Zero) - Start;

    private static string Mb(long kb) => (kb / 1024.0).ToString("0", System.Globalization.CultureInfo.InvariantCulture);
}
