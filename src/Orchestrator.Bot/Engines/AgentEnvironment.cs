using Microsoft.Extensions.Options;
using Orchestrator.Agents.Codex;
using Orchestrator.Agents.Processes;
using Orchestrator.Bot.Telegram;

namespace Orchestrator.Bot.Engines;

/// <summary>
/// The environment policy of the bot's agent processes: the basics, the engines' sign-in variables,
/// <c>Agents:PassEnvironment</c>, and for Codex the <c>env_key</c> of each model provider in its <c>config.toml</c>; the
/// bot token never, under any name.
/// </summary>
public sealed class AgentEnvironment(IOptions<AgentsOptions> agents, IOptions<TelegramOptions> telegram)
{
    /// <summary>The policy every engine starts from.</summary>
    public EnvironmentPolicy Policy =>
        EnvironmentPolicy.Default
            .WithPassedNames(agents.Value.PassEnvironment)
            .WithSecretValues([telegram.Value.BotToken]);

    /// <summary>An ACP engine's policy: <see cref="Policy"/> plus its own variable prefixes (Copilot: <c>COPILOT_</c>).</summary>
    public EnvironmentPolicy ForAcp(AcpAgentOptions agent) => Policy.WithPassedPrefixes(agent.PassEnvironmentPrefixes);

    /// <summary>The environment an ACP engine's process gets (for the start-up check).</summary>
    public IEnumerable<KeyValuePair<string, string>> ForAcpProcess(AcpAgentOptions agent) =>
        ForAcp(agent).ApplyToCurrentProcess(agent.Environment.Select(v => new KeyValuePair<string, string?>(v.Key, string.IsNullOrEmpty(v.Value) ? null : v.Value)));

    /// <summary>
    /// The Codex policy: <see cref="Policy"/> plus the <c>env_key</c>s of <c>$CODEX_HOME/config.toml</c>, where
    /// <c>CODEX_HOME</c> (and <c>HOME</c>, for the default <c>~/.codex</c>) are taken from <c>Codex:Environment</c> first.
    /// </summary>
    public EnvironmentPolicy ForCodex(IReadOnlyDictionary<string, string> configured)
    {
        var codexHome = CodexConfigEnvKeys.CodexHome(
            configured.GetValueOrDefault("CODEX_HOME") ?? Environment.GetEnvironmentVariable("CODEX_HOME"),
            configured.GetValueOrDefault("HOME") ?? Environment.GetEnvironmentVariable("HOME"));
        return Policy.WithPassedNames(CodexConfigEnvKeys.Read(codexHome));
    }
}
