using System.Diagnostics;
using System.Text;

namespace Orchestrator.Cli.Tests.Harness;

/// <summary>What one run of orch printed, and its exit code.</summary>
public sealed record OrchResult(int ExitCode, string Output, string Error);

/// <summary>Runs the real <c>orch</c> (the CLI project's build output, with <c>dotnet</c>) against an API.</summary>
public sealed class Orch(Uri url, string? token)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    /// <summary>The CLI's build of the same configuration as these tests.</summary>
    public static string Dll { get; } = FindDll();

    public async Task<OrchResult> RunAsync(params string[] args)
    {
        using var process = Start(args);
        return await CompleteAsync(process, args);
    }

    /// <summary>Runs orch with <paramref name="stdin"/> as its (piped, not a terminal) standard input.</summary>
    public async Task<OrchResult> RunWithInputAsync(string stdin, params string[] args)
    {
        using var process = Start(args);
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        return await CompleteAsync(process, args);
    }

    /// <summary>What the run printed once it ended; a run past <see cref="Timeout"/> is killed and fails the test.</summary>
    private static async Task<OrchResult> CompleteAsync(Process process, string[] args)
    {
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"orch {string.Join(' ', args)} did not end within {Timeout}: {await error}");
        }

        return new OrchResult(process.ExitCode, await output, await error);
    }

    public Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Start(start);
    }

    /// <summary>
    /// Starts orch in a pseudo-terminal (util-linux <c>script</c>), as a person at a terminal runs it: its input is a
    /// terminal, so it may ask; what the test writes to <see cref="Process.StandardInput"/> is typed into it, and its
    /// output (stdout and stderr together) comes out of <see cref="Process.StandardOutput"/>.
    /// </summary>
    public Process StartInTerminal(params string[] args)
    {
        var command = string.Join(' ', new[] { "dotnet", Dll }.Concat(args).Select(a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
        var start = new ProcessStartInfo("script")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var arg in new[] { "--quiet", "--return", "--flush", "--command", command, "/dev/null" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["TERM"] = "xterm";
        // Spectre.Console treats a CI server as never interactive; a person's terminal has none of these.
        foreach (var ci in new[] { "CI", "CONTINUOUS_INTEGRATION", "GITHUB_ACTIONS", "TF_BUILD", "GITLAB_CI", "JENKINS_URL", "TRAVIS", "APPVEYOR", "TEAMCITY_VERSION", "BITBUCKET_BUILD_NUMBER", "BUILD_BUILDID" })
        {
            start.Environment.Remove(ci);
        }

        return Start(start);
    }

    private Process Start(ProcessStartInfo start)
    {
        start.Environment["ORCH_URL"] = url.ToString();
        if (token is null)
        {
            start.Environment.Remove("ORCH_TOKEN");
        }
        else
        {
            start.Environment["ORCH_TOKEN"] = token;
        }

        start.Environment["NO_COLOR"] = "1";
        return Process.Start(start)!;
    }

    private static string FindDll()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = here.Parent!.Name; // bin/<Configuration>/net10.0
        var root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Orchestrator.Bot.sln")))
        {
            root = root.Parent;
        }

        var dll = Path.Combine(root!.FullName, "src", "Orchestrator.Cli", "bin", configuration, "net10.0", "orch.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build src/Orchestrator.Cli first.", dll);
    }
}
