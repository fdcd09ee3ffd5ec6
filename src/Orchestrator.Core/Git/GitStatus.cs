namespace Orchestrator.Core.Git;

/// <summary>Parsers of git's machine-readable (<c>-z</c>) outputs.</summary>
internal static class GitStatus
{
    /// <summary>
    /// <c>status --porcelain=v1 -z</c>: "XY path" entries; a rename or copy is followed by its source path (skipped).
    /// Untracked files are "??"; ignored ones ("!!") are not requested.
    /// </summary>
    public static (List<string> Uncommitted, List<string> Untracked) ParsePorcelain(string output)
    {
        var uncommitted = new List<string>();
        var untracked = new List<string>();
        var entries = output.Split('\0');
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            if (entry.Length < 4)
            {
                continue;
            }

            var (x, y, path) = (entry[0], entry[1], entry[3..]);
            if (x == '?' && y == '?')
            {
                untracked.Add(path);
            }
            else if (x != '!')
            {
                uncommitted.Add(path);
            }

            if (x is 'R' or 'C')
            {
                i++;
            }
        }

        return (uncommitted, untracked);
    }

    /// <summary><c>diff --numstat -z</c> (renames off): "added\tremoved\tpath" entries; binary files show "-" (counted 0).</summary>
    public static List<DiffFile> ParseNumstat(string output)
    {
        var files = new List<DiffFile>();
        foreach (var entry in output.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = entry.Trim('\n').Split('\t', 3);
            if (parts.Length == 3)
            {
                files.Add(new DiffFile(parts[2], Count(parts[0]), Count(parts[1])));
            }
        }

        return files;

        static int Count(string value) => int.TryParse(value, out var n) ? n : 0;
    }

    /// <summary>The registered worktrees from <c>worktree list --porcelain -z</c>.</summary>
    public static List<RegisteredWorktree> ParseWorktreeList(string output)
    {
        var result = new List<RegisteredWorktree>();
        string? path = null;
        string? branch = null;
        var prunable = false;
        foreach (var line in output.Split('\0'))
        {
            if (line.Length == 0)
            {
                if (path is not null)
                {
                    result.Add(new RegisteredWorktree(path, branch, prunable));
                }

                (path, branch, prunable) = (null, null, false);
            }
            else if (line.StartsWith("worktree ", StringComparison.Ordinal))
            {
                path = line["worktree ".Length..];
            }
            else if (line.StartsWith("branch ", StringComparison.Ordinal))
            {
                branch = line["branch ".Length..];
            }
            else if (line.StartsWith("prunable", StringComparison.Ordinal))
            {
                prunable = true;
            }
        }

        if (path is not null)
        {
            result.Add(new RegisteredWorktree(path, branch, prunable));
        }

        return result;
    }
}

/// <param name="Branch">The full ref (<c>refs/heads/...</c>), or null when detached.</param>
internal sealed record RegisteredWorktree(string Path, string? Branch, bool Prunable);
