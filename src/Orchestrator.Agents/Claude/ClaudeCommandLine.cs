using Orchestrator.Agents.Processes;

namespace Orchestrator.Agents.Claude;

/// <summary>Builds the <c>claude -p</c> stream-json launch of one session.</summary>
public static class ClaudeCommandLine
{
    /// <summary>The launch for <paramref name="sessionId"/>: a new conversation (<c>--session-id</c>) or a resumed one (<c>--resume</c>).</summary>
    public static ProcessCommand Build(ClaudeEngineOptions engine, AgentSessionOptions session, string sessionId, bool resume)
    {
        List<string> arguments =
        [
            "-p",
            "--input-format", "stream-json",
            "--output-format", "stream-json",
            "--verbose",
            "--include-partial-messages",
            "--permission-mode", session.PermissionMode ?? engine.PermissionMode,
            "--permission-prompt-tool", "stdio",
        ];
        if (!string.IsNullOrWhiteSpace(session.Model))
        {
            arguments.AddRange(["--model", session.Model]);
        }

        if (!string.IsNullOrWhiteSpace(session.Persona))
        {
            arguments.AddRange(["--append-system-prompt", session.Persona]);
        }

        if (!string.IsNullOrWhiteSpace(engine.SettingSources))
        {
            arguments.AddRange(["--setting-sources", engine.SettingSources]);
        }

        arguments.AddRange(resume ? ["--resume", sessionId] : ["--session-id", sessionId]);
        arguments.AddRange(engine.ExtraArguments);
        return new ProcessCommand(engine.Command)
            .WithArguments(arguments)
            .WithOnlyEnvironment(engine.EnvironmentPolicy.ApplyToCurrentProcess(engine.EnvironmentVariables))
            .WithWorkingDirectory(session.WorkingDirectory);
    }
}
