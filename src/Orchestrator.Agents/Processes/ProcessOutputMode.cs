namespace Orchestrator.Agents.Processes;

/// <summary>How a <see cref="RunningProcess"/> hands over what the process writes to stdout.</summary>
public enum ProcessOutputMode
{
    /// <summary>Decoded lines, one string each (<see cref="RunningProcess.StandardOutput"/>).</summary>
    Lines,

    /// <summary>
    /// The raw bytes, through pooled buffers and without a string per line (<see cref="RunningProcess.StandardOutputBytes"/>):
    /// for newline-delimited JSON read as UTF-8.
    /// </summary>
    Bytes,
}
