using System.Diagnostics;
using System.Globalization;
using Orchestrator.Testing.Telegram;

namespace Orchestrator.LoadDriver;

/// <summary>
/// <c>stream</c> with the bot as its OWN process: unchanged product code started as <c>dotnet Orchestrator.Bot.dll</c>,
/// configured through environment variables, talking to this driver's strict fake Bot API (rate limits on) and to a
/// fake <c>codex app-server</c> (this driver in <c>fake-app-server</c> mode, <c>Codex:Command</c> = a generated shell
/// script) that streams numbered words. CPU and memory are the bot process's alone.
/// </summary>
internal static class StreamProcessScenario
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(StreamProcessOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var (botDll, problem) = BotBuild.Locate(options.BotDll);
        if (botDll is null)
        {
            await output.WriteLineAsync(problem);
            return 2;
        }

        var work = Directory.CreateTempSubdirectory("orchestrator-stream-process-").FullName;
        var data = Directory.CreateDirectory(Path.Combine(work, "data")).FullName;
        var turns = Directory.CreateDirectory(Path.Combine(work, "turns")).FullName;
        var appServer = FakeAppServerScript.Write(work, options, turns);
        var loadBefore = Machine.LoadAverage();
        await output.WriteLineAsync($"bot: {botDll}; fake app-server: {appServer}; work folder: {work}");
        await using var telegram = await FakeBotApiServer.StartAsync();
        var settings = new Dictionary<string, string>
        {
            ["Telegram:BotToken"] = telegram.Token,
            ["Telegram:ApiBaseUrl"] = telegram.BaseUrl,
            ["Telegram:PollingTimeoutSeconds"] = "2",
            ["Storage:DataDirectory"] = data,
            ["Agents:DefaultWorkingDirectory"] = Directory.CreateDirectory(Path.Combine(data, "workspace")).FullName,
            ["Codex:Command"] = appServer,
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        for (var i = 0; i < options.Chats; i++)
        {
            settings[$"Access:AllowedUserIds:{i}"] = (StreamScenario.FirstChat + i).ToString(CultureInfo.InvariantCulture);
        }

        var launch = Stopwatch.StartNew();
        var bot = BotChild.Start(botDll, settings, options.BotEnvironment, work);
        var fakePids = new HashSet<int>();
        try
        {
            var polling = telegram.WaitForAsync(t => t.IsPolling || t.RequestsFor("getUpdates").Count > 0, StartTimeout, "first getUpdates");
            var first = await Task.WhenAny(polling, bot.Exited).WaitAsync(cancellationToken);
            if (first == bot.Exited)
            {
                await output.WriteLineAsync($"The bot exited with code {await bot.Exited} before polling. Its last output:{Environment.NewLine}{bot.Tail}");
                return 1;
            }

            try
            {
                await polling;
            }
            catch (TimeoutException)
            {
                await output.WriteLineAsync($"The bot did not call getUpdates within {StartTimeout.TotalSeconds:0} s of its start. Its last output:{Environment.NewLine}{bot.Tail}");
                return 1;
            }

            var idle = BotSample.Take(bot.Id, launch.Elapsed);
            var ids = Enumerable.Range(0, options.Chats).Select(i => StreamScenario.FirstChat + i).ToArray();
            var start = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            foreach (var chat in ids)
            {
                telegram.SendText(chat, chat, $"stream {chat}");
            }

            using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var sampler = BotSample.TrackAsync(bot, fakePids, FakeAppServerScript.Marker(work), sampling.Token);
            var (records, complete) = await WaitForRunAsync(telegram, bot, turns, ids, options, output, cancellationToken);
            if (bot.Exited.IsCompleted)
            {
                await output.WriteLineAsync($"The bot exited with code {await bot.Exited} during the run. Its last output:{Environment.NewLine}{bot.Tail}");
                return 1;
            }

            var delivered = clock.Elapsed;
            await sampling.CancelAsync();
            var peakSampledRss = await sampler;
            var end = BotSample.Take(bot.Id, launch.Elapsed);
            int[] fakeIds;
            lock (fakePids)
            {
                fakeIds = [.. fakePids];
            }

            var fakes = fakeIds.Select(pid => (Pid: pid, HwmKb: ProcStatus.Read("VmHWM", pid), Cpu: ProcCpu.Read(pid))).ToArray();
            var report = LatencyReport.Build(telegram.Requests, TurnRecord.ToDeltaLog(records));
            await report.WriteLateIfAskedAsync();
            var smaps = options.Smaps ? SmapsSummary.Describe(bot.Id) : null;

            var terminate = Stopwatch.StartNew();
            bot.Terminate();
            string stopped;
            try
            {
                var code = await bot.Exited.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
                stopped = FormattableString.Invariant($"{terminate.Elapsed.TotalMilliseconds:0} ms, exit code {code}");
            }
            catch (TimeoutException)
            {
                stopped = "did not exit within 30 s (killed)";
            }

            var leftOver = await WaitGoneAsync(fakeIds, TimeSpan.FromSeconds(5));
            var figures = new ProcessFigures(
                options, loadBefore, Machine.LoadAverage(), records, start, delivered, telegram.RateLimitViolations, report, CadenceReport.Build(telegram.Requests), complete,
                idle, end, peakSampledRss, fakes.Sum(f => f.HwmKb), TimeSpan.FromTicks(fakes.Sum(f => f.Cpu?.Ticks ?? 0)), fakes.Length,
                stopped, leftOver.Length, bot.LogCounts);
            await output.WriteLineAsync(figures.ToMarkdown());
            if (smaps is not null)
            {
                await output.WriteLineAsync(smaps);
            }

            if (bot.LogCounts is { Warnings: > 0 } or { Errors: > 0 })
            {
                await output.WriteLineAsync($"The bot's last output lines:{Environment.NewLine}{bot.Tail}");
            }

            return complete == options.Chats && telegram.RateLimitViolations == 0 ? 0 : 1;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await output.WriteLineAsync("Cancelled: the bot and the fake app-server were stopped.");
            return 130;
        }
        finally
        {
            int[] fakeIds;
            lock (fakePids)
            {
                fakeIds = [.. fakePids.Union(bot.Descendants(FakeAppServerScript.Marker(work)))];
            }

            await bot.DisposeAsync();
            foreach (var pid in fakeIds.Where(ProcessAlive))
            {
                KillIfOurs(pid, FakeAppServerScript.Marker(work));
            }

            if (!options.Keep)
            {
                try
                {
                    Directory.Delete(work, recursive: true);
                }
                catch (IOException)
                {
                }
            }
        }
    }

    /// <summary>
    /// Waits until every turn has ended (its record written) and every chat's final message is complete, the bot
    /// exited, or <c>duration + 120 s</c> passed. Returns the turn records and how many final messages are complete.
    /// </summary>
    private static async Task<(IReadOnlyList<TurnRecord> Records, int Complete)> WaitForRunAsync(
        FakeBotApiServer telegram, BotChild bot, string turns, long[] ids, StreamProcessOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        IReadOnlyList<TurnRecord> records = [];
        var complete = 0;
        var timeout = options.Duration + TimeSpan.FromSeconds(120);
        var done = telegram.WaitForAsync(
            t =>
            {
                if (records.Count < ids.Length && TurnRecord.CountEnded(turns) >= ids.Length)
                {
                    records = TurnRecord.ReadAll(turns);
                }

                var expected = records.GroupBy(r => r.Chat).ToDictionary(g => g.Key, g => StreamScenario.Normalize(g.Last().Text));
                complete = ids.Count(c => expected.TryGetValue(c, out var text) && StreamScenario.IsFinal(t, c, text));
                return complete == ids.Length;
            },
            timeout,
            "every stream ended and every final message complete");
        try
        {
            if (await Task.WhenAny(done, bot.Exited).WaitAsync(cancellationToken) == done)
            {
                await done;
                return (records, complete);
            }
        }
        catch (TimeoutException)
        {
            await output.WriteLineAsync(
                $"Not done within {timeout.TotalSeconds:0} s: {TurnRecord.CountEnded(turns)}/{ids.Length} streams ended, {complete}/{ids.Length} final messages complete.");
        }

        return (TurnRecord.ReadAll(turns), complete);
    }

    private static bool ProcessAlive(int pid) => Directory.Exists($"/proc/{pid}");

    /// <summary>
    /// The fake app-server is the bot's child, not ours: nothing to wait on but /proc. Polls every 50 ms for up to
    /// <paramref name="timeout"/>; returns the pids still running.
    /// </summary>
    private static async Task<int[]> WaitGoneAsync(IReadOnlyCollection<int> pids, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (pids.Any(ProcessAlive) && clock.Elapsed < timeout)
        {
            await Task.Delay(50);
        }

        return [.. pids.Where(ProcessAlive)];
    }

    private static void KillIfOurs(int pid, string marker)
    {
        if (!BotChild.CommandLine(pid).Contains(marker, StringComparison.Ordinal))
        {
            return;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // Exited meanwhile.
        }
    }
}
