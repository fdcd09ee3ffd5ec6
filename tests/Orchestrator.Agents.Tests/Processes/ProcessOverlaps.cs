namespace Orchestrator.Agents.Tests.Processes;

/// <summary>
/// Whether a scripted agent's processes ran at the same time: each one, at its start (<see cref="BashCheck"/>), notes
/// every earlier one that still runs (a zombie counts as gone), then adds its own pid to the list.
/// </summary>
internal sealed class ProcessOverlaps(string directory)
{
    /// <summary>Bash for the start of a scripted agent; does nothing unless $PIDS is set (<see cref="Configure"/>).</summary>
    public const string BashCheck = """
        if [ -n "$PIDS" ]; then
          for pid in $(cat "$PIDS" 2>/dev/null); do
            state=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | cut -c1)
            if [ -n "$state" ] && [ "$state" != "Z" ]; then echo "$$ started while $pid ran" >> "$OVERLAPS"; fi
          done
          echo $$ >> "$PIDS"
        fi
        """;

    private readonly string _pids = Path.Combine(directory, "pids");
    private readonly string _overlaps = Path.Combine(directory, "overlaps");

    /// <summary>The pids of the processes started so far, oldest first.</summary>
    public IReadOnlyList<int> Pids => [.. File.ReadAllLines(_pids).Where(l => l.Length > 0).Select(int.Parse)];

    /// <summary>Sets the variables <see cref="BashCheck"/> reads.</summary>
    public void Configure(IDictionary<string, string?> environment)
    {
        environment["PIDS"] = _pids;
        environment["OVERLAPS"] = _overlaps;
    }

    public void AssertNone() => Assert.False(File.Exists(_overlaps), File.Exists(_overlaps) ? File.ReadAllText(_overlaps) : null);
}
