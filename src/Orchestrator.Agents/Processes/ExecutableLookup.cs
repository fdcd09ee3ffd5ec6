namespace Orchestrator.Agents.Processes;

/// <summary>
/// Finds the file an executable name stands for, as the operating system would: a name with a '/' is a path (relative
/// to the current directory), a bare name is looked up on PATH. Needed because agents are started through a wrapper
/// (<see cref="ProcessGroupLauncher"/>): a missing executable must still fail at start with a clear message, not later
/// as a wrapper's exit code.
/// </summary>
internal static class ExecutableLookup
{
    /// <summary>The full path of <paramref name="name"/>, or null when no such file exists.</summary>
    /// <param name="path">The PATH to search (the child's, when the command sets one), or null for the bot's own.</param>
    public static string? Find(string name, string? path)
    {
        if (name.Contains('/', StringComparison.Ordinal))
        {
            var full = Path.GetFullPath(name);
            return File.Exists(full) ? full : null;
        }

        foreach (var directory in (path ?? Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }

        return null;
    }
}
