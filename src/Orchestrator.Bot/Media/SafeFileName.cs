using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.Bot.Media;

/// <summary>
/// Turns an id from outside (a Telegram file id, an agent id) into a file or folder name that cannot leave its folder:
/// only <c>A-Z a-z 0-9 _ -</c> are kept. A name that had to be changed (or shortened, or is a Windows device name) gets
/// a hash of the original, so two different ids never share a name.
/// </summary>
public static class SafeFileName
{
    private const int MaxLength = 100;

    private static readonly HashSet<string> DeviceNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL",
        "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    public static string From(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var safe = new StringBuilder(Math.Min(id.Length, MaxLength));
        foreach (var c in id.AsSpan(0, Math.Min(id.Length, MaxLength)))
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_');
        }

        var name = safe.ToString();
        if (name == id && !DeviceNames.Contains(name) && name.Length > 0)
        {
            return name;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..16];
        return name.Length == 0 ? hash : $"{name}-{hash}";
    }

    /// <summary>
    /// <paramref name="folder"/>/<paramref name="name"/> as a full path, checked to be directly inside the folder.
    /// Throws <see cref="InvalidOperationException"/> otherwise (defence in depth: names from <see cref="From"/> always pass).
    /// </summary>
    public static string PathUnder(string folder, string name)
    {
        var root = Path.GetFullPath(folder);
        var full = Path.GetFullPath(Path.Combine(root, name));
        if (!string.Equals(Path.GetDirectoryName(full), root.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar), StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Refusing to write outside the images folder: '{name}'.");
        }

        return full;
    }
}
