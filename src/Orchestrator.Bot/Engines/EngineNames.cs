using Microsoft.Extensions.Options;

namespace Orchestrator.Bot.Engines;

/// <summary>The engines an agent may use: <c>codex</c>, <c>claude</c> and every configured ACP agent (<c>copilot</c>...).</summary>
public sealed class EngineNames(IOptions<AcpEnginesOptions> acp)
{
    public const string Codex = "codex";
    public const string Claude = "claude";

    public IReadOnlyList<string> All => [Codex, Claude, .. acp.Value.Names];

    public bool IsKnown(string name) => All.Contains(name, StringComparer.Ordinal);

    public bool IsAcp(string name) => acp.Value.Agents.ContainsKey(name);

    /// <summary>"codex, claude or copilot".</summary>
    public string Listed => All.Count == 1 ? All[0] : string.Join(", ", All.Take(All.Count - 1)) + " or " + All[^1];

    /// <summary>"codex|claude|copilot", for usage lines.</summary>
    public string Alternatives => string.Join('|', All);
}
