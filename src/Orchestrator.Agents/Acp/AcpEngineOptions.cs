using Orchestrator.Agents.Processes;

namespace Orchestrator.Agents.Acp;

/// <summary>
/// How <see cref="AcpEngine"/> runs one Agent Client Protocol agent (GitHub Copilot CLI, Gemini CLI, OpenCode...):
/// everything agent-specific is here, so another ACP agent needs configuration, not code.
/// </summary>
public sealed class AcpEngineOptions
{
    /// <summary>The engine's name (<c>copilot</c>): what <c>/agent new NAME ENGINE</c> takes and agents store.</summary>
    public string Name { get; set; } = "copilot";

    /// <summary>The agent executable (path or name on PATH).</summary>
    public string Command { get; set; } = "copilot";

    /// <summary>The arguments that make it speak ACP over stdio (Copilot: <c>--acp --stdio</c>).</summary>
    public IList<string> Arguments { get; } = [];

    /// <summary>
    /// The option that sets the model on the command line (Copilot: <c>--model</c>), followed by the agent's model when it
    /// has one. Empty: the model cannot be chosen per agent (the agent's own configuration decides).
    /// </summary>
    public string? ModelArgument { get; set; } = "--model";

    /// <summary>Environment variables for the agent process; a null value removes an inherited variable.</summary>
    public IDictionary<string, string?> EnvironmentVariables { get; } = new Dictionary<string, string?>();

    /// <summary>
    /// Which of the bot's environment variables the agent (and so its shell tools) may see; the
    /// <see cref="EnvironmentVariables"/> are added on top, minus anything the policy never passes.
    /// </summary>
    public EnvironmentPolicy EnvironmentPolicy { get; set; } = EnvironmentPolicy.Default;

    /// <summary>How long the start (process + <c>initialize</c>) may take.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long a request other than <c>session/prompt</c> (<c>session/new</c>, <c>session/load</c>) may go unanswered:
    /// then the agent counts as hung, its process is killed and the turn fails with that reason. A prompt streams and has
    /// no limit; after <c>session/cancel</c> it must end within this time too, or the turn ends interrupted anyway.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A session's process is stopped after this long without a turn; the next turn starts one and loads the session.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// At most this many sessions have a process at once: a new one first stops the least recently used idle one (it
    /// loads its session again on its next turn); if none is idle, the turn is refused.
    /// </summary>
    public int MaxProcesses { get; set; } = 4;

    /// <summary>How long a process gets to exit after stdin is closed and SIGTERM sent, before its group is killed.</summary>
    public TimeSpan ShutdownGracePeriod { get; set; } = TimeSpan.FromSeconds(3);
}
