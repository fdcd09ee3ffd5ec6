using System.Diagnostics;
using System.Globalization;
using Orchestrator.Testing.Telegram;

namespace Orchestrator.LoadDriver;

/// <summary>
/// Cold start: <c>dotnet Orchestrator.Bot.dll</c> as a real process, configured through environment variables, with a
/// fresh data directory (database created, migrations applied); the time from just before the process is started to
/// the fake Bot API receiving the first getUpdates.
/// </summary>
internal static class ColdStart
{
    public static async Task<int> RunAsync(int runs, TextWriter output)
    {
        var times = new List<double>();
        await output.WriteLineAsync("| Run | process start → first getUpdates | bot RSS then | load average |");
        await output.WriteLineAsync("|---:|---:|---:|---|");
        for (var run = 1; run <= runs; run++)
        {
            await using var telegram = await FakeBotApiServer.StartAsync();
            var data = Directory.CreateTempSubdirectory("orchestrator-cold-").FullName;
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = data,
            };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Orchestrator.Bot.dll"));
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
                times.Add(ms);
                var rss = ProcStatus.Read("VmRSS", process.Id) / 1024.0;
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"| {run} | {ms:0} ms | {rss:0} MB | {Machine.LoadAverage()} |"));
            }
            finally
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
                try
                {
                    Directory.Delete(data, recursive: true);
                }
                catch (IOException)
                {
                }
            }
        }

        times.Sort();
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"median {times[times.Count / 2]:0} ms, min {times[0]:0} ms, max {times[^1]:0} ms over {runs} runs"));
        return 0;
    }
}
