using Microsoft.Extensions.Options;
using Orchestrator.Bot.Engines;

namespace Orchestrator.Bot.Sessions.Commands;

/// <summary>The outcome of <see cref="FolderPolicy.Check"/>: the real folder, or why it is refused.</summary>
public sealed record FolderCheck(string? Folder, string? Problem)
{
    public bool IsAllowed => Folder is not null;
}

/// <summary>
/// Which working folders an agent may use: existing folders inside <see cref="AgentsOptions.AllowedRoots"/>. A request is
/// made absolute with <see cref="Path.GetFullPath(string, string)"/> (so <c>..</c> cannot climb out unnoticed), then every
/// symbolic link along the path is resolved, and the real path must lie inside a root's real path.
/// </summary>
public sealed class FolderPolicy(IOptions<AgentsOptions> options)
{
    private const int MaxLinkHops = 40;

    private static readonly StringComparison PathComparison =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>The configured roots as given (full paths).</summary>
    public IReadOnlyList<string> Roots => options.Value.ResolvedAllowedRoots;

    /// <summary>Checks <paramref name="requested"/> (absolute, <c>~/</c>-relative, or relative to <paramref name="baseFolder"/>).</summary>
    public FolderCheck Check(string requested, string baseFolder)
    {
        var text = requested.Trim().Trim('"', '\'');
        if (text.Length == 0 || text.IndexOfAny(['\0', '\n', '\r']) >= 0 || text.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            return new FolderCheck(null, "That is not a folder path.");
        }

        if (text == "~" || text.StartsWith("~/", StringComparison.Ordinal))
        {
            text = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), text.Length > 2 ? text[2..] : "");
        }

        string full;
        string real;
        try
        {
            full = Path.GetFullPath(text, baseFolder);
            if (!Directory.Exists(full))
            {
                return new FolderCheck(null, $"There is no folder {full}.");
            }

            real = RealPath(full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return new FolderCheck(null, $"The folder cannot be used: {ex.Message}");
        }

        return RealRoots().Any(root => IsInside(real, root))
            ? new FolderCheck(real, null)
            : new FolderCheck(null, $"{real} is outside the allowed folders ({string.Join(", ", Roots)}).");
    }

    /// <summary>The roots' real paths (roots that do not exist are left out).</summary>
    private IEnumerable<string> RealRoots()
    {
        foreach (var root in Roots)
        {
            string? real = null;
            try
            {
                if (Directory.Exists(root))
                {
                    real = RealPath(root);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // an unusable root allows nothing
            }

            if (real is not null)
            {
                yield return real;
            }
        }
    }

    private static bool IsInside(string path, string root)
    {
        var trimmedRoot = Path.TrimEndingDirectorySeparator(root);
        var trimmedPath = Path.TrimEndingDirectorySeparator(path);
        if (string.Equals(trimmedPath, trimmedRoot, PathComparison))
        {
            return true;
        }

        var prefix = trimmedRoot.EndsWith(Path.DirectorySeparatorChar) ? trimmedRoot : trimmedRoot + Path.DirectorySeparatorChar;
        return trimmedPath.StartsWith(prefix, PathComparison);
    }

    /// <summary>
    /// The path with every symbolic link resolved, one segment at a time (a link's target may itself hold links and
    /// <c>..</c>, which apply to the real folder the link sits in).
    /// </summary>
    public static string RealPath(string fullPath)
    {
        var root = Path.GetPathRoot(fullPath) ?? throw new ArgumentException($"'{fullPath}' is not an absolute path.", nameof(fullPath));
        var pending = new LinkedList<string>(Segments(fullPath[root.Length..]));
        var current = root;
        var hops = 0;
        while (pending.First is { } node)
        {
            pending.RemoveFirst();
            var segment = node.Value;
            if (segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            var next = Path.Combine(current, segment);
            var info = new FileInfo(next);
            if (info.LinkTarget is not { } target)
            {
                current = next;
                continue;
            }

            if (++hops > MaxLinkHops)
            {
                throw new IOException($"Too many symbolic links in {fullPath}.");
            }

            // Resolve the link: its target's segments replace it, relative to the folder it sits in (or to its root).
            if (Path.IsPathRooted(target))
            {
                current = Path.GetPathRoot(target)!;
                target = target[current.Length..];
            }

            foreach (var part in Segments(target).Reverse())
            {
                pending.AddFirst(part);
            }
        }

        return current;
    }

    private static string[] Segments(string path) =>
        path.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
}
