namespace Orchestrator.Bot.Security;

/// <summary>
/// The bot's state is for the bot's user only (Linux/macOS): folders 0700, files 0600 (database, its -wal/-shm, logs).
/// On Windows the user's profile ACLs apply and nothing is changed.
/// </summary>
public static class PrivateFiles
{
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates <paramref name="path"/> (and missing parents) and makes it 0700, also when it existed.</summary>
    public static void EnsureFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, FolderMode);
        File.SetUnixFileMode(path, FolderMode);
    }

    /// <summary>Creates <paramref name="path"/> empty with mode 0600 when missing (before anyone writes into it), else makes it 0600.</summary>
    public static void EnsureFile(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using (new FileStream(path, new FileStreamOptions { Mode = System.IO.FileMode.OpenOrCreate, Access = FileAccess.Write, UnixCreateMode = FileMode }))
        {
        }

        File.SetUnixFileMode(path, FileMode);
    }

    /// <summary>Makes <paramref name="path"/> 0600 if it exists.</summary>
    public static void RestrictIfExists(string path)
    {
        if (!OperatingSystem.IsWindows() && File.Exists(path))
        {
            File.SetUnixFileMode(path, FileMode);
        }
    }
}
