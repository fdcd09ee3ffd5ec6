using System.Diagnostics;
using System.Globalization;
using Orchestrator.Testing.Telegram;

namespace Orchestrator.LoadDriver;

/// <summary>
/// Cold start: <c>dotnet Orchestrator.Bot.dll</c> as a real process, configured through environment variables, with a
/// fresh data directory (database created, migrations applied); the time from just before the process is started to
/// the fake Bot API receiving the first getUpdates. With <c>existingData</c> every run after a first, unmeasured one
/// starts on the same data directory, as a user's restart does (the database exists, no migration to apply).
/// </summary>
internal static class ColdStart
{
    public static async Task<int> RunAsync(string? botPath, int runs, bool existingData, TextWriter output)
    {
        var (botDll, problem) = BotBuild.Locate(botPath);
        if (botDll is null)
        {
            await output.WriteLineAsync(problem);
            return 2;
        }

        await output.WriteLineAsync($"bot: {botDll}; data: {(existingData ? "existing (one unmeasured start first)" : "fresh per run")}");
        var times = new List<double>();
        var shared = existingData ? Directory.CreateTempSubdirectory("orchestrator-cold-").FullName : null;
        await output.WriteLineAsync("| Run | process start → first getUpdates | bot RSS then | load average |");
        await output.WriteLineAsync("|---:|---:|---:|---|");
        for (var run = existingData ? 0 : 1; run <= runs; run++)
        {
            await using var telegram = await FakeBotApiServer.StartAsync();
            var data = shared ?? Directory.CreateTempSubdirectory("orchestrator-cold-").FullName;
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = data,
            };
            start.ArgumentList.Add(botDll);
            start.Environment["Telegram__BotToken"] = telegram.Token;
            start.Environment["Telegram__ApiBaseUrl"] = telegram.BaseUrl;
            start.Environment["Storage__DataDirectory"] = data;
            start.Environment["Access__AdminUserIds__0"] = "1000";
            start.Environment["Agents__DefaultWorkingDirectory"] = Directory.CreateDirectory(Path.Combine(data, "workspace")).FullName;
            var clock = Stopwatch.StartNew();
            using var process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            try
            {
                // IsPolling turns true when a getUpdates arrives (the request log records calls when they are answered, 30 s later).
                await telegram.WaitForAsync(t => t.IsPolling || t.RequestsFor("getUpdates").Count > 0, TimeSpan.FromSeconds(60), "first getUpdates");
                var ms = clock.Elapsed.TotalMilliseconds;
                var rss = ProcStatus.Read("VmRSS", process.Id) / 1024.0;
                if (run > 0)
                {
                    times.Add(ms);
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"| {run} | {ms:0} ms | {rss:0} MB | {Machine.LoadAverage()} |"));
                }
            }
            finally
            {
                if (shared is not null)
                {
                    // A user's restart: SIGTERM, so the next start finds the database closed as the bot leaves it.
                    using var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
                    await term.WaitForExitAsync();
                    await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
                }

                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
                Delete(shared is null ? data : null);
            }
        }

        Delete(shared);

        times.Sort();
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"median {times[times.Count / 2]:0} ms, min {times[0]:0} ms, max {times[^1]:0} ms over {runs} runs"));
        return 0;
    }

    private static void Delete(string? folder)
    {
        try
        {
            if (folder is not null)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
        }
    }
}
