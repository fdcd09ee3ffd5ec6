using System.Diagnostics;

namespace Orchestrator.Bot.Tests.CodingSessions;

/// <summary>A real git repository for the tests: <c>main</c> with one commit of <c>shared.txt</c>.</summary>
internal static class GitRepository
{
    public static string Create(string parent, string name)
    {
        var path = Directory.CreateDirectory(Path.Combine(parent, name)).FullName;
        Run(path, "init", "-q", "-b", "main");
        Run(path, "config", "user.name", "Test");
        Run(path, "config", "user.email", "test@example.com");
        File.WriteAllText(Path.Combine(path, "shared.txt"), "base\n");
        Run(path, "add", "shared.txt");
        Run(path, "commit", "-q", "-m", "base");
        return path;
    }

    /// <summary>Runs git and returns its standard output; throws with stderr when it fails.</summary>
    public static string Run(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var git = Process.Start(start)!;
        var output = git.StandardOutput.ReadToEndAsync();
        var error = git.StandardError.ReadToEndAsync();
        if (!git.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            git.Kill(entireProcessTree: true);
            throw new TimeoutException("git " + string.Join(' ', arguments) + " did not finish");
        }

        return git.ExitCode == 0
            ? output.Result
            : throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {error.Result}");
    }
}
