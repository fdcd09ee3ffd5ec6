using System.Runtime.InteropServices;

namespace Orchestrator.LoadDriver;

/// <summary>The machine line printed before every figure: cores, CPU, runtime and the load average at the time.</summary>
internal static class Machine
{
    public static string Describe()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return $"machine: nproc={Environment.ProcessorCount}; cpu={cpu ?? "?"}; runtime={RuntimeInformation.FrameworkDescription}; " +
               $"os={RuntimeInformation.OSDescription}; load average={LoadAverage()}; at {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss}Z";
    }

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
