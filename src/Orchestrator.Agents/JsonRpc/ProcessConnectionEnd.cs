using System.Text.RegularExpressions;
using Orchestrator.Agents.Processes;

namespace Orchestrator.Agents.JsonRpc;

/// <summary>
/// Why a JSON-RPC connection to an agent process ended, as one line for the user (Codex app-server and ACP agents
/// share it): the connection's own reason without a process, else the exit code and the last stderr lines.
/// </summary>
internal static partial class ProcessConnectionEnd
{
    public static async Task<string> WatchAsync(JsonRpcConnection connection, RunningProcess? process, string closedWithoutProcess)
    {
        if (process is null)
        {
            var reason = await connection.Completion.ConfigureAwait(false);
            return $"{closedWithoutProcess}: {reason.Description}";
        }

        var first = await Task.WhenAny(connection.Completion, process.Exited).ConfigureAwait(false);
        if (first == connection.Completion)
        {
            // stdout ended: the process is exiting; wait briefly for its exit code and stderr.
            await Task.WhenAny(process.Exited, Task.Delay(TimeSpan.FromMilliseconds(500))).ConfigureAwait(false);
        }
        else
        {
            // Let messages already received (a final turn/completed, a prompt's result) be dispatched first.
            await Task.WhenAny(connection.Completion, Task.Delay(TimeSpan.FromMilliseconds(300))).ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        var code = process.Exited.IsCompleted ? $"exit code {await process.Exited.ConfigureAwait(false)}" : "still running";
        var stderr = process.StderrTail.ToString();
        return string.IsNullOrWhiteSpace(stderr) ? $"({code})" : $"({code}): {Tail(stderr)}";
    }

    /// <summary>The last few stderr lines, without terminal colour codes, for an error message.</summary>
    private static string Tail(string text)
    {
        var lines = AnsiEscape().Replace(text, string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var tail = string.Join('\n', lines.TakeLast(4));
        return tail.Length <= 600 ? tail : "…" + tail[^600..];
    }

    [GeneratedRegex(@"\x1b\[[0-9;]*[A-Za-z]")]
    private static partial Regex AnsiEscape();
}
