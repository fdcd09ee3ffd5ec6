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
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

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
