using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Orchestrator.Bot.Engines;

/// <summary>
/// The <c>Engines:Acp</c> section: one entry per Agent Client Protocol agent, by engine name
/// (<c>Engines:Acp:copilot</c>, <c>Engines:Acp:gemini</c>...). Copilot is always there (its defaults below apply to
/// whatever the configuration leaves out); any other entry is a further engine, configured, not coded.
/// </summary>
public sealed partial class AcpEnginesOptions
{
    public const string Section = "Engines:Acp";

    /// <summary>The built-in instance.</summary>
    public const string Copilot = "copilot";

    /// <summary>The engines by name.</summary>
    public Dictionary<string, AcpAgentOptions> Agents { get; } = new(StringComparer.Ordinal);

    /// <summary>The configured names, Copilot first.</summary>
    public IReadOnlyList<string> Names => [.. Agents.Keys.OrderBy(n => n == Copilot ? 0 : 1).ThenBy(n => n, StringComparer.Ordinal)];

    /// <summary>What an ACP engine may be called (it ends up in commands and button data).</summary>
    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    /// <summary>Fills in Copilot's defaults (and adds Copilot when the section does not mention it).</summary>
    internal void ApplyDefaults()
    {
        if (!Agents.TryGetValue(Copilot, out var copilot))
        {
            copilot = new AcpAgentOptions();
            Agents[Copilot] = copilot;
        }

        if (string.IsNullOrWhiteSpace(copilot.Command))
        {
            copilot.Command = "copilot";
        }

        if (copilot.Arguments.Count == 0)
        {
            copilot.Arguments.AddRange(["--acp", "--stdio"]);
        }

        copilot.ModelArgument ??= "--model";
        if (copilot.PassEnvironmentPrefixes.Count == 0)
        {
            copilot.PassEnvironmentPrefixes.Add("COPILOT_");
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9_-]{0,19}$")]
    private static partial Regex NamePattern();
}

/// <summary>One ACP agent: <c>Engines:Acp:NAME</c>.</summary>
public sealed class AcpAgentOptions
{
    /// <summary>The executable: a name on PATH or a path.</summary>
    public string Command { get; set; } = "";

    /// <summary>The arguments that make it speak ACP on stdio (Copilot: <c>--acp</c>, <c>--stdio</c>).</summary>
    public List<string> Arguments { get; set; } = [];

    /// <summary>The option that sets the model (Copilot: <c>--model</c>); empty: <c>/model</c> choices are not passed.</summary>
    public string? ModelArgument { get; set; }

    /// <summary>Extra environment variables for the agent; an empty value removes an inherited variable.</summary>
    public Dictionary<string, string> Environment { get; set; } = [];

    /// <summary>Prefixes of the bot's environment variables the agent may see (Copilot: <c>COPILOT_</c>).</summary>
    public List<string> PassEnvironmentPrefixes { get; set; } = [];

    /// <summary>The models <c>/model</c> offers (ACP has no model list the bot can rely on); any name can still be typed.</summary>
    public List<string> Models { get; set; } = [];

    /// <summary>
    /// How long starting the agent (process + <c>initialize</c>) may take. Copilot unpacks itself into <c>~/.copilot</c> on
    /// its first run, which took over a minute on a loaded machine.
    /// </summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a request other than a prompt may go unanswered before the agent counts as hung.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A session's process is stopped after this long without a turn (and loads the session again on the next one).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>At most this many sessions of this engine have a process at once.</summary>
    public int MaxProcesses { get; set; } = 4;
}

internal sealed class AcpEnginesOptionsValidator : IValidateOptions<AcpEnginesOptions>
{
    public ValidateOptionsResult Validate(string? name, AcpEnginesOptions options)
    {
        var errors = new List<string>();
        foreach (var (engine, agent) in options.Agents)
        {
            var key = $"{AcpEnginesOptions.Section}:{engine}";
            if (!AcpEnginesOptions.IsValidName(engine) || engine is "codex" or "claude")
            {
                errors.Add($"{key}: '{engine}' cannot be an engine name (lower-case letters, digits, - and _, up to 20, starting with a letter; not codex or claude).");
                continue;
            }

            if (string.IsNullOrWhiteSpace(agent.Command))
            {
                errors.Add($"{key}:Command must name the agent's executable.");
            }

            if (agent.RequestTimeout < TimeSpan.FromSeconds(1) || agent.RequestTimeout > TimeSpan.FromMinutes(30))
            {
                errors.Add($"{key}:RequestTimeout must be between 00:00:01 and 00:30:00 (default 00:01:00).");
            }

            if (agent.StartTimeout < TimeSpan.FromSeconds(1) || agent.StartTimeout > TimeSpan.FromMinutes(30))
            {
                errors.Add($"{key}:StartTimeout must be between 00:00:01 and 00:30:00 (default 00:02:00).");
            }

            if (agent.IdleTimeout <= TimeSpan.Zero)
            {
                errors.Add($"{key}:IdleTimeout must be positive (e.g. 00:10:00).");
            }

            if (agent.MaxProcesses is < 1 or > 100)
            {
                errors.Add($"{key}:MaxProcesses must be between 1 and 100, got {agent.MaxProcesses}.");
            }

            foreach (var variable in agent.Environment.Keys.Where(v => !EnvironmentNames.IsValid(v)))
            {
                errors.Add($"{key}:Environment: '{variable}' is not an environment variable name.");
            }

            foreach (var prefix in agent.PassEnvironmentPrefixes)
            {
                // A short prefix would pass half the environment ("A" → ANTHROPIC_*, AWS_*...): an engine's own prefix is
                // its name and an underscore.
                if (string.IsNullOrWhiteSpace(prefix) || prefix.Length < 3 || !EnvironmentNames.IsValid(prefix) || !prefix.EndsWith('_'))
                {
                    errors.Add($"{key}:PassEnvironmentPrefixes: '{prefix}' is not a variable prefix (at least 3 characters, letters, digits and _, ending in _, e.g. COPILOT_).");
                }
                else if (Orchestrator.Agents.Processes.EnvironmentPolicy.IsForbiddenName(prefix) || "Telegram__ Access__ Web__".Split(' ').Any(f => f.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
                {
                    errors.Add($"{key}:PassEnvironmentPrefixes: '{prefix}' would pass the bot's own settings (Telegram__*, Access__*, Web__*), which never reach agents.");
                }
            }

            foreach (var model in agent.Models.Where(m => !ModelNames.IsValid(m)))
            {
                errors.Add($"{key}:Models: '{model}' is not a model name (letters, digits and . _ - : / [ ], up to 64).");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
