using System.Globalization;

namespace Orchestrator.LoadDriver;

/// <summary>
/// The executable the bot gets as <c>Codex:Command</c> (it must be one path; the bot appends <c>app-server</c>):
/// a shell script that runs this driver in <c>fake-app-server</c> mode. The bot's own <c>--bot-env</c> variables are
/// removed so that GC experiments on the bot do not change the fake.
/// </summary>
internal static class FakeAppServerScript
{
    /// <summary>Text in the fake's command line that identifies it as this run's (the work folder).</summary>
    public static string Marker(string work) => $"fake-app-server --records {Path.Combine(work, "turns")}";

    public static string Write(string work, StreamProcessOptions options, string records)
    {
        var driver = Path.Combine(AppContext.BaseDirectory, "Orchestrator.LoadDriver.dll");
        var unset = string.Concat(options.BotEnvironment.Keys.Select(k => $"-u {Quote(k)} "));
        var script = Path.Combine(work, "fake-codex");
        File.WriteAllText(script, string.Create(CultureInfo.InvariantCulture, $"""
            #!/bin/sh
            # Orchestrator.LoadDriver stream-process: a fake `codex app-server` (the bot runs "<this script> app-server").
            exec env {unset}dotnet {Quote(driver)} fake-app-server --records {Quote(records)} --rate {options.Rate} --seconds {options.Duration.TotalSeconds:0}

            """));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return script;
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
