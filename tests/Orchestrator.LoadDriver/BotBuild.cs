namespace Orchestrator.LoadDriver;

/// <summary>Where the bot's own build output is: <c>src/Orchestrator.Bot/bin/{configuration}/{tfm}/Orchestrator.Bot.dll</c>.</summary>
internal static class BotBuild
{
    /// <summary>
    /// <paramref name="explicitPath"/> when given, else the bot built with the same configuration as this driver
    /// (Release driver → Release bot). Null with a reason when it is not there.
    /// </summary>
    public static (string? Path, string? Problem) Locate(string? explicitPath)
    {
        if (!string.IsNullOrEmpty(explicitPath))
        {
            var full = System.IO.Path.GetFullPath(explicitPath);
            return File.Exists(full) ? (full, null) : (null, $"--bot {full}: no such file.");
        }

        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar));
        var tfm = output.Name;
        var configuration = output.Parent?.Name ?? "Release";
        for (var dir = output; dir is not null; dir = dir.Parent)
        {
            var project = System.IO.Path.Combine(dir.FullName, "src", "Orchestrator.Bot");
            if (Directory.Exists(project))
            {
                var dll = System.IO.Path.Combine(project, "bin", configuration, tfm, "Orchestrator.Bot.dll");
                return File.Exists(dll)
                    ? (dll, null)
                    : (null, $"{dll} not found: build the bot first (dotnet build -c {configuration} src/Orchestrator.Bot) or pass --bot PATH.");
            }
        }

        return (null, "src/Orchestrator.Bot not found above the driver's folder: pass --bot PATH/Orchestrator.Bot.dll.");
    }
}
