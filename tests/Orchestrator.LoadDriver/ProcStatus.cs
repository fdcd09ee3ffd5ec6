using System.Globalization;

namespace Orchestrator.LoadDriver;

/// <summary>Reads memory figures (kB) from /proc/{pid}/status.</summary>
internal static class ProcStatus
{
    public static long Read(string field, int? pid = null)
    {
        var path = pid is null ? "/proc/self/status" : $"/proc/{pid}/status";
        try
        {
            foreach (var line in File.ReadLines(path))
            {
                if (line.StartsWith(field + ":", StringComparison.Ordinal))
                {
                    return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }
}
