using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Orchestrator.LoadDriver;

/// <summary>
/// The bot as the driver's child process, started as a user would: <c>dotnet Orchestrator.Bot.dll</c> with its settings
/// as environment variables ("Section:Key" → <c>Section__Key</c>). Keeps the tail of its console output for error
/// messages, and every line a caller asked to keep (e.g. the bot's Debug timestamps). Disposing kills it (and its children, e.g. the app-server) if it is still running; so does the driver's
/// exit.
/// </summary>
internal sealed class BotChild : IAsyncDisposable
{
    private const int TailLines = 40;

    private readonly Process _process;
    private readonly Queue<string> _tail = new();
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly EventHandler _onDriverExit;
    private readonly Func<string, bool>? _keep;
    private readonly ConcurrentQueue<string> _kept = new();
    private int _warnings;
    private int _errors;

    private BotChild(Process process, Func<string, bool>? keep)
    {
        _process = process;
        _keep = keep;
        _onDriverExit = (_, _) => Kill();
        AppDomain.CurrentDomain.ProcessExit += _onDriverExit;
    }

    public int Id => _process.Id;

    /// <summary>Completes with the exit code once the bot process has exited.</summary>
    public Task<int> Exited => _exited.Task;

    /// <summary>Log lines the bot wrote at Warning / at Error or above.</summary>
    public (int Warnings, int Errors) LogCounts => (Volatile.Read(ref _warnings), Volatile.Read(ref _errors));

    /// <summary>The output lines that matched the <c>keep</c> filter given to <see cref="Start"/>, in the order written.</summary>
    public IReadOnlyList<string> Kept => [.. _kept];

    public string Tail
    {
        get
        {
            lock (_tail)
            {
                return string.Join(Environment.NewLine, _tail);
            }
        }
    }

    public static BotChild Start(string botDll, IReadOnlyDictionary<string, string> settings, IReadOnlyDictionary<string, string> environment, string workingDirectory, Func<string, bool>? keep = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(botDll);
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var bot = new BotChild(process, keep);
        process.OutputDataReceived += (_, e) => bot.Append(e.Data);
        process.ErrorDataReceived += (_, e) => bot.Append(e.Data);
        process.Exited += (_, _) => bot._exited.TrySetResult(process.ExitCode);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return bot;
    }

    /// <summary>SIGTERM, as systemd or <c>docker stop</c> sends it.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>The bot's descendants (e.g. the app-server) whose command line contains <paramref name="marker"/>.</summary>
    public IReadOnlyList<int> Descendants(string marker) =>
        [.. ProcessTree.Descendants(_process.Id).Where(pid => CommandLine(pid).Contains(marker, StringComparison.Ordinal))];

    public static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (_keep?.Invoke(line) == true)
        {
            _kept.Enqueue(line);
        }

        if (line.Contains(" WRN] ", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _warnings);
        }
        else if (line.Contains(" ERR] ", StringComparison.Ordinal) || line.Contains(" FTL] ", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _errors);
        }

        lock (_tail)
        {
            _tail.Enqueue(line);
            if (_tail.Count > TailLines)
            {
                _tail.Dequeue();
            }
        }
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        try
        {
            await _exited.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            await Console.Error.WriteLineAsync($"The bot process {Id} did not exit within 10 s of SIGKILL.");
        }

        AppDomain.CurrentDomain.ProcessExit -= _onDriverExit;
        _process.Dispose();
    }
}
