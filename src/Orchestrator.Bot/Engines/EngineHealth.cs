using System.Collections.Concurrent;

namespace Orchestrator.Bot.Engines;

/// <summary>A configured engine command that failed the start-up check (<see cref="EnginePreflight"/>).</summary>
/// <param name="Setting">The setting naming the command, e.g. <c>Codex:Command</c>.</param>
public sealed record EngineProblem(string Setting, string Command, string Problem)
{
    public override string ToString() => $"{Setting} '{Command}' cannot be used: {Problem}";
}

/// <summary>What the start-up check found about the engine commands; <c>/status</c> shows it.</summary>
public sealed class EngineHealth
{
    private readonly ConcurrentDictionary<string, EngineProblem> _problems = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _checked = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The problems found, by setting name.</summary>
    public IReadOnlyList<EngineProblem> Problems => [.. _problems.Values.OrderBy(p => p.Setting, StringComparer.Ordinal)];

    /// <summary>Completes when every engine command has been checked.</summary>
    public Task Checked => _checked.Task;

    internal void Report(EngineProblem problem) => _problems[problem.Setting] = problem;

    internal void MarkChecked() => _checked.TrySetResult();
}
