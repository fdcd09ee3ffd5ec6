using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Orchestrator.Agents.Processes;

/// <summary>
/// An immutable description of a process to run (in the spirit of CliWrap's <c>Command</c>): target, argument list
/// (passed one by one, never joined into a string), environment variables and working directory.
/// Every <c>With...</c> method returns a new command.
/// </summary>
public sealed record ProcessCommand
{
    public ProcessCommand(string targetFilePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(targetFilePath);
        TargetFilePath = targetFilePath;
    }

    /// <summary>The executable (a path, or a name looked up on PATH).</summary>
    public string TargetFilePath { get; init; }

    /// <summary>The arguments, each passed verbatim to the process.</summary>
    public ImmutableArray<string> Arguments { get; init; } = [];

    /// <summary>Variables set (or, with a null value, removed) in the child's environment.</summary>
    public ImmutableDictionary<string, string?> EnvironmentVariables { get; init; } = ImmutableDictionary<string, string?>.Empty;

    /// <summary>False: the child starts with an empty environment plus <see cref="EnvironmentVariables"/> only.</summary>
    public bool InheritsEnvironment { get; init; } = true;

    /// <summary>The child's working directory, or null for the current one.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Replaces the argument list.</summary>
    public ProcessCommand WithArguments(IEnumerable<string> arguments) => this with { Arguments = [.. arguments] };

    /// <summary>Replaces the argument list.</summary>
    public ProcessCommand WithArguments(params string[] arguments) => this with { Arguments = [.. arguments] };

    /// <summary>Appends arguments.</summary>
    public ProcessCommand AddArguments(IEnumerable<string> arguments) => this with { Arguments = Arguments.AddRange(arguments) };

    /// <summary>Sets (or with null removes) one environment variable.</summary>
    public ProcessCommand WithEnvironmentVariable(string name, string? value) =>
        this with { EnvironmentVariables = EnvironmentVariables.SetItem(name, value) };

    /// <summary>Sets several environment variables.</summary>
    public ProcessCommand WithEnvironmentVariables(IEnumerable<KeyValuePair<string, string?>> variables) =>
        this with { EnvironmentVariables = EnvironmentVariables.SetItems(variables) };

    /// <summary>The child gets exactly these variables and nothing of this process's environment (see <see cref="EnvironmentPolicy"/>).</summary>
    public ProcessCommand WithOnlyEnvironment(IEnumerable<KeyValuePair<string, string>> variables) => this with
    {
        InheritsEnvironment = false,
        EnvironmentVariables = ImmutableDictionary<string, string?>.Empty.SetItems(variables.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))),
    };

    public ProcessCommand WithWorkingDirectory(string? workingDirectory) => this with { WorkingDirectory = workingDirectory };

    /// <summary>Starts the process with stdin, stdout and stderr redirected.</summary>
    /// <param name="logger">Receives the process's stderr lines (debug level) and lifecycle messages.</param>
    /// <param name="output">Stdout as decoded lines (default) or as raw bytes.</param>
    /// <exception cref="ProcessStartException">The executable could not be started.</exception>
    public RunningProcess Start(ILogger? logger = null, ProcessOutputMode output = ProcessOutputMode.Lines)
    {
        var info = new ProcessStartInfo(TargetFilePath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardOutputEncoding = RunningProcess.Utf8,
            StandardErrorEncoding = RunningProcess.Utf8,
            StandardInputEncoding = RunningProcess.Utf8,
        };
        foreach (var argument in Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (!InheritsEnvironment)
        {
            info.Environment.Clear();
        }

        foreach (var (name, value) in EnvironmentVariables)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        if (WorkingDirectory is not null)
        {
            info.WorkingDirectory = WorkingDirectory;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        try
        {
            if (!process.Start())
            {
                throw new ProcessStartException($"Could not start '{TargetFilePath}'.");
            }
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            process.Dispose();
            throw new ProcessStartException($"Could not start '{TargetFilePath}': {ex.Message}", ex);
        }

        return new RunningProcess(process, Path.GetFileName(TargetFilePath), logger ?? NullLogger.Instance, output);
    }

    public override string ToString() => string.Join(' ', [TargetFilePath, .. Arguments]);
}
