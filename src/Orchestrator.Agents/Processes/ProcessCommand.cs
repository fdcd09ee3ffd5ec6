using System.Collections.Immutable;
using CliWrap;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Orchestrator.Agents.Processes;

/// <summary>
/// An immutable description of a process to run (turned into a CliWrap <c>Command</c> at start): target, argument list
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
        logger ??= NullLogger.Instance;
        var (fileName, arguments, ownGroup) = ResolveLaunch(logger);

        // CliWrap's immutable command; a null value removes an inherited variable (so a cleared environment is every
        // inherited name mapped to null, plus the allowed ones).
        var command = Cli.Wrap(fileName)
            .WithArguments(arguments)
            .WithEnvironmentVariables(ChildEnvironment())
            .WithValidation(CommandResultValidation.None);
        if (WorkingDirectory is not null)
        {
            command = command.WithWorkingDirectory(WorkingDirectory);
        }

        return RunningProcess.Start(command, Path.GetFileName(TargetFilePath), logger, output, ownGroup);
    }

    /// <summary>
    /// What is actually started: the target in a process group of its own (<see cref="ProcessGroupLauncher"/>) when
    /// available, the target itself otherwise.
    /// </summary>
    private (string FileName, IReadOnlyList<string> Arguments, bool OwnGroup) ResolveLaunch(ILogger logger)
    {
        if (!ProcessGroupLauncher.IsAvailable)
        {
            return (TargetFilePath, Arguments, false);
        }

        // Resolved here, with the child's PATH, so that a missing executable fails now rather than in the wrapper's exec.
        var path = EnvironmentVariables.TryGetValue("PATH", out var childPath) ? childPath ?? string.Empty
            : InheritsEnvironment ? null : string.Empty;
        var target = ExecutableLookup.Find(TargetFilePath, path)
            ?? throw new ProcessStartException($"Could not start '{TargetFilePath}': no such executable file.");
        return ProcessGroupLauncher.Wrap(target, Arguments, logger);
    }

    /// <summary>
    /// The changes CliWrap applies to this process's environment: <see cref="EnvironmentVariables"/>, and when the child
    /// does not inherit the environment, every other inherited variable removed (mapped to null).
    /// </summary>
    private IReadOnlyDictionary<string, string?> ChildEnvironment()
    {
        if (InheritsEnvironment)
        {
            return EnvironmentVariables;
        }

        var changes = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry inherited in Environment.GetEnvironmentVariables())
        {
            changes[(string)inherited.Key] = null;
        }

        foreach (var (name, value) in EnvironmentVariables)
        {
            changes[name] = value;
        }

        return changes;
    }

    public override string ToString() => string.Join(' ', [TargetFilePath, .. Arguments]);
}
