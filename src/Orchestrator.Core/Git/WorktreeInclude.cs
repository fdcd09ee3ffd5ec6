using Microsoft.Extensions.Logging;

namespace Orchestrator.Core.Git;

/// <summary>
/// Copies into a new worktree the git-ignored files its build needs (<c>.env</c>, local settings, generated keys), listed
/// as gitignore-style patterns in the repository's <c>.worktreeinclude</c> (blank lines and <c>#</c> comments skipped).
/// Git does the matching (<c>ls-files --others --ignored --exclude=PATTERN</c>, so globs mean what they mean in
/// .gitignore), and a match is copied only if the repository also ignores it: an untracked file that is not ignored
/// would otherwise end up in the session's commits. A pattern with a <c>..</c> segment or an absolute path is refused
/// (logged), and so is anything that is a symbolic link or would land outside the worktree.
/// </summary>
internal sealed class WorktreeInclude(GitRunner git, ILogger logger)
{
    public const string FileName = ".worktreeinclude";

    /// <summary>The usable patterns of a <c>.worktreeinclude</c>, and the lines refused.</summary>
    public static (List<string> Patterns, List<string> Refused) ParsePatterns(IEnumerable<string> lines)
    {
        var patterns = new List<string>();
        var refused = new List<string>();
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var body = line.TrimStart('!').Replace('\\', '/');
            if (Path.IsPathRooted(body) && !body.StartsWith('/') || body.StartsWith("//", StringComparison.Ordinal)
                || body.Split('/').Any(segment => segment == "..") || body.StartsWith('~'))
            {
                refused.Add(line);
                continue;
            }

            // A leading "/" anchors the pattern at the repository's top (gitignore meaning), it is not an absolute path.
            patterns.Add(line);
        }

        return (patterns, refused);
    }

    /// <summary>Copies the included files from <paramref name="repositoryRoot"/> to <paramref name="worktreePath"/>; returns how many.</summary>
    public async Task<int> CopyAsync(string repositoryRoot, string worktreePath, int maxFiles, CancellationToken cancellationToken)
    {
        var listFile = Path.Combine(repositoryRoot, FileName);
        if (!File.Exists(listFile))
        {
            return 0;
        }

        var (patterns, refused) = ParsePatterns(await File.ReadAllLinesAsync(listFile, cancellationToken).ConfigureAwait(false));
        foreach (var line in refused)
        {
            logger.LogWarning("{File} in {Repository}: refused the pattern {Pattern} (it reaches outside the repository)", FileName, repositoryRoot, line);
        }

        if (patterns.Count == 0)
        {
            return 0;
        }

        var matched = await git.RunAsync(
            repositoryRoot,
            ["ls-files", "-z", "--others", "--ignored", .. patterns.Select(p => "--exclude=" + p)],
            cancellationToken: cancellationToken).ConfigureAwait(false);
        var candidates = matched.Output.Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !p.StartsWith(".orchestrator/", StringComparison.Ordinal) && p != FileName)
            .ToList();
        var ignored = await IgnoredAsync(repositoryRoot, candidates, cancellationToken).ConfigureAwait(false);

        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(worktreePath)) + Path.DirectorySeparatorChar;
        var copied = 0;
        foreach (var relative in candidates.Where(ignored.Contains))
        {
            if (copied == maxFiles)
            {
                logger.LogWarning("{File} in {Repository}: more than {Max} files match; the rest were not copied", FileName, repositoryRoot, maxFiles);
                break;
            }

            var source = Path.Combine(repositoryRoot, relative);
            var destination = Path.GetFullPath(Path.Combine(root, relative));
            var info = new FileInfo(source);
            if (!destination.StartsWith(root, StringComparison.Ordinal) || info.LinkTarget is not null || !info.Exists || File.Exists(destination))
            {
                logger.LogDebug("{File}: skipped {Path} (a link, gone, outside the worktree or already there)", FileName, relative);
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(source, destination);
            copied++;
        }

        return copied;
    }

    /// <summary>Which of <paramref name="paths"/> the repository ignores (asked in chunks, to stay within argument limits).</summary>
    private async Task<HashSet<string>> IgnoredAsync(string repositoryRoot, List<string> paths, CancellationToken cancellationToken)
    {
        var ignored = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in paths.Chunk(200))
        {
            // Exit code 1 means "none of them is ignored". One path a line (-z needs --stdin); a path git had to quote
            // (a line break or quote in its name) does not match its raw name and is not copied.
            var result = await git.RunAsync(
                repositoryRoot,
                ["check-ignore", "--", .. chunk],
                new GitRun(AllowedExitCodes: [1]),
                cancellationToken).ConfigureAwait(false);
            ignored.UnionWith(result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }

        return ignored;
    }
}
