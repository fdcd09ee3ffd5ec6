using Orchestrator.Agents.Processes;

namespace Orchestrator.Agents.Codex;

/// <summary>How <see cref="CodexEngine"/> runs <c>codex app-server</c>.</summary>
public sealed class CodexEngineOptions
{
    /// <summary>The codex executable (path or name on PATH).</summary>
    public string Command { get; set; } = "codex";

    /// <summary>Arguments appended after <c>app-server</c> (e.g. <c>-c key=value</c>).</summary>
    public IList<string> ExtraArguments { get; } = [];

    /// <summary>Environment variables for the app-server process (e.g. <c>CODEX_HOME</c>); a null value removes the variable.</summary>
    public IDictionary<string, string?> EnvironmentVariables { get; } = new Dictionary<string, string?>();

    /// <summary>
    /// Which of the bot's environment variables app-server (and so the agent's shell commands) may see; the
    /// <see cref="EnvironmentVariables"/> are added on top, minus anything the policy never passes.
    /// </summary>
    public EnvironmentPolicy EnvironmentPolicy { get; set; } = EnvironmentPolicy.Default;

    /// <summary>How long the handshake (process start + initialize) may take.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long any request to the app-server (<c>thread/start</c>, <c>turn/start</c>, <c>turn/interrupt</c>...) may go
    /// unanswered. These answer at once; a turn itself streams as notifications and is not limited. A request left
    /// unanswered means the app-server hangs: it is killed, running turns fail, and the next use restarts it.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long the app-server gets to exit on shutdown before its process tree is killed.</summary>
    public TimeSpan ShutdownGracePeriod { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The longest wait before restarting an app-server that keeps dying.</summary>
    public TimeSpan MaxRestartDelay { get; set; } = TimeSpan.FromSeconds(10);
}
