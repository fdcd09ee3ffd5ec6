using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orchestrator.Agents;
using Orchestrator.Bot.Hosting;
using Orchestrator.Bot.Telegram;
using Orchestrator.Testing.Telegram;

namespace Orchestrator.LoadDriver;

/// <summary>
/// The whole bot in this process against the strict fake Bot API (rate limits on): <c>chats</c> private chats each
/// start a turn of the <see cref="StreamingEngine"/> at the same moment (or, with a <c>stagger</c>, at random moments
/// spread over it, as independent users would); then the figures are read off the fake.
/// </summary>
internal static class StreamScenario
{
    public const long FirstChat = 5_000;

    public static async Task<int> RunAsync(int chats, int rate, TimeSpan duration, TimeSpan stagger, TextWriter output)
    {
        var log = new DeltaLog();
        log.Expect(chats);
        var engine = new StreamingEngine(rate, duration, log);
        await using var telegram = await FakeBotApiServer.StartAsync();
        var data = Directory.CreateTempSubdirectory("orchestrator-load-").FullName;
        var settings = new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = telegram.Token,
            ["Telegram:ApiBaseUrl"] = telegram.BaseUrl,
            ["Telegram:PollingTimeoutSeconds"] = "2",
            ["Storage:DataDirectory"] = data,
            ["Agents:DefaultWorkingDirectory"] = Directory.CreateDirectory(Path.Combine(data, "workspace")).FullName,
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        for (var i = 0; i < chats; i++)
        {
            settings[$"Access:AllowedUserIds:{i}"] = (FirstChat + i).ToString(CultureInfo.InvariantCulture);
        }

        using var host = BotApplication.Build([], c => c.AddInMemoryCollection(settings), s => s.AddSingleton<IAgentEngine>(engine));
        var problems = BotApplication.ValidateOptions(host.Services);
        if (problems.Count > 0)
        {
            await output.WriteLineAsync(string.Join(Environment.NewLine, problems));
            return 2;
        }

        await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await host.Services.GetRequiredService<PollingWorker>().FirstPoll.WaitAsync(TimeSpan.FromSeconds(30));

        using var self = Process.GetCurrentProcess();
        var cpuBefore = self.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var ids = Enumerable.Range(0, chats).Select(i => FirstChat + i).ToArray();
        var random = new Random(7); // the same spread on every run
        var starts = ids.Select(chat => (Chat: chat, At: stagger * random.NextDouble())).OrderBy(s => s.At).ToArray();
        foreach (var (chat, at) in starts)
        {
            if (at > clock.Elapsed)
            {
                await Task.Delay(at - clock.Elapsed);
            }

            telegram.SendText(chat, chat, $"stream {chat}");
        }

        await log.AllEnded.WaitAsync(duration + stagger + TimeSpan.FromSeconds(60));
        var streamed = clock.Elapsed;
        var expected = log.Ended.ToDictionary(e => e.Key, e => Normalize(e.Value.Text));
        var complete = 0;
        try
        {
            await telegram.WaitForAsync(
                t => (complete = ids.Count(c => IsFinal(t, c, expected[c]))) == chats,
                TimeSpan.FromSeconds(60),
                "every final message complete");
        }
        catch (TimeoutException)
        {
            await output.WriteLineAsync($"Not every final message arrived within 60 s after the streams ended ({complete}/{chats}).");
        }

        var delivered = clock.Elapsed;
        self.Refresh();
        var cpu = self.TotalProcessorTime - cpuBefore;
        var report = LatencyReport.Build(telegram.Requests, log);
        await report.WriteLateIfAskedAsync();
        if (Environment.GetEnvironmentVariable("LOADDRIVER_DUMP") is { Length: > 0 } dump)
        {
            await File.WriteAllLinesAsync(dump, telegram.Requests.Select(r => FormattableString.Invariant(
                $"{(r.Time - telegram.Requests[0].Time).TotalMilliseconds:0} {r.ChatId} {r.Method} {r.MessageId} {r.StatusCode} {r.Body.Length}")));
        }

        var cadence = CadenceReport.Build(telegram.Requests);
        await host.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));

        await output.WriteLineAsync(FormattableString.Invariant($"""
            | Figure | Value |
            |---|---|
            | chats × rate × duration | {chats} × {rate}/s × {duration.TotalSeconds:0} s = {log.Emitted.Values.Sum(v => v.Length)} deltas, started within {stagger.TotalSeconds:0} s |
            | streams ended after | {streamed.TotalSeconds:0.0} s |
            | last final message after | {delivered.TotalSeconds:0.0} s |
            | rate-limit violations (429 from the fake) | {telegram.RateLimitViolations} |
            | sendMessage + editMessageText + sendMessageDraft accepted | {report.Accepted} ({report.Accepted / delivered.TotalSeconds:0.0}/s) |
            | delta → visible latency p50 / p90 / p99 / max | {report.P(0.50):0} / {report.P(0.90):0} / {report.P(0.99):0} / {report.P(1):0} ms |
            | wait beyond the chat's next call (50 ms or more after the delta) p50 / p99 / p99.9 / max | {report.BeyondNextCall(0.50):0} / {report.BeyondNextCall(0.99):0} / {report.BeyondNextCall(0.999):0} / {report.BeyondNextCall(1):0} ms |
            | deltas never seen in any message | {report.NeverVisible} |
            | gap between a chat's accepted calls p50 / p99 / max | {cadence.P(0.50):0} / {cadence.P(0.99):0} / {cadence.P(1):0} ms |
            | messages (pages) sent | {cadence.Pages} for {cadence.Chats} chats |
            | final messages equal to the streamed text | {complete}/{chats} ({100.0 * complete / chats:0.#} %) |
            | process CPU time (bot + fake Bot API + driver) | {cpu.TotalSeconds:0.0} s over {delivered.TotalSeconds:0.0} s wall = {cpu.TotalSeconds / delivered.TotalSeconds * 100:0} % of one core |
            | peak RSS (VmHWM, bot + fake + driver) | {ProcStatus.Read("VmHWM") / 1024.0:0} MB |
            | GC heap after the run | {GC.GetTotalMemory(false) / 1024.0 / 1024.0:0} MB |
            """));
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
        }

        return 0;
    }

    /// <summary>The chat's messages are final (no Stop button left) and together read exactly the streamed text.</summary>
    public static bool IsFinal(FakeBotApiServer telegram, long chat, string expected)
    {
        var messages = telegram.BotMessages(chat).Where(m => !m.IsDeleted).ToArray();
        return messages.Length > 0
            && messages.All(m => m.Buttons.Count == 0)
            && Normalize(string.Join("\n", messages.Select(m => m.Text))) == expected;
    }

    /// <summary>Whitespace collapsed: pages split at line breaks and Telegram trims the ends of a message.</summary>
    public static string Normalize(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
