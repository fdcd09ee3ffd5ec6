using System.Diagnostics;
using System.Text;

namespace Orchestrator.Bot.Tests.Harness;

/// <summary>
/// The bot as a real process (<c>dotnet Orchestrator.Bot.dll</c>), configured through environment variables the way a
/// user would, so tests can kill -9 it or send it SIGTERM.
/// </summary>
public sealed class BotProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private BotProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the bot with <paramref name="settings"/> ("Section:Key" names) as environment variables.</summary>
    public static BotProcess Start(IReadOnlyDictionary<string, string?> settings, string workingDirectory)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Orchestrator.Bot.dll"));
        start.Environment["Web__Urls"] = "http://127.0.0.1:0"; // the HTTP API on a free port: bots under test run side by side
        // As in BotHarness: these tests follow the edited live message; DraftTests and DraftStreamingTests cover drafts.
        start.Environment["Telegram__Outbox__Drafts"] = "false";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value ?? "";
        }

        var process = Process.Start(start)!;
        var bot = new BotProcess(process);
        process.OutputDataReceived += (_, e) => bot.Append(e.Data);
        process.ErrorDataReceived += (_, e) => bot.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return bot;
    }

    /// <summary>SIGKILL: no cleanup of any kind, like a power cut of the bot alone (its children see their stdin close).</summary>
    public void KillHard() => _process.Kill(entireProcessTree: false);

    /// <summary>SIGTERM, as systemd or docker stop sends it.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public Task WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync().WaitAsync(timeout);

    /// <summary>Pids of the bot's direct children (e.g. codex app-server), from /proc.</summary>
    public IReadOnlyList<int> ChildProcessIds()
    {
        var children = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) == _process.Id)
                {
                    children.Add(pid);
                }
            }
            catch (IOException)
            {
            }
        }

        return children;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
