using System.Text.Json.Nodes;

namespace Orchestrator.Testing.OpenAi;

/// <summary>One scripted answer of <see cref="FakeResponsesServer"/>.</summary>
public abstract record FakeResponse
{
    /// <summary>An assistant message streamed as <paramref name="deltaCount"/> roughly equal deltas.</summary>
    public static TextResponse Text(string text, int deltaCount = 1) => new(Split(text, deltaCount));

    /// <summary>An assistant message streamed as exactly these deltas.</summary>
    public static TextResponse Streamed(params string[] deltas) => new(deltas);

    /// <summary>
    /// A call of Codex's <c>exec_command</c> tool. It asks Codex to wait up to 30 s for the command (the maximum) and to
    /// skip the login shell, so a slow machine still reports the command's completion in the same turn.
    /// </summary>
    /// <param name="workdir">Where the command runs; null: in the turn's own folder (a coding session's worktree).</param>
    public static FunctionCallResponse ExecCommand(string cmd, string? workdir, string? sandboxPermissions = "require_escalated", string justification = "The test needs it.")
    {
        var arguments = new JsonObject { ["cmd"] = cmd };
        if (workdir is not null)
        {
            arguments["workdir"] = workdir;
        }

        arguments["login"] = false;
        arguments["yield_time_ms"] = 30000;
        if (sandboxPermissions is not null)
        {
            arguments["sandbox_permissions"] = sandboxPermissions;
            arguments["justification"] = justification;
        }

        return new FunctionCallResponse("exec_command", arguments.ToJsonString());
    }

    /// <summary>An HTTP error with an OpenAI-style error body.</summary>
    public static ErrorResponse HttpError(int statusCode, string message) => new(statusCode, message);

    private static string[] Split(string text, int count)
    {
        count = Math.Clamp(count, 1, Math.Max(1, text.Length));
        var size = (int)Math.Ceiling(text.Length / (double)count);
        return [.. Enumerable.Range(0, count).Select(i => text.Substring(Math.Min(i * size, text.Length), Math.Max(0, Math.Min(size, text.Length - (i * size))))).Where(s => s.Length > 0)];
    }
}

/// <summary>A streamed assistant message.</summary>
/// <param name="Deltas">The pieces, in order; their concatenation is the message text.</param>
public sealed record TextResponse(IReadOnlyList<string> Deltas) : FakeResponse
{
    /// <summary>Awaited before sending delta <c>i</c> (pacing, or a gate the test opens). The token fires when the client cuts the stream.</summary>
    public Func<int, CancellationToken, Task>? BeforeDelta { get; init; }

    /// <summary>Pauses <paramref name="delay"/> before every delta after the first.</summary>
    public TextResponse WithPacing(TimeSpan delay) => this with { BeforeDelta = (i, ct) => i == 0 ? Task.CompletedTask : Task.Delay(delay, ct) };

    /// <summary>Holds delta <paramref name="index"/> (and the rest) until <paramref name="gate"/> completes.</summary>
    public TextResponse WithGateBefore(int index, Task gate) => this with { BeforeDelta = (i, ct) => i == index ? gate.WaitAsync(ct) : Task.CompletedTask };

    public string FullText => string.Concat(Deltas);
}

/// <summary>A function call output item (e.g. <c>exec_command</c>).</summary>
public sealed record FunctionCallResponse(string Name, string Arguments) : FakeResponse;

/// <summary>An HTTP error instead of a stream.</summary>
public sealed record ErrorResponse(int StatusCode, string Message) : FakeResponse;
