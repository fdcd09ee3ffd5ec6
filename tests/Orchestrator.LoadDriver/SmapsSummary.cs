using System.Globalization;
using System.Text;

namespace Orchestrator.LoadDriver;

/// <summary>
/// Where a process's resident memory is, from /proc/{pid}/smaps: anonymous mappings (the GC heap, thread stacks,
/// native allocations), the W^X double mapping (<c>/memfd:doublemapper</c>: JIT-compiled code and the runtime's loader
/// heaps), the malloc heap, the .NET runtime and framework files, and the application's own files.
/// </summary>
internal static class SmapsSummary
{
    public static string Describe(int pid)
    {
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location) ?? "/usr/share/dotnet";
        var groups = new Dictionary<string, (long Rss, long Pss, int Count)>(StringComparer.Ordinal);
        var anonymous = new List<long>();
        string? group = null;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/smaps"))
            {
                if (IsHeader(line, out var name))
                {
                    group = name switch
                    {
                        "" => "anonymous (GC heap, thread stacks, native)",
                        "[heap]" => "malloc heap",
                        "[stack]" => "main thread stack",
                        _ when name.StartsWith("/memfd:doublemapper", StringComparison.Ordinal) => "JIT code + loader heaps (memfd:doublemapper)",
                        _ when name.StartsWith(runtime, StringComparison.Ordinal) => ".NET runtime + framework files",
                        _ when name.StartsWith('[') => "other kernel mappings",
                        _ => "application + native library files",
                    };
                    var current = groups.GetValueOrDefault(group);
                    groups[group] = current with { Count = current.Count + 1 };
                }
                else if (group is not null && (line.StartsWith("Rss:", StringComparison.Ordinal) || line.StartsWith("Pss:", StringComparison.Ordinal)))
                {
                    var kb = long.Parse(line[4..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                    var current = groups[group];
                    groups[group] = line[0] == 'R' ? current with { Rss = current.Rss + kb } : current with { Pss = current.Pss + kb };
                    if (line[0] == 'R' && group.StartsWith("anonymous", StringComparison.Ordinal))
                    {
                        anonymous.Add(kb);
                    }
                }
            }
        }
        catch (IOException ex)
        {
            return $"smaps of {pid} unreadable: {ex.Message}";
        }

        var text = new StringBuilder("| Bot memory by mapping (smaps, before SIGTERM) | RSS | PSS | mappings |\n|---|---:|---:|---:|\n");
        foreach (var (name, (rss, pss, count)) in groups.OrderByDescending(g => g.Value.Rss))
        {
            text.Append(CultureInfo.InvariantCulture, $"| {name} | {rss / 1024.0:0.0} MB | {pss / 1024.0:0.0} MB | {count} |\n");
        }

        anonymous.Sort();
        anonymous.Reverse();
        text.Append(CultureInfo.InvariantCulture, $"largest anonymous mappings (RSS): {string.Join(", ", anonymous.Take(8).Select(kb => $"{kb / 1024.0:0.0} MB"))}");
        return text.ToString();
    }

    /// <summary>A mapping header: "start-end perms offset dev inode [name]".</summary>
    private static bool IsHeader(string line, out string name)
    {
        name = "";
        var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 5 || !fields[0].Contains('-', StringComparison.Ordinal) || !fields[0].All(c => char.IsAsciiHexDigit(c) || c == '-'))
        {
            return false;
        }

        name = fields.Length == 6 ? fields[5].Trim() : "";
        return true;
    }
}
