using Microsoft.Extensions.Configuration;

namespace Orchestrator.Bot.Security;

/// <summary>
/// Where the bot's own files are (configuration files, program folder) and path comparison that sees through
/// symbolic links and <c>..</c>.
/// </summary>
public static class BotFiles
{
    private static readonly StringComparison PathComparison =
        OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

    /// <summary>The bot's binaries (and the appsettings.json next to them).</summary>
    public static string ProgramFolder => AppContext.BaseDirectory;

    /// <summary>The full paths of the configuration files <paramref name="configuration"/> reads (existing or optional).</summary>
    public static IReadOnlyList<string> ConfigurationFilesOf(IConfiguration configuration)
    {
        if (configuration is not IConfigurationRoot root)
        {
            return [];
        }

        var files = new List<string>();
        foreach (var provider in root.Providers.OfType<FileConfigurationProvider>())
        {
            var source = provider.Source;
            if (string.IsNullOrEmpty(source.Path))
            {
                continue;
            }

            var physical = source.FileProvider?.GetFileInfo(source.Path).PhysicalPath;
            files.Add(physical ?? Path.GetFullPath(source.Path));
        }

        return files;
    }

    /// <summary>
    /// The full path with every symbolic link resolved, as far as the path exists (the rest is appended as written).
    /// </summary>
    public static string RealPath(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var root = Path.GetPathRoot(full) ?? "";
        var current = root;
        var parts = full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            var next = Path.Combine(current, parts[i]);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (!info.Exists)
            {
                return Path.Combine([current, .. parts[i..]]);
            }

            var target = info.LinkTarget is null ? null : info.ResolveLinkTarget(returnFinalTarget: true);
            // A link's target may itself lie under further links: resolve the result again (ResolveLinkTarget follows
            // only the last component).
            current = target is null ? next : RealPath(target.FullName);
        }

        return current;
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> or lies inside it (both resolved first).</summary>
    public static bool IsInside(string path, string folder)
    {
        var candidate = WithSeparator(RealPath(path));
        var container = WithSeparator(RealPath(folder));
        return candidate.StartsWith(container, PathComparison);
    }

    private static string WithSeparator(string path) =>
        Path.EndsInDirectorySeparator(path) ? path : path + Path.DirectorySeparatorChar;
}
