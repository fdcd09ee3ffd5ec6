using Orchestrator.Agents.Processes;

namespace Orchestrator.Agents.Claude;

/// <summary>How <see cref="ClaudeEngine"/> runs the Claude Code CLI.</summary>
public sealed class ClaudeEngineOptions
{
    /// <summary>The claude executable (path or name on PATH).</summary>
    public string Command { get; set; } = "claude";

    /// <summary>Arguments appended to every launch (e.g. <c>--add-dir</c>, <c>--settings</c>).</summary>
    public IList<string> ExtraArguments { get; } = [];

    /// <summary>
    /// Environment variables for the CLI (e.g. <c>ANTHROPIC_BASE_URL</c>, <c>ANTHROPIC_API_KEY</c>, <c>HOME</c>,
    /// <c>DISABLE_TELEMETRY</c>); a null value removes an inherited variable.
    /// </summary>
    public IDictionary<string, string?> EnvironmentVariables { get; } = new Dictionary<string, string?>();

    /// <summary>
    /// Which of the bot's environment variables the CLI (and so the agent's Bash commands) may see; the
    /// <see cref="EnvironmentVariables"/> are added on top, minus anything the policy never passes.
    /// </summary>
    public EnvironmentPolicy EnvironmentPolicy { get; set; } = EnvironmentPolicy.Default;

    /// <summary>
    /// The <c>--setting-sources</c> (comma-separated <c>user</c>, <c>project</c>, <c>local</c>). Default <c>user</c>: a
    /// repository's own <c>.claude/settings*.json</c> (hooks, allow rules) is not loaded. Empty: the CLI's default (all).
    /// </summary>
    public string SettingSources { get; set; } = "user";

    /// <summary>
    /// At most this many sessions have a process at once: a new one first stops the least recently used idle one
    /// (which resumes on its next turn); if none is idle, the turn is refused with <see cref="ClaudeBusyException"/>.
    /// </summary>
    public int MaxProcesses { get; set; } = 4;

    /// <summary>The <c>--permission-mode</c> (<c>default</c>: every tool use that needs permission is asked).</summary>
    public string PermissionMode { get; set; } = "default";

    /// <summary>A session's process is stopped after this long without a turn, and resumed on the next one.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a process may take to start and answer the <c>initialize</c> handshake.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a process gets to exit after stdin is closed and SIGTERM sent, before its tree is killed.</summary>
    public TimeSpan ShutdownGracePeriod { get; set; } = TimeSpan.FromSeconds(3);
}
