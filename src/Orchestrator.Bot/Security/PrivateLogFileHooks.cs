using System.Text;
using Serilog.Sinks.File;

namespace Orchestrator.Bot.Security;

/// <summary>Each log file the file sink opens is made 0600 (its folder 0700): logs name users, chats and prompts.</summary>
public sealed class PrivateLogFileHooks : FileLifecycleHooks
{
    public override Stream OnFileOpened(string path, Stream underlyingStream, Encoding encoding)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, PrivateFiles.FileMode);
            if (Path.GetDirectoryName(path) is { Length: > 0 } folder)
            {
                File.SetUnixFileMode(folder, PrivateFiles.FolderMode);
            }
        }

        return base.OnFileOpened(path, underlyingStream, encoding);
    }
}
